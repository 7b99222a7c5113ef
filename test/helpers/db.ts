import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openLibrary, type Library } from '../../db/index.js';

const dirs: string[] = [];
const libraries: Library[] = [];

/** A new empty temporary directory, removed after the test. */
export function freshDir(prefix = 'paperloom-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A path for a library file that does not exist yet, in a fresh directory. */
export function freshDbPath(): string {
  return path.join(freshDir(), 'library.db');
}

/** A fresh library on a real SQLite file, closed and removed after the test. */
export function freshLibrary(file = freshDbPath()): Library {
  const library = openLibrary(file);
  libraries.push(library);
  return library;
}

afterEach(() => {
  for (const l of libraries.splice(0)) if (l.db.open) l.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
