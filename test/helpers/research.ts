import path from 'node:path';
import { ANALYSER_VERSION, analysePaper } from '../../agents/analyst/analyse-paper.js';
import type { Analyser } from '../../agents/analyst/node.js';
import { resolveSource } from '../../agents/fetcher/sources.js';
import type { ResearchDeps } from '../../graphs/research/graph.js';
import type { RunRequest } from '../../graphs/research/state.js';
import type { Library } from '../../db/index.js';
import { loadConfig } from '../../src/config.js';

/** The deterministic analyser the CLI uses. */
export const defaultAnalyser: Analyser = { version: ANALYSER_VERSION, analyse: analysePaper };

/** Research-graph dependencies for tests: real sources and agents, reports beside the library file. */
export function testDeps(library: Library, overrides: Partial<ResearchDeps> = {}): ResearchDeps {
  return {
    library,
    openSource: (spec) => resolveSource(spec, loadConfig({})),
    analyser: defaultAnalyser,
    reportDir: path.join(path.dirname(library.db.name), 'reports'),
    ...overrides,
  };
}

/** A run request with defaults for tests. */
export function request(overrides: Partial<RunRequest> = {}): RunRequest {
  return { query: 'GAN', source: 'sample', max: 100, since: null, until: null, categories: [], concurrency: 4, batchSize: 0, ...overrides };
}
