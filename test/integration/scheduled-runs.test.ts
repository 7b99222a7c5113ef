import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Queue, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotToPaper } from '../../agents/fetcher/snapshot.js';
import { ArxivServer } from '../helpers/arxiv-server.js';
import { runCli } from '../helpers/cli.js';
import { hasRedis, TestRedis, waitFor } from '../helpers/redis.js';
import { corpusLines, hasSharedData, SKIP_REASON } from '../helpers/shared-data.js';
import { WorkerProcess } from '../helpers/worker-process.js';

type RunRow = { id: string; status: string; since: string | null; papers: number; started_at: string; finished_at: string | null };

function readRuns(dbPath: string, schedule: string): RunRow[] {
  if (!fs.existsSync(dbPath)) return [];
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT r.id, r.status, json_extract(r.params, '$.since') AS since, r.started_at, r.finished_at,
                (SELECT count(*) FROM run_papers rp WHERE rp.run_id = r.id) AS papers
         FROM runs r WHERE r.schedule = ? ORDER BY r.started_at`,
      )
      .all(schedule) as RunRow[];
  } finally {
    db.close();
  }
}

function scalar(dbPath: string, sql: string, ...params: unknown[]): unknown {
  const db = new Database(dbPath, { readonly: true });
  try {
    return Object.values(db.prepare(sql).get(...params) as object)[0];
  } finally {
    db.close();
  }
}

const dayBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!hasRedis || !hasSharedData)(`scheduled runs on paperloom workers (real redis-server) ${SKIP_REASON}`, () => {
  const redis = new TestRedis();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-scheduled-'));
  const corpusFile = path.join(dir, 'feed.jsonl');
  let older: string[] = [];
  let newer: string[] = [];
  let newerFrom = '';

  beforeAll(async () => {
    await redis.start();
    // Real papers over 13 days of arXiv (every 6th of the first 3,000), split by first-published day:
    // the older ones are there from the start, four days of newer ones "appear" later, as on arXiv.
    const lines = (await corpusLines(3000)).filter((_, i) => i % 6 === 0).map((line) => ({ line, day: snapshotToPaper(JSON.parse(line)).published!.slice(0, 10) }));
    newerFrom = '2025-03-31';
    older = lines.filter((l) => l.day < newerFrom).map((l) => l.line);
    newer = lines.filter((l) => l.day >= newerFrom).map((l) => l.line);
    expect(new Set(lines.filter((l) => l.day >= newerFrom).map((l) => l.day)).size).toBe(4);
    expect(older.length).toBeGreaterThan(300);
  });
  afterAll(async () => {
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh library, queue prefix and feed file for one test. */
  function setup() {
    const { prefix, dbPath, env } = redis.isolated(dir);
    fs.writeFileSync(corpusFile, older.join('\n') + '\n');
    const queue = new Queue('runs', { connection: { url: redis.url }, prefix });
    return { prefix, dbPath, env, queue, cli: (...args: string[]) => runCli(args, env) };
  }

  it('a worker runs a schedule when its cron fires, incrementally, and writes its exports', async () => {
    const { dbPath, env, queue, cli } = setup();
    const exportDir = path.join(dir, 'exports');
    const worker = await new WorkerProcess([], env).ready();
    try {
      // Every 2 seconds (cron with a seconds field), so the test sees it fire.
      const add = await cli('schedule', 'add', 'every-2s', '--cron', '*/2 * * * * *', '--query', '*', '--source', `file:${corpusFile}`, '--max', '1000', '--export', exportDir, '--format', 'md,json,mmd');
      expect(add.stderr).toBe('');
      expect(add.code).toBe(0);

      const first = await waitFor('a first scheduled run', () => readRuns(dbPath, 'every-2s').find((r) => r.status === 'completed'), 60_000);
      expect(first.since).toBeNull();
      expect(first.papers).toBe(older.length);
      const watermark1 = scalar(dbPath, 'SELECT max(substr(published, 1, 10)) FROM papers') as string;
      expect(watermark1 < newerFrom).toBe(true);

      // New papers appear (several days of them: a missed night is caught up).
      fs.appendFileSync(corpusFile, newer.join('\n') + '\n');
      const appendedAt = new Date().toISOString();
      const later = await waitFor('a run that sees the new papers', () => readRuns(dbPath, 'every-2s').find((r) => r.status === 'completed' && r.started_at > appendedAt), 60_000);
      const removed = await cli('schedule', 'remove', 'every-2s');
      expect(removed.code).toBe(0);

      // Incremental: only what is new since the watermark, minus the 2-day overlap.
      const since = later.since!;
      expect(since).toBe(dayBefore(scalar(dbPath, `SELECT max(substr(p.published, 1, 10)) FROM papers p JOIN run_papers rp ON rp.paper_id = p.id JOIN runs r ON r.id = rp.run_id WHERE r.finished_at < ?`, later.started_at) as string, 2));
      expect(since <= watermark1).toBe(true);
      const expected = [...older, ...newer].filter((l) => snapshotToPaper(JSON.parse(l)).published!.slice(0, 10) >= since).length;
      expect(later.papers).toBe(expected);
      expect(later.papers).toBeLessThan(older.length + newer.length);
      expect(later.papers).toBeGreaterThanOrEqual(newer.length);
      // Nothing twice: one row per paper however many runs fetched it.
      expect(scalar(dbPath, 'SELECT count(*) FROM papers')).toBe(older.length + newer.length);
      expect(scalar(dbPath, 'SELECT count(DISTINCT arxiv_id) FROM papers')).toBe(older.length + newer.length);
      // Graceful stop: SIGTERM, exit 0, once the jobs in hand are finished (a firing that started just
      // before the schedule was removed included: its exports come right after its run completes).
      expect(await worker.stop()).toEqual({ code: 0, signal: null });
      expect(worker.stderr).toMatch(/SIGTERM: finishing the jobs in hand/);
      expect(worker.stderr).toMatch(/worker stopped/);

      // Every finished run wrote its exports into <dir>/<run-id>/.
      for (const run of readRuns(dbPath, 'every-2s').filter((r) => r.status === 'completed')) {
        expect(fs.readdirSync(path.join(exportDir, run.id)).sort()).toEqual(['diagrams', 'report.json', 'report.md']);
        expect(fs.existsSync(path.join(exportDir, run.id, 'diagrams', 'concept-map.mmd'))).toBe(true);
      }
      const report = JSON.parse(fs.readFileSync(path.join(exportDir, later.id, 'report.json'), 'utf8'));
      expect(report.papers).toHaveLength(later.papers);
    } finally {
      worker.kill();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 150_000);

  it('two workers and one schedule: each firing is run once, and a second request while it runs is skipped', async () => {
    const { dbPath, env: base, queue } = setup();
    // The run-now half fetches from a loopback arXiv server that the test holds, so the first run is
    // still fetching when the second request reaches the other worker, however fast this machine is.
    const arxiv = await new ArxivServer().start();
    const env = { ...base, ARXIV_API_URL: arxiv.url, PAPERLOOM_ARXIV_DELAY_MS: '10', PAPERLOOM_ARXIV_PAGE_SIZE: '10', PAPERLOOM_ARXIV_TIMEOUT_MS: '120000' };
    const cli = (...args: string[]) => runCli(args, env);
    const workers = await Promise.all([new WorkerProcess([], env).ready(), new WorkerProcess([], env).ready()]);
    try {
      expect((await cli('schedule', 'add', 'shared', '--cron', '*/3 * * * * *', '--query', '*', '--source', `file:${corpusFile}`, '--max', '1000')).code).toBe(0);
      await waitFor('two completed firings', () => readRuns(dbPath, 'shared').filter((r) => r.status === 'completed').length >= 2, 60_000);
      // Two requests at once (both workers idle between firings): only one may run the schedule.
      expect((await cli('schedule', 'remove', 'shared')).code).toBe(0);
      await waitFor('no scheduled run in progress', async () => (await queue.getActiveCount()) === 0, 60_000);
      expect((await cli('schedule', 'add', 'shared', '--cron', '0 0 1 1 *', '--query', 'testing', '--source', 'arxiv', '--max', '10')).code).toBe(0);
      arxiv.hold();
      const [a, b] = await Promise.all([cli('schedule', 'run-now', 'shared', '--json'), cli('schedule', 'run-now', 'shared', '--json')]);
      const ids = [JSON.parse(a.stdout).jobId as string, JSON.parse(b.stdout).jobId as string];
      const jobsNow = () => Promise.all(ids.map((id) => queue.getJob(id)));
      // One worker holds the lease and waits on arXiv; the other takes the second job and skips it.
      const skipped = await waitFor('one run-now job skipped while the other fetches', async () => (await jobsNow()).find((j) => j?.finishedOn && j.returnvalue?.skipped), 60_000);
      expect(skipped.returnvalue.skipped).toMatch(/already running in /);
      await waitFor('the other run fetching from arXiv', () => arxiv.requests.length > 0, 60_000);
      expect(arxiv.requests.every((r) => !r.endedAt)).toBe(true);
      arxiv.release();
      const results = await waitFor('both run-now jobs finished', async () => {
        const jobs = await jobsNow();
        return jobs.every((j) => j?.finishedOn) ? (jobs as Job[]) : null;
      }, 60_000);
      const ran = results.filter((j) => j.returnvalue?.runId);
      expect(ran).toHaveLength(1);
      expect(results.filter((j) => j.returnvalue?.skipped)).toHaveLength(1);
      expect(readRuns(dbPath, 'shared').find((r) => r.id === ran[0]!.returnvalue.runId)).toMatchObject({ status: 'completed', papers: 10 });

      // Every completed job made exactly one run, no run came from nowhere, and no two runs overlapped.
      const jobs = await queue.getJobs(['completed']);
      const runIds = jobs.map((j) => j.returnvalue?.runId).filter(Boolean).sort();
      const runs = readRuns(dbPath, 'shared');
      expect(runs.map((r) => r.id).sort()).toEqual(runIds);
      expect(new Set(runIds).size).toBe(runIds.length);
      for (let i = 1; i < runs.length; i++) expect(runs[i]!.started_at >= runs[i - 1]!.finished_at!).toBe(true);
      // Both workers were there to take jobs (BullMQ hands each job to one of them).
      expect(workers.every((w) => w.stderr.includes('worker ready'))).toBe(true);
    } finally {
      for (const w of workers) w.kill();
      await arxiv.stop();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 150_000);

  it('a lease held by a live worker elsewhere is respected; one left by a dead process here is taken over', async () => {
    const { dbPath, env, queue, cli } = setup();
    expect((await cli('schedule', 'add', 'leased', '--cron', '0 0 1 1 *', '--query', '*', '--source', `file:${corpusFile}`, '--max', '1000')).code).toBe(0);
    const setLease = (owner: string) => {
      const db = new Database(dbPath);
      db.prepare('UPDATE schedules SET lease_owner = ?, lease_until = ? WHERE name = ?').run(owner, Date.now() + 3600_000, 'leased');
      db.close();
    };
    const runNow = async () => {
      const id = JSON.parse((await cli('schedule', 'run-now', 'leased', '--json')).stdout).jobId as string;
      return waitFor('the run-now job to finish', async () => {
        const job = await queue.getJob(id);
        return job?.finishedOn ? job : null;
      }, 60_000);
    };
    const worker = await new WorkerProcess([], env).ready();
    try {
      setLease('another-host:4242');
      const skipped = await runNow();
      expect(skipped.returnvalue).toEqual({ skipped: 'already running in another-host:4242' });
      expect(readRuns(dbPath, 'leased')).toEqual([]);

      // A process of this host that has exited held it.
      const dead = spawnSync('true').pid;
      setLease(`${os.hostname()}:${dead}`);
      const ran = await runNow();
      expect(ran.returnvalue.runId).toBeTruthy();
      expect(readRuns(dbPath, 'leased').map((r) => [r.id, r.status])).toEqual([[ran.returnvalue.runId, 'completed']]);
      expect(scalar(dbPath, 'SELECT lease_owner FROM schedules WHERE name = ?', 'leased')).toBeNull();
    } finally {
      await worker.stop();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 120_000);
});
