import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshDbPath } from '../helpers/db.js';
import { hasRedis, TestRedis } from '../helpers/redis.js';

/** The schedules the library holds, straight from SQLite. */
function librarySchedules(dbPath: string): { name: string; cron: string; tz: string }[] {
  if (!fs.existsSync(dbPath)) return [];
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT name, cron, tz FROM schedules ORDER BY name').all() as { name: string; cron: string; tz: string }[];
  } finally {
    db.close();
  }
}

describe.skipIf(!hasRedis)('paperloom schedule (against a real redis-server)', () => {
  const redis = new TestRedis();
  let prefix: string;
  let dbPath: string;
  let dir: string;
  let queue: Queue;
  const env = () => ({ REDIS_URL: redis.url, PAPERLOOM_QUEUE_PREFIX: prefix, PAPERLOOM_DB: dbPath });
  const cli = (...args: string[]) => runCli(args, env());
  const schedulers = async () => (await queue.getJobSchedulers(0, -1, true)).map((s) => ({ key: s.key, pattern: s.pattern, tz: s.tz }));

  beforeAll(async () => {
    await redis.start();
    prefix = `t${randomUUID().slice(0, 8)}`;
    // One library for the whole file (freshDbPath's folders are removed after each test).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-schedule-'));
    dbPath = path.join(dir, 'library.db');
    queue = new Queue('runs', { connection: { url: redis.url }, prefix });
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds a schedule to Redis and the library, and adding it again changes nothing', async () => {
    const add = ['schedule', 'add', 'nightly-llm', '--cron', '0 3 * * *', '--tz', 'Europe/Berlin', '--query', 'large language models', '--source', 'sample'];
    const first = await cli(...add, '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out.result).toBe('added');
    // 03:00 in Berlin is 01:00 or 02:00 UTC, depending on daylight saving time.
    expect(out.schedule.next).toMatch(/T0[12]:00:00\.000Z$/);
    expect(Date.parse(out.schedule.next)).toBeGreaterThan(Date.now());

    const again = await cli(...add, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).result).toBe('unchanged');
    expect(await schedulers()).toEqual([{ key: 'nightly-llm', pattern: '0 3 * * *', tz: 'Europe/Berlin' }]);
    expect(librarySchedules(dbPath)).toEqual([{ name: 'nightly-llm', cron: '0 3 * * *', tz: 'Europe/Berlin' }]);
  });

  it('refuses bad input with one line, exit 2, and writes nothing', async () => {
    const before = { redis: await schedulers(), library: librarySchedules(dbPath) };
    const cases: [string[], RegExp][] = [
      [['bad-cron', '--cron', '61 * * * *', '--query', 'x'], /invalid cron pattern "61 \* \* \* \*"/],
      [['bad-cron2', '--cron', 'every night', '--query', 'x'], /invalid cron pattern/],
      [['bad-tz', '--cron', '0 3 * * *', '--tz', 'Mars/Olympus', '--query', 'x'], /unknown time zone "Mars\/Olympus"/],
      [['empty', '--cron', '0 3 * * *', '--query', '   '], /needs a query/],
      [['no-query', '--cron', '0 3 * * *'], /needs a query/],
      [['bad source', '--cron', '0 3 * * *', '--query', 'x'], /schedule name "bad source"/],
      [['bad-source', '--cron', '0 3 * * *', '--query', 'x', '--source', 'gopher'], /unknown source "gopher"/],
      [['bad-format', '--cron', '0 3 * * *', '--query', 'x', '--export', '/tmp/x', '--format', 'md,pdf'], /unknown format "pdf"/],
      // The same name with other settings: refused unless --replace.
      [['nightly-llm', '--cron', '0 4 * * *', '--tz', 'Europe/Berlin', '--query', 'large language models', '--source', 'sample'], /exists with other settings; use --replace/],
    ];
    for (const [args, message] of cases) {
      const r = await cli('schedule', 'add', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(await schedulers()).toEqual(before.redis);
    expect(librarySchedules(dbPath)).toEqual(before.library);
  });

  it('replaces settings with --replace, in Redis and in the library', async () => {
    const r = await cli('schedule', 'add', 'nightly-llm', '--cron', '30 4 * * 1-5', '--tz', 'UTC', '--query', 'large language models', '--source', 'sample', '--replace', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).result).toBe('replaced');
    expect(await schedulers()).toEqual([{ key: 'nightly-llm', pattern: '30 4 * * 1-5', tz: 'UTC' }]);
    expect(librarySchedules(dbPath)).toEqual([{ name: 'nightly-llm', cron: '30 4 * * 1-5', tz: 'UTC' }]);
  });

  it('lists schedules with their next run, as a table and as JSON', async () => {
    await cli('schedule', 'add', 'weekly-rl', '--cron', '0 6 * * 0', '--query', 'reinforcement learning', '--source', 'sample');
    const json = await cli('schedule', 'list', '--json');
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as { name: string; next: string; lastRunId: string | null; request: { query: string } }[];
    expect(list.map((s) => s.name)).toEqual(['nightly-llm', 'weekly-rl']);
    expect(new Date(list[1]!.next).getUTCDay()).toBe(0);
    expect(list[1]!.next).toMatch(/T06:00:00\.000Z$/);
    expect(list[0]!.lastRunId).toBeNull();
    const table = await cli('schedule', 'list');
    expect(table.stdout).toMatch(/^NAME\s+CRON/);
    expect(table.stdout).toContain('reinforcement learning [sample]');
  });

  it('run-now queues a job for a worker; unknown names are a clear error', async () => {
    const r = await cli('schedule', 'run-now', 'weekly-rl', '--json');
    expect(r.code).toBe(0);
    const { jobId } = JSON.parse(r.stdout);
    const job = await queue.getJob(jobId);
    expect(job?.data).toEqual({ schedule: 'weekly-rl' });
    expect(await job?.getState()).toBe('waiting');
    await job?.remove();

    for (const command of ['run-now', 'remove']) {
      const missing = await cli('schedule', command, 'nope');
      expect(missing.code).toBe(4);
      expect(missing.stderr).toMatch(/no schedule "nope"/);
    }
  });

  it('removes a schedule from Redis and the library', async () => {
    const r = await cli('schedule', 'remove', 'weekly-rl');
    expect(r.code).toBe(0);
    expect((await schedulers()).map((s) => s.key)).toEqual(['nightly-llm']);
    expect(librarySchedules(dbPath).map((s) => s.name)).toEqual(['nightly-llm']);
  });

  it('says so in one line when Redis cannot be reached, and writes nothing', async () => {
    const other = freshDbPath();
    const r = await runCli(['schedule', 'add', 'x', '--cron', '0 3 * * *', '--query', 'x'], { REDIS_URL: 'redis://127.0.0.1:9', PAPERLOOM_DB: other });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:9/);
    expect(fs.existsSync(other)).toBe(false);
  });
});
