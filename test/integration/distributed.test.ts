import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { hasRedis, TestRedis, waitFor } from '../helpers/redis.js';
import { CORPUS, hasSharedData, SKIP_REASON } from '../helpers/shared-data.js';
import { WorkerProcess } from '../helpers/worker-process.js';

function counts(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const one = (sql: string) => Object.values(db.prepare(sql).get() as object)[0] as number;
    return {
      runs: db.prepare('SELECT id, status FROM runs').all() as { id: string; status: string }[],
      papers: one('SELECT count(*) FROM papers'),
      analyses: one('SELECT count(*) FROM analyses'),
      analysedPapers: one('SELECT count(DISTINCT paper_id) FROM analyses'),
      members: one("SELECT count(*) FROM run_papers WHERE status = 'analysed'"),
    };
  } finally {
    db.close();
  }
}

describe.skipIf(!hasRedis || !hasSharedData)(`distributed runs on worker processes (real redis-server) ${SKIP_REASON}`, () => {
  const redis = new TestRedis();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-distributed-'));

  beforeAll(async () => {
    await redis.start();
  });
  afterAll(async () => {
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function setup() {
    const isolated = redis.isolated(dir);
    const { prefix, dbPath } = isolated;
    // A short lock, so a dead worker's jobs come back within seconds.
    const env = { ...isolated.env, PAPERLOOM_JOB_LOCK_MS: '1500' };
    const analysis = new Queue('analysis', { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix });
    analysis.on('error', () => {});
    return { prefix, dbPath, env, analysis };
  }

  /** Starts `run --distributed` over the first `n` papers of the corpus; resolves with its exit and JSON. */
  function startRun(env: NodeJS.ProcessEnv, n: number) {
    const child = spawnCli(['run', '*', '--source', `file:${CORPUS}`, '--max', String(n), '--distributed', '--json'], env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const done = new Promise<{ code: number | null; outcome: { status: string; papers: number; analysed: number; failed: number }; stderr: string }>((resolve) =>
      child.on('close', (code) => resolve({ code, outcome: code === 0 ? JSON.parse(stdout) : null, stderr })),
    );
    return { child, done, stderr: () => stderr };
  }

  it('a worker killed with SIGKILL mid-run: its jobs are recovered, the run completes, each paper analysed once', async () => {
    const { dbPath, env, analysis, prefix } = setup();
    const events = new QueueEvents('analysis', { connection: { url: redis.url }, prefix });
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    await events.waitUntilReady();
    const doomed = await new WorkerProcess([], env).ready();
    let rescuer: WorkerProcess | undefined;
    try {
      const run = startRun(env, 2000);
      // Kill the only worker once it is well into the run: it holds a job at that moment.
      await waitFor('some analysis jobs done', async () => (await analysis.getCompletedCount()) >= 3, 60_000, 20);
      doomed.kill();
      expect((await doomed.exited).signal).toBe('SIGKILL');
      const completedAtKill = await analysis.getCompletedCount();
      expect(completedAtKill).toBeLessThan(100); // 2,000 papers in jobs of 20: most still to do
      rescuer = await new WorkerProcess([], env).ready();

      const { code, outcome, stderr } = await run.done;
      expect(code, stderr).toBe(0);
      expect(outcome).toMatchObject({ status: 'completed', papers: 2000, analysed: 2000, failed: 0 });
      expect(stderr).toMatch(/queued 2000 papers for workers in 100 jobs/);
      // The job the dead worker held came back through stalled-job recovery.
      expect(stalled.length).toBeGreaterThanOrEqual(1);
      const c = counts(dbPath);
      expect(c).toMatchObject({ papers: 2000, analyses: 2000, analysedPapers: 2000, members: 2000 });
      expect(c.runs.map((r) => r.status)).toEqual(['completed']);
      // The run's flow is gone from Redis once its results are in the library.
      expect(await analysis.getJobCountByTypes('completed', 'failed', 'waiting', 'active', 'delayed', 'waiting-children')).toBe(0);
    } finally {
      doomed.kill();
      await rescuer?.stop();
      await events.close();
      await analysis.obliterate({ force: true });
      await analysis.close();
    }
  }, 180_000);

  it('Redis restarted during a distributed run: workers and the run reconnect, and the run completes once', async () => {
    const { dbPath, env, analysis } = setup();
    const worker = await new WorkerProcess([], env).ready();
    try {
      const run = startRun(env, 3000);
      await waitFor('some analysis jobs done', async () => (await analysis.getCompletedCount()) >= 3, 60_000, 20);
      expect(await analysis.getCompletedCount()).toBeLessThan(120); // 150 jobs in all
      await redis.restart(1500);
      expect(run.child.exitCode).toBeNull(); // the run was under way all the while Redis was down
      const { code, outcome, stderr } = await run.done;
      expect(code, stderr).toBe(0);
      expect(outcome).toMatchObject({ status: 'completed', papers: 3000, analysed: 3000, failed: 0 });
      expect(counts(dbPath)).toMatchObject({ papers: 3000, analyses: 3000, analysedPapers: 3000, members: 3000 });
      // The worker is still there, and serves the next run.
      const next = await runCli(['run', '*', '--source', `file:${CORPUS}`, '--max', '3100', '--distributed', '--json'], env);
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).toMatch(/queued 100 papers for workers/);
      const nextOutcome = JSON.parse(next.stdout) as { runId: string };
      expect(nextOutcome).toMatchObject({ status: 'completed', papers: 3100, analysed: 100, skipped: 3000 });
      expect(counts(dbPath)).toMatchObject({ papers: 3100, analyses: 3100 });
      // It logged its progress, and the last of it when it stopped: the run's 100 papers, in one report
      // or spread over several (reports go out every few seconds). (The total since start is not
      // checked: a job whose lock expired while Redis was down completes without this worker's event.)
      await worker.stop();
      const reported = [...worker.stderr.matchAll(new RegExp(`(\\d+) papers of ${nextOutcome.runId}\\b`, 'g'))].map((m) => Number(m[1]));
      expect(reported.length, worker.stderr).toBeGreaterThanOrEqual(1);
      expect(reported.reduce((sum, n) => sum + n, 0), worker.stderr).toBe(100);
    } finally {
      await worker.stop();
      await analysis.obliterate({ force: true });
      await analysis.close();
    }
  }, 180_000);

  it('Redis restarted between scheduled runs: the schedule is still there and fires again, no run lost or doubled', async () => {
    const { dbPath, env, prefix } = setup();
    const runsQueue = new Queue('runs', { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix });
    runsQueue.on('error', () => {});
    const worker = await new WorkerProcess([], env).ready();
    const cli = (...args: string[]) => runCli(args, env);
    const scheduledRuns = () => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return db.prepare("SELECT id, status, started_at FROM runs WHERE schedule = 'nightly' ORDER BY started_at").all() as { id: string; status: string; started_at: string }[];
      } finally {
        db.close();
      }
    };
    try {
      expect((await cli('schedule', 'add', 'nightly', '--cron', '*/2 * * * * *', '--query', '*', '--source', `file:${CORPUS}`, '--max', '300')).code).toBe(0);
      await waitFor('a first scheduled run', () => scheduledRuns().some((r) => r.status === 'completed'), 60_000);
      await waitFor('no run in progress', async () => (await runsQueue.getActiveCount()) === 0, 60_000, 20);
      await redis.restart(1500);
      const restartedAt = new Date().toISOString();
      expect((await runsQueue.getJobSchedulers()).map((s) => s.key)).toEqual(['nightly']);
      await waitFor('a scheduled run after the restart', () => scheduledRuns().some((r) => r.status === 'completed' && r.started_at > restartedAt), 60_000);
      expect((await cli('schedule', 'remove', 'nightly')).code).toBe(0);
      await waitFor('no run in progress', async () => (await runsQueue.getActiveCount()) === 0, 60_000);

      const runs = scheduledRuns();
      const jobs = await runsQueue.getJobs(['completed']);
      const runIds = jobs.map((j) => j.returnvalue?.runId).filter(Boolean).sort();
      expect(runs.map((r) => r.id).sort()).toEqual(runIds);
      expect(runs.every((r) => r.status === 'completed')).toBe(true);
      expect(counts(dbPath).papers).toBe(300);
    } finally {
      await worker.stop();
      await runsQueue.obliterate({ force: true });
      await runsQueue.close();
    }
  }, 180_000);
});
