import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { freshDbPath } from '../helpers/db.js';
import { CORPUS, hasSharedData, SKIP_REASON } from '../helpers/shared-data.js';

const PAPERS = 1200;

function count(db: Database.Database, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n;
}

describe.skipIf(!hasSharedData)(`a run killed with SIGKILL ${SKIP_REASON}`, () => {
  it('resumes and ends with every paper analysed exactly once', async () => {
    const dbPath = freshDbPath();
    const args = ['--db', dbPath, 'run', 'learning', '--source', `file:${CORPUS}`, '--max', String(PAPERS), '--concurrency', '2', '--json'];
    const child = spawnCli(args);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

    // Kill it once analysis is under way: some papers analysed, most not (reading the gzipped corpus
    // alone takes ~5 s here; a busy CI machine gets two minutes).
    let analysedAtKill = 0;
    for (const until = Date.now() + 120_000; Date.now() < until && analysedAtKill < 50; ) {
      await sleep(25);
      if (!fs.existsSync(dbPath)) continue;
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        analysedAtKill = count(db, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'analyses'") ? count(db, 'SELECT count(*) AS n FROM analyses') : 0;
      } catch {
        analysedAtKill = 0; // schema still being created
      } finally {
        db.close();
      }
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const db = new Database(dbPath, { readonly: true });
    const run = db.prepare('SELECT id, status FROM runs').get() as { id: string; status: string };
    const before = db.prepare('SELECT paper_id, created_at FROM analyses').all() as { paper_id: number; created_at: string }[];
    db.close();
    expect(run.status).toBe('running');
    expect(before.length).toBeGreaterThanOrEqual(50);
    expect(before.length).toBeLessThan(PAPERS);

    expect((await runCli(['--db', dbPath, 'runs'])).stdout).toContain('interrupted (resume it)');
    const resumed = await runCli(['--db', dbPath, 'resume', run.id, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const outcome = JSON.parse(resumed.stdout);
    expect(outcome).toMatchObject({ runId: run.id, status: 'completed', papers: PAPERS, analysed: PAPERS, failed: 0 });

    const after = new Database(dbPath, { readonly: true });
    try {
      expect(count(after, 'SELECT count(*) AS n FROM papers')).toBe(PAPERS);
      expect(count(after, 'SELECT count(*) AS n FROM analyses')).toBe(PAPERS);
      expect(count(after, `SELECT count(*) AS n FROM run_papers WHERE status = 'analysed'`)).toBe(PAPERS);
      // what was finished before the kill was not analysed again: same rows, same timestamps
      const stillThere = after.prepare('SELECT count(*) AS n FROM analyses WHERE paper_id = ? AND created_at = ?');
      for (const row of before) expect((stillThere.get(row.paper_id, row.created_at) as { n: number }).n).toBe(1);
      expect(fs.existsSync(outcome.reportPath)).toBe(true);
    } finally {
      after.close();
    }
  }, 240_000);
});
