import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** How long an open waits for another process's lock before giving up. */
const BUSY_TIMEOUT_MS = 5000;

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Migration files, `NNN_name.sql`, in order; NNN is the schema version each one brings. */
function migrations(): { version: number; file: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .map((f) => ({ version: Number(f.slice(0, 3)), file: path.join(MIGRATIONS_DIR, f) }))
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies the migrations newer than the file's user_version, each in its own IMMEDIATE transaction.
 * Several processes may open a new file at once (two workers started together): the version is read
 * again once the write lock is held, so each migration runs exactly once, in whichever process gets there
 * first, and the others see it done.
 */
function migrate(db: Db): void {
  for (const m of migrations()) {
    if ((db.pragma('user_version', { simple: true }) as number) >= m.version) continue;
    const sql = fs.readFileSync(m.file, 'utf8');
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      db.exec(sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/** Blocks the thread for `ms` milliseconds (opening the library is synchronous, like better-sqlite3). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `fn`, trying again while another process holds the lock it needs, for up to `timeoutMs`. The busy
 * timeout covers most waits, but SQLite answers SQLITE_BUSY at once, without waiting, where waiting could
 * deadlock: two processes that both read a new file and then both want it exclusively to switch it to
 * WAL. One of them must let go and start again, which is what this does. `fn` must be safe to run again
 * (a transaction that failed is rolled back).
 */
export function retryWhileBusy<T>(fn: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return fn();
    } catch (err) {
      // (SQLITE_BUSY and its extended codes: SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY)
      if (!String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err;
      sleepSync(5 + Math.random() * 20);
    }
  }
}

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = Math.max(...migrations().map((m) => m.version));

/**
 * Opens (creating if needed) the library file: WAL, foreign keys, a busy timeout, migrations applied.
 * Idempotent: opening an up-to-date file changes nothing.
 */
export function openDb(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // The busy timeout is set first, so that even switching to WAL waits for another process's lock, and
  // where SQLite will not wait (see retryWhileBusy) the open tries again.
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    retryWhileBusy(() => db.pragma('journal_mode = WAL'), BUSY_TIMEOUT_MS);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const version = retryWhileBusy(() => db.pragma('user_version', { simple: true }) as number, BUSY_TIMEOUT_MS);
    if (version > SCHEMA_VERSION) {
      throw new Error(`${file} has schema version ${version}, newer than this paperloom (${SCHEMA_VERSION}); upgrade paperloom`);
    }
    retryWhileBusy(() => migrate(db), BUSY_TIMEOUT_MS);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Current time as stored in the library. */
export function nowIso(): string {
  return new Date().toISOString();
}
