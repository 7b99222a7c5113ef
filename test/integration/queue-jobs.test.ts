import { randomUUID } from 'node:crypto';
import { Queue, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { queueContext } from '../../src/queue/connection.js';
import { startWorker } from '../../src/queue/worker.js';
import { freshLibrary } from '../helpers/db.js';
import { defaultSkills, testDeps } from '../helpers/research.js';
import { hasRedis, TestRedis, waitFor } from '../helpers/redis.js';

describe.skipIf(!hasRedis)('jobs with bad data (real redis-server)', () => {
  const redis = new TestRedis();
  beforeAll(async () => {
    await redis.start();
  });
  afterAll(async () => {
    await redis.stop();
  });

  async function finished(queue: Queue, id: string): Promise<Job> {
    return waitFor(`job ${id} to finish`, async () => {
      const job = await queue.getJob(id);
      return job?.finishedOn ? job : null;
    }, 20_000, 20);
  }

  it('fail as unrecoverable on the first attempt, not retried', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const ctx = queueContext(loadConfig({ REDIS_URL: redis.url, PAPERLOOM_QUEUE_PREFIX: prefix }));
    const library = freshLibrary();
    const lines: string[] = [];
    const worker = await startWorker({
      ctx,
      concurrency: 1,
      log: (line) => lines.push(line),
      scheduled: {
        library,
        skills: defaultSkills(),
        overlapDays: 2,
        researchDeps: async () => ({ ...testDeps(library), distributed: false, close: async () => {} }),
      },
    });
    const analysis = new Queue('analysis', { connection: ctx.connection, prefix });
    const runs = new Queue('runs', { connection: ctx.connection, prefix });
    try {
      const retry = { attempts: 5, backoff: { type: 'fixed', delay: 10 } };
      const badAnalysis = [
        { runId: 'r1', papers: [] },
        { runId: 'r1', papers: [{ id: 1, title: 'no arXiv id' }] },
        'not even an object',
      ];
      for (const [i, data] of badAnalysis.entries()) {
        const job = await finished(analysis, (await analysis.add('analyse', data, { ...retry, jobId: `bad-${i}` })).id!);
        expect(await job.getState()).toBe('failed');
        expect(job.attemptsMade).toBe(1);
        expect(job.failedReason).toMatch(/^bad analysis job data: /);
      }
      const badRuns: [unknown, RegExp][] = [
        [{ schedule: '' }, /^bad scheduled-run job data/],
        [{ schedule: 'never-added' }, /^schedule "never-added" no longer exists/],
      ];
      for (const [i, [data, reason]] of badRuns.entries()) {
        const job = await finished(runs, (await runs.add('scheduled-run', data, { ...retry, jobId: `bad-run-${i}` })).id!);
        expect(await job.getState()).toBe('failed');
        expect(job.attemptsMade).toBe(1);
        expect(job.failedReason).toMatch(reason);
      }
      expect(library.runs.list()).toEqual([]);
      expect(lines.filter((l) => l.includes('failed'))).toHaveLength(5);
    } finally {
      await worker.close();
      await analysis.obliterate({ force: true });
      await runs.obliterate({ force: true });
      await Promise.all([analysis.close(), runs.close()]);
    }
  });
});
