import type { Library } from '../../db/index.js';
import { checkRunRequest } from '../../graphs/research/request.js';
import type { RunRequest } from '../../graphs/research/state.js';
import { defaultThreads } from '../../agents/analyst/pool.js';
import { researchDeps, withLlmAgents, withLlmFlags, type CliContext } from '../cli/context.js';
import type { LlmAgent } from '../config.js';
import { describeError, NotFoundError, UsageError } from '../errors.js';
import type { StartRun } from './requests.js';

/** Runs the server works on at once; more are refused until one ends. */
const MAX_ACTIVE = 2;

/** How a run's papers stand now (the live progress of the run page). */
export type RunProgress = { runId: string; status: string; total: number; done: number; analysed: number; skipped: number; failed: number; pending: number; active: boolean };

/**
 * Starts and resumes runs inside the server process, as `paperloom run` and `resume` would (same graph,
 * same agents, LLM agents from the environment), and knows which are in progress here. A run outlives
 * nothing: stopping the server leaves it interrupted, and Resume finishes it.
 */
export class RunLauncher {
  private readonly active = new Map<string, Promise<unknown>>();

  constructor(private readonly ctx: CliContext, private readonly library: Library, private readonly sources: (spec: string) => boolean) {}

  /** Checks a run request as the CLI does; throws UsageError with one clear line. */
  request(body: StartRun): RunRequest {
    if (!this.sources(body.source)) throw new UsageError(`source "${body.source}" is not offered by this server`);
    return checkRunRequest({ ...body, concurrency: 4, batchSize: 0 }, this.ctx.config);
  }

  private room(): void {
    if (this.active.size >= MAX_ACTIVE) throw new UsageError(`${this.active.size} runs are in progress; start another when one has finished`);
  }

  private track(runId: string, work: Promise<unknown>, close: () => Promise<void>): void {
    const done = work
      .catch((error) => this.ctx.log(`run ${runId} failed: ${describeError(error)}`))
      .finally(async () => {
        await close().catch(() => {});
        this.active.delete(runId);
      });
    this.active.set(runId, done);
  }

  /** Starts a run; returns its id once the run is recorded (the work goes on in the background). */
  async start(request: RunRequest): Promise<string> {
    this.room();
    const { startRun, newRunId } = await import('../../graphs/research/run.js');
    const runId = newRunId();
    const ctx = { ...this.ctx, quiet: true };
    const deps = await withLlmAgents(ctx, this.library, runId, researchDeps(ctx, this.library, defaultThreads()));
    // startRun records the run before its first await: the run page finds it at once.
    this.track(runId, startRun(this.library, deps, request, { runId }), deps.close);
    return runId;
  }

  /** Resumes a failed or interrupted run with the agents it started with. */
  async resume(runId: string): Promise<void> {
    const run = this.library.runs.get(runId);
    if (!run) throw new NotFoundError(`no run ${runId}`);
    if (this.active.has(runId)) throw new UsageError(`run ${runId} is in progress already`);
    if (run.status === 'completed') throw new UsageError(`run ${runId} is complete; there is nothing to resume`);
    if (run.params.distributed === true) throw new UsageError(`run ${runId} ran on worker processes; resume it with: paperloom resume ${runId}`);
    this.room();
    const { resumeRun } = await import('../../graphs/research/run.js');
    const agents = (run.llm as { agents?: Record<LlmAgent, string | null> } | null)?.agents ?? { summarizer: null, terms: null, synthesizer: null, answer: null };
    const ctx = { ...withLlmFlags(this.ctx, {}, agents), quiet: true };
    const deps = await withLlmAgents(ctx, this.library, runId, researchDeps(ctx, this.library, defaultThreads(), runId));
    this.track(runId, resumeRun(this.library, deps, runId), deps.close);
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** The run's papers by status, read from the library (so runs of the CLI and of workers show too). */
  progress(runId: string): RunProgress | null {
    const run = this.library.runs.get(runId);
    if (!run) return null;
    const counts = { pending: 0, analysed: 0, skipped: 0, failed: 0 };
    for (const row of this.library.db.prepare<[string], { status: keyof typeof counts; n: number }>('SELECT status, count(*) AS n FROM run_papers WHERE run_id = ? GROUP BY status').all(runId)) counts[row.status] = row.n;
    const total = counts.pending + counts.analysed + counts.skipped + counts.failed;
    return { runId, status: run.status, total, done: total - counts.pending, ...counts, active: this.active.has(runId) };
  }

  /** Waits for the runs in progress (tests; a graceful stop). */
  async settle(): Promise<void> {
    await Promise.all(this.active.values());
  }

  get inProgress(): string[] {
    return [...this.active.keys()];
  }
}
