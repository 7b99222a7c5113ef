import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { analysePaper } from '../../agents/analyst/analyse-paper.js';
import type { AnalysisOutcome } from '../../agents/analyst/node.js';
import { createAnalyserPool, type PooledAnalyser } from '../../agents/analyst/pool.js';
import type { Library } from '../../db/index.js';
import { describeError } from '../errors.js';
import { openQueue, QUEUES, type QueueContext } from './connection.js';
import { AnalysisJobSchema } from './jobs.js';
import { runScheduled, type ScheduledRunDeps } from './scheduled-run.js';
import { SCHEDULED_RUN, syncSchedules } from './schedules.js';

const PROGRESS_MS = 5000;

export type WorkerOptions = {
  ctx: QueueContext;
  /** Analysis jobs in parallel: 1 analyses in this thread, more use a pool of worker threads. */
  concurrency: number;
  log: (line: string) => void;
  /** With a library, this worker also runs scheduled runs (and writes them into it); without, only analyses. */
  scheduled?: Omit<ScheduledRunDeps, 'log'> & { library: Library };
};

/** Analyses a job's papers; a paper that fails is a failed outcome, a malformed job is unrecoverable. */
export async function processAnalysisJob(job: Job, pool: PooledAnalyser | null): Promise<AnalysisOutcome[]> {
  const parsed = AnalysisJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad analysis job data: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  if (pool) return pool.analyseMany!(parsed.data.papers);
  return parsed.data.papers.map((paper): AnalysisOutcome => {
    try {
      return { ok: true, value: analysePaper(paper) };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  });
}

/**
 * A `paperloom worker`: takes analysis jobs of distributed runs and, when it has the library, the
 * scheduled runs (BullMQ Workers; a job whose worker dies returns to the queue after the lock time).
 * Returns a function that closes it gracefully: running jobs finish first.
 */
export async function startWorker(options: WorkerOptions): Promise<{ close(): Promise<void> }> {
  const { ctx, log } = options;
  const pool = options.concurrency > 1 ? createAnalyserPool(options.concurrency) : null;
  const analysis = new Worker(QUEUES.analysis, (job) => processAnalysisJob(job, pool), {
    connection: ctx.connection,
    prefix: ctx.prefix,
    concurrency: options.concurrency,
    lockDuration: ctx.lockMs,
    stalledInterval: ctx.lockMs,
    // A job whose lock lapsed (its worker died, or was starved of CPU long enough) goes back to the queue
    // rather than failing: analysing a job's papers again is harmless, the run keeps the first result.
    maxStalledCount: 5,
  });
  analysis.on('error', (error) => log(`analysis worker: ${error.message}`));
  // Progress: how many papers this worker analysed, per run, every PROGRESS_MS while there is news.
  const progress = new Map<string, number>();
  let reported = 0;
  let total = 0;
  analysis.on('completed', (job) => {
    const papers = (job.data as { papers?: unknown[] }).papers?.length ?? 0;
    const runId = String((job.data as { runId?: unknown }).runId);
    progress.set(runId, (progress.get(runId) ?? 0) + papers);
    total += papers;
  });
  const report = () => {
    if (total === reported) return;
    reported = total;
    log(`analysed ${[...progress].map(([runId, n]) => `${n} papers of ${runId}`).join(', ')} (${total} since start)`);
    progress.clear();
  };
  const ticker = setInterval(report, PROGRESS_MS);
  ticker.unref();
  analysis.on('failed', (job, error) => log(`analysis job ${job?.id} failed: ${error.message}`));
  const workers: Worker[] = [analysis];

  if (options.scheduled) {
    const queue = openQueue(ctx, QUEUES.runs, log);
    const synced = await syncSchedules(options.scheduled.library, queue);
    await queue.close();
    log(`${synced} schedules synced to Redis`);
    const deps: ScheduledRunDeps = { ...options.scheduled, log };
    // Scheduled runs are long: the lock is renewed while this process lives; the lease in the library
    // keeps a second worker from running the same schedule even if the lock were lost.
    const runs = new Worker(QUEUES.runs, async (job) => (job.name === SCHEDULED_RUN ? runScheduled(job, deps) : undefined), {
      connection: ctx.connection,
      prefix: ctx.prefix,
      concurrency: 1,
      lockDuration: Math.max(ctx.lockMs, 60_000),
      stalledInterval: Math.max(ctx.lockMs, 60_000),
    });
    runs.on('error', (error) => log(`run worker: ${error.message}`));
    runs.on('failed', (job, error) => log(`scheduled run ${job?.id} failed: ${error.message}`));
    workers.push(runs);
  }
  log(`worker ready: analysis${options.scheduled ? ' and scheduled runs' : ' only'}, concurrency ${options.concurrency}`);
  return {
    close: async () => {
      clearInterval(ticker);
      await Promise.all(workers.map((w) => w.close()));
      report();
      await pool?.close();
    },
  };
}
