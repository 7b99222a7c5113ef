import path from 'node:path';
import { createAdaptiveAnalyser } from '../../agents/analyst/pool.js';
import { openQueue, queueContext, QUEUES } from '../queue/connection.js';
import { createDistributedAnalyser } from '../queue/distributed.js';
import { resolveSource } from '../../agents/fetcher/sources.js';
import type { ResearchDeps } from '../../graphs/research/graph.js';
import { openLibrary, type Library } from '../../db/index.js';
import { loadConfig, withLlmOverrides, type Config, type LlmAgent } from '../config.js';
import { UsageError } from '../errors.js';
import { createLlmRuntime, llmEnabled } from '../llm/runtime.js';
import { loadPrices } from '../llm/usage.js';
import { compileTaxonomy, type SkillMatcher } from '../skills/match.js';
import { loadTaxonomy } from '../skills/taxonomy.js';
import { makeLogger, Progress } from './output.js';

/** Options every command shares. */
export type GlobalOptions = { db?: string; json?: boolean; quiet?: boolean; skills?: string };

/** The resolved configuration of one CLI invocation. */
export type CliContext = {
  config: Config;
  dbPath: string;
  log: (line: string) => void;
  json: boolean;
  quiet: boolean;
  /** The skill taxonomy (default merged with --skills or PAPERLOOM_SKILLS), compiled on first use. */
  skills: () => SkillMatcher;
};

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Reads the environment once and resolves --db / PAPERLOOM_DB / the per-user default. */
export function cliContext(options: GlobalOptions): CliContext {
  const config = loadConfig();
  return {
    config,
    dbPath: path.resolve(options.db ?? config.dbPath),
    log: makeLogger(!!options.quiet),
    json: !!options.json,
    quiet: !!options.quiet,
    skills: once(() => compileTaxonomy(loadTaxonomy(options.skills ?? config.skillsFile))),
  };
}

/** Opens the library; call only after every input has been validated, so bad input touches nothing. */
export function openContextLibrary(ctx: CliContext): Library {
  return openLibrary(ctx.dbPath);
}

/**
 * The research-graph wiring for one run that may analyse on worker processes: distributed when at
 * least `minWorkers` analysis workers are connected to Redis, else in this process. Call `close()` after.
 */
export async function distributedDeps(
  ctx: CliContext,
  library: Library,
  runId: string,
  options: { minWorkers: number; threads: number },
): Promise<ResearchDeps & { close(): Promise<void>; distributed: boolean }> {
  const qctx = queueContext(ctx.config);
  const queue = openQueue(qctx, QUEUES.analysis, ctx.log);
  const workers = (await queue.getWorkers()).length;
  await queue.close();
  const local = researchDeps(ctx, library, options.threads);
  if (workers < options.minWorkers) {
    return { ...local, distributed: false };
  }
  const analyser = createDistributedAnalyser(qctx, runId, ctx.log);
  return {
    ...local,
    analyser,
    distributed: true,
    close: async () => {
      await analyser.close();
      await local.close();
    },
  };
}

/**
 * The production wiring of the research graph: deterministic agents (in this thread for small runs, on
 * `workers` worker threads for large ones, see createAdaptiveAnalyser), real sources, stderr progress.
 * Call `close()` when the run is over.
 */
export function researchDeps(ctx: CliContext, library: Library, workers: number, resumeRunId?: string): ResearchDeps & { close(): Promise<void> } {
  const progress = new Progress(!ctx.quiet);
  const analyser = createAdaptiveAnalyser(workers);
  // A resumed run may skip fetch, which is where the total is learnt: count what is pending now.
  if (resumeRunId) progress.begin(library.runs.members(resumeRunId).filter((m) => m.status === 'pending').length);
  return {
    library,
    openSource: (spec) => resolveSource(spec, ctx.config, ctx.log),
    analyser,
    reportDir: path.join(path.dirname(ctx.dbPath), 'reports'),
    skills: ctx.skills(),
    log: ctx.log,
    onFetched: ({ pending }) => progress.begin(pending.length),
    onPaperDone: () => progress.tick(),
    close: () => analyser.close(),
  };
}

/**
 * Applies --llm and --budget-usd over the environment and checks the LLM settings before anything is
 * opened: a model needs a key or a server, a price file must read. Returns the context to use.
 */
export function withLlmFlags(ctx: CliContext, flags: { llm?: string; budgetUsd?: number }, agents?: Record<LlmAgent, string | null>): CliContext {
  let config = withLlmOverrides(ctx.config, flags);
  if (agents) config = { ...config, llm: { ...config.llm, agents: { ...agents } } };
  if (llmEnabled(config.llm)) {
    if (!config.llm.apiKey && !config.llm.baseUrl) {
      throw new UsageError('LLM agents need OPENAI_API_KEY (or OPENAI_BASE_URL for a local server such as Ollama or vLLM); without them, leave PAPERLOOM_LLM unset');
    }
    loadPrices(config.llm.pricesFile);
  }
  return { ...ctx, config };
}

/**
 * The research deps with the LLM agents of the configuration in place: the per-paper analyser (LLM
 * summarizer and term extractor, falling back to the deterministic agents), the synthesizer's names and
 * narrative, and what to record with the run. Unchanged when no agent has a model. A resumed run's
 * budget counts what the run already spent.
 */
export async function withLlmAgents(ctx: CliContext, library: Library, runId: string, deps: ResearchDeps & { close(): Promise<void> }): Promise<ResearchDeps & { close(): Promise<void> }> {
  if (!llmEnabled(ctx.config.llm)) return deps;
  const [{ createLlmAnalyser }, { llmNarrate }] = await Promise.all([import('../../agents/analyst/llm-analyser.js'), import('../../agents/synthesizer/llm.js')]);
  const runtime = await createLlmRuntime(ctx.config.llm, library, ctx.log, library.llmCalls.forRun(runId).costUsd);
  const synthesizer = runtime.handle('synthesizer');
  const perPaper = runtime.agents.summarizer !== null || runtime.agents.terms !== null;
  return {
    ...deps,
    analyser: perPaper ? createLlmAnalyser(runtime, runId) : deps.analyser,
    narrate: synthesizer
      ? async (synthesis, id) => {
          const result = await llmNarrate(synthesizer, synthesis, id);
          if (!result.ok) ctx.log(`synthesizer: ${result.reason}; the themes keep their names and the takeaways come from templates`);
          return result.ok ? result.value : synthesis;
        }
      : undefined,
    llmInfo: () => runtime.summary(),
  };
}
