import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

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

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = Math.max(...migrations().map((m) => m.version));

/**
 * Opens (creating if needed) the library file: WAL, foreign keys, a busy timeout, migrations applied.
 * Idempotent: opening an up-to-date file changes nothing.
 */
export function openDb(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // The busy timeout is set first, so that even switching to WAL waits for another process's lock.
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(`${file} has schema version ${version}, newer than this paperloom (${SCHEMA_VERSION}); upgrade paperloom`);
  }
  migrate(db);
  return db;
}

/** Current time as stored in the library. */
export function nowIso(): string {
  return new Date().toISOString();
}
