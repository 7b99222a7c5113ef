import { randomBytes } from 'node:crypto';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import type { Library } from '../../db/index.js';
import { describeError, NotFoundError, UsageError } from '../../src/errors.js';
import { isProcessAlive } from '../../src/process.js';
import { compileResearchGraph, type ResearchDeps } from './graph.js';
import type { RunRequest } from './state.js';

/** What a finished (or failed) run reports: the CLI's `run --json` output. */
export type RunOutcome = {
  runId: string;
  status: string;
  papers: number;
  analysed: number;
  skipped: number;
  failed: number;
  reportPath: string | null;
  durationMs: number;
};

/** A new run id: sortable by time, unique within a library. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(2).toString('hex')}`;
}

function outcome(library: Library, runId: string, startedAt: number): RunOutcome {
  const run = library.runs.get(runId)!;
  return {
    runId,
    status: run.status,
    papers: run.papers,
    analysed: run.analysed,
    skipped: run.skipped,
    failed: run.failed,
    reportPath: run.reportPath,
    durationMs: Math.round(performance.now() - startedAt),
  };
}

async function execute(library: Library, deps: ResearchDeps, runId: string, request: RunRequest, fresh: boolean): Promise<RunOutcome> {
  const startedAt = performance.now();
  const graph = compileResearchGraph(deps, new SqliteSaver(library.db));
  // maxConcurrency is a top-level key (nested under `configurable` it is ignored), and must stay >= 2:
  // LangGraph.js drops Send tasks at 1.
  const config = { configurable: { thread_id: runId }, maxConcurrency: Math.max(2, request.concurrency), recursionLimit: 25 };
  let input: { runId: string; request: RunRequest } | null = { runId, request };
  if (!fresh) {
    const snapshot = await graph.getState(config);
    // A checkpoint with steps still to run resumes where it stopped; otherwise the run starts over,
    // which is safe because every step is idempotent.
    if (snapshot.next.length > 0) input = null;
  }
  library.runs.start(runId);
  try {
    await graph.invoke(input, config);
  } catch (error) {
    library.runs.fail(runId, describeError(error));
    throw error;
  }
  return outcome(library, runId, startedAt);
}

/** Records a new run (with the schedule that started it, if any) and executes the research graph for it. */
export async function startRun(
  library: Library,
  deps: ResearchDeps,
  request: RunRequest,
  options: { runId?: string; schedule?: string } = {},
): Promise<RunOutcome> {
  const runId = options.runId ?? newRunId();
  library.runs.create({ id: runId, query: request.query, source: request.source, params: request, schedule: options.schedule, analyserVersion: deps.analyser.version });
  // The LLM agents are known from the start, so a resumed run uses the same ones.
  if (deps.llmInfo) library.runs.setLlm(runId, deps.llmInfo());
  return execute(library, deps, runId, request, true);
}

/**
 * Finishes a run that crashed, was killed or failed: steps already checkpointed are not redone, and
 * papers already analysed are not analysed again. A completed run is returned as it is.
 */
export async function resumeRun(
  library: Library,
  deps: ResearchDeps,
  runId: string,
  overrides: Partial<RunRequest> = {},
  options: { force?: boolean } = {},
): Promise<RunOutcome> {
  const run = library.runs.get(runId);
  if (!run) throw new NotFoundError(`no run ${runId}; list runs with: paperloom runs`);
  if (run.status === 'completed') return outcome(library, runId, performance.now());
  if (!options.force && run.status === 'running' && run.pid !== null && run.pid !== process.pid && isProcessAlive(run.pid)) {
    throw new UsageError(`run ${runId} is still running in process ${run.pid} (if that process is not paperloom, use --force)`);
  }
  const request = { ...(run.params as RunRequest), ...overrides };
  return execute(library, deps, runId, request, false);
}
