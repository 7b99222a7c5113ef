import { setTimeout as sleep } from 'node:timers/promises';
import type { Job, Queue } from 'bullmq';
import { ANALYSER_VERSION, analysePaper } from '../../agents/analyst/analyse-paper.js';
import type { Analyser, AnalysisOutcome } from '../../agents/analyst/node.js';
import type { StoredPaper } from '../../db/papers.js';
import { toBatches } from '../../graphs/research/routes.js';
import { describeError } from '../errors.js';
import { openFlowProducer, openQueue, openQueueEvents, QUEUES, type QueueContext } from './connection.js';
import { flowId, PAPERS_PER_JOB } from './jobs.js';

/** How often outstanding jobs are looked up directly, in case a completion event was missed (Redis restart). */
const POLL_MS = 2000;

/** An analyser whose work is done by `paperloom worker` processes, through BullMQ. */
export type DistributedAnalyser = Analyser & { close(): Promise<void> };

/**
 * Analyses a run's papers on worker processes: one BullMQ flow per run, whose parent is the run and
 * whose children are jobs of PAPERS_PER_JOB papers. Results come back here as jobs complete (this
 * process is the only writer of the library) and are yielded as they arrive. Job ids are derived from
 * the run, so a resumed run finds its flow and only waits for what is left; jobs of a worker that died
 * are retried by the others (BullMQ's stalled-job recovery).
 */
export function createDistributedAnalyser(ctx: QueueContext, runId: string, log: (line: string) => void = () => {}): DistributedAnalyser {
  const parentId = flowId(runId);
  const flowsQueue = openQueue(ctx, QUEUES.flows, log);
  const analysisQueue = openQueue(ctx, QUEUES.analysis, log);
  const flows = openFlowProducer(ctx, log);

  async function* analyseStream(papers: StoredPaper[]): AsyncGenerator<{ index: number; outcome: AnalysisOutcome }> {
    const index = new Map(papers.map((p, i) => [p.id, i]));
    const events = openQueueEvents(ctx, QUEUES.analysis, log);
    const arrived: { jobId: string; value?: AnalysisOutcome[]; error?: string }[] = [];
    let wake: (() => void) | null = null;
    const push = (item: (typeof arrived)[number]) => {
      arrived.push(item);
      wake?.();
    };
    events.on('completed', ({ jobId, returnvalue }) => {
      if (jobId.startsWith(`${parentId}-`)) push({ jobId, value: (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as AnalysisOutcome[] });
    });
    events.on('failed', ({ jobId, failedReason }) => {
      if (jobId.startsWith(`${parentId}-`)) push({ jobId, error: failedReason });
    });
    try {
      await events.waitUntilReady();
      // The flow: created once; a resumed run finds it and waits for what is left.
      let children: Map<string, StoredPaper[]>;
      const existing = await flowsQueue.getJob(parentId);
      if (!existing) {
        const batches = toBatches(papers, PAPERS_PER_JOB);
        children = new Map(batches.map((batch, i) => [`${parentId}-${i}`, batch]));
        await flows.add({
          name: 'run',
          queueName: QUEUES.flows,
          data: { runId },
          opts: { jobId: parentId },
          children: [...children].map(([jobId, batch]) => ({
            name: 'analyse',
            queueName: QUEUES.analysis,
            data: { runId, papers: batch },
            opts: { jobId, attempts: 3, backoff: { type: 'exponential', delay: 1000 }, ignoreDependencyOnFailure: true },
          })),
        });
        log(`queued ${papers.length} papers for workers in ${children.size} jobs`);
      } else {
        children = await childrenOf(existing, analysisQueue);
        log(`resuming ${children.size} queued jobs of ${runId}`);
      }

      const done = new Set<string>();
      const seenPapers = new Set<number>();
      const settle = function* (jobId: string, value?: AnalysisOutcome[], error?: string) {
        const batch = children.get(jobId);
        if (!batch || done.has(jobId)) return;
        done.add(jobId);
        for (let i = 0; i < batch.length; i++) {
          const paper = batch[i]!;
          const at = index.get(paper.id);
          if (at === undefined || seenPapers.has(paper.id)) continue;
          seenPapers.add(paper.id);
          yield { index: at, outcome: value?.[i] ?? { ok: false as const, error: `analysis job failed: ${error ?? 'no result'}` } };
        }
      };
      let lastPoll = 0;
      let lastEvent = Date.now();
      while (done.size < children.size) {
        while (arrived.length) {
          lastEvent = Date.now();
          const a = arrived.shift()!;
          yield* settle(a.jobId, a.value, a.error);
        }
        if (done.size >= children.size) break;
        // Events normally say everything; when none came for a while (Redis restarted, a subscriber
        // reconnected), each outstanding job is looked up.
        if (Date.now() - Math.max(lastPoll, lastEvent) >= POLL_MS) {
          lastPoll = Date.now();
          for (const jobId of children.keys()) {
            if (done.has(jobId)) continue;
            const job = await analysisQueue.getJob(jobId);
            const state = job ? await job.getState() : 'missing';
            if (state === 'completed') yield* settle(jobId, job!.returnvalue as AnalysisOutcome[]);
            else if (state === 'failed') yield* settle(jobId, undefined, job!.failedReason);
            else if (state === 'missing') yield* settle(jobId, undefined, 'the job is gone from Redis');
          }
          continue;
        }
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), sleep(POLL_MS)]);
        wake = null;
      }
      // Papers asked for that the flow did not hold (a later pass of a resumed run): analysed here.
      for (const paper of papers) {
        if (seenPapers.has(paper.id)) continue;
        let outcome: AnalysisOutcome;
        try {
          outcome = { ok: true, value: analysePaper(paper) };
        } catch (error) {
          outcome = { ok: false, error: describeError(error) };
        }
        yield { index: index.get(paper.id)!, outcome };
      }
    } finally {
      await events.close();
    }
  }

  return {
    version: ANALYSER_VERSION,
    analyse: (paper) => analysePaper(paper),
    analyseStream,
    close: async () => {
      // The run's results are in the library now: its flow leaves Redis.
      const parent = await flowsQueue.getJob(parentId).catch(() => undefined);
      if (parent) await parent.remove({ removeChildren: true }).catch((error: Error) => log(`could not remove ${parentId}: ${error.message}`));
      await Promise.all([flowsQueue.close(), analysisQueue.close(), flows.close()]);
    },
  };
}

/** The child jobs of a run's flow and the papers each holds (read back from the jobs themselves). */
async function childrenOf(parent: Job, analysisQueue: Queue): Promise<Map<string, StoredPaper[]>> {
  const all = { count: 1_000_000 };
  const deps = await parent.getDependencies({ processed: all, unprocessed: all, failed: all, ignored: all });
  const keys = [...(deps.unprocessed ?? []), ...Object.keys(deps.processed ?? {}), ...(deps.failed ?? []), ...Object.keys(deps.ignored ?? {})];
  const children = new Map<string, StoredPaper[]>();
  for (const key of keys) {
    const jobId = key.split(':').at(-1)!;
    const job = await analysisQueue.getJob(jobId);
    children.set(jobId, job ? (job.data as { papers: StoredPaper[] }).papers : []);
  }
  return children;
}
