import path from 'node:path';
import { ANALYSER_VERSION, analysePaper } from '../../agents/analyst/analyse-paper.js';
import type { Analyser } from '../../agents/analyst/node.js';
import { resolveSource } from '../../agents/fetcher/sources.js';
import type { ResearchDeps } from '../../graphs/research/graph.js';
import type { RunRequest } from '../../graphs/research/state.js';
import type { Library } from '../../db/index.js';
import { loadConfig } from '../../src/config.js';
import { compileTaxonomy, type SkillMatcher } from '../../src/skills/match.js';
import { loadTaxonomy } from '../../src/skills/taxonomy.js';

let skills: SkillMatcher | undefined;

/** The default skill taxonomy, compiled once per test file. */
export function defaultSkills(): SkillMatcher {
  return (skills ??= compileTaxonomy(loadTaxonomy()));
}

/** The deterministic analyser the CLI uses. */
export const defaultAnalyser: Analyser = { version: ANALYSER_VERSION, analyse: analysePaper };

/** Research-graph dependencies for tests: real sources and agents, reports beside the library file. */
export function testDeps(library: Library, overrides: Partial<ResearchDeps> = {}): ResearchDeps {
  return {
    library,
    openSource: (spec) => resolveSource(spec, loadConfig({})),
    analyser: defaultAnalyser,
    reportDir: path.join(path.dirname(library.db.name), 'reports'),
    skills: defaultSkills(),
    ...overrides,
  };
}

/** A run request with defaults for tests. */
export function request(overrides: Partial<RunRequest> = {}): RunRequest {
  return { query: 'GAN', source: 'sample', max: 100, since: null, until: null, categories: [], concurrency: 4, batchSize: 0, ...overrides };
}
