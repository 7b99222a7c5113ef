import { createRequire } from 'node:module';
import type { AbstractGraph, Attributes } from 'graphology-types';

const require = createRequire(import.meta.url);

type PagerankOptions = { getEdgeWeight?: string | null; alpha?: number; maxIterations?: number; tolerance?: number };

/**
 * graphology-metrics' PageRank. The package ships CommonJS whose typings declare a default export that
 * NodeNext cannot see, so it is loaded through require and given its documented signature here.
 */
export const pagerank = require('graphology-metrics/centrality/pagerank') as <N extends Attributes, E extends Attributes>(
  graph: AbstractGraph<N, E>,
  options?: PagerankOptions,
) => Record<string, number>;

type LouvainOptions = { getEdgeWeight?: string | null; resolution?: number; rng?: () => number };

/** graphology-communities-louvain (CommonJS, loaded the same way): community index per node. */
export const louvain = require('graphology-communities-louvain') as <N extends Attributes, E extends Attributes>(
  graph: AbstractGraph<N, E>,
  options?: LouvainOptions,
) => Record<string, number>;
