import { createRequire } from 'node:module';
import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { densePagerank } from '../../src/nlp/graph.js';

const require = createRequire(import.meta.url);
// The implementation densePagerank restates (a dev dependency: only this test loads it).
const pagerank = require('graphology-metrics/centrality/pagerank') as (graph: UndirectedGraph, options: { getEdgeWeight: string }) => Record<string, number>;

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('densePagerank', () => {
  it('gives the ranks of graphology-metrics to the last bit, isolated nodes included', () => {
    const next = random(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + Math.floor(next() * 25);
      const density = next();
      const weights = new Float64Array(n * n);
      const graph = new UndirectedGraph();
      for (let i = 0; i < n; i++) graph.addNode(String(i));
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          if (next() > density) continue;
          const w = next() * 3 + 1e-3;
          weights[i * n + j] = weights[j * n + i] = w;
          graph.addEdge(String(i), String(j), { weight: w });
        }
      }
      if (graph.size === 0) continue;
      const expected = pagerank(graph, { getEdgeWeight: 'weight' });
      const ranks = densePagerank(weights, n);
      for (let i = 0; i < n; i++) expect(ranks[i], `trial ${trial}, node ${i}`).toBe(expected[String(i)]);
    }
  });

  it('ranks the hub of a star first and its leaves alike', () => {
    const n = 5;
    const weights = new Float64Array(n * n);
    for (let leaf = 1; leaf < n; leaf++) weights[leaf] = weights[leaf * n] = 1;
    const ranks = densePagerank(weights, n);
    expect(ranks[0]).toBeGreaterThan(ranks[1]!);
    for (let leaf = 2; leaf < n; leaf++) expect(ranks[leaf]).toBeCloseTo(ranks[1]!, 12);
    expect(ranks.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });
});
