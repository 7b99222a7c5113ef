import path from 'node:path';
import { writeFileAtomic } from '../../agents/reporter/node.js';
import { InvariantError } from '../errors.js';

/** A file or folder name made only of letters, digits, dot, dash and underscore; never "." or "..". */
export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return cleaned.slice(0, 120) || '_';
}

/**
 * Writes into `dir` and nowhere else: every path part is reduced to a safe name, the resolved path is
 * checked to lie inside `dir`, and the file is written completely or not at all (temporary file, rename).
 * Returns the path written.
 */
export function writeInside(dir: string, parts: string[], content: string | Iterable<string>): string {
  const root = path.resolve(dir);
  const file = path.resolve(root, ...parts.map(safeName));
  if (!file.startsWith(`${root}${path.sep}`)) throw new InvariantError(`refusing to write outside ${root}: ${file}`);
  writeFileAtomic(file, content);
  return file;
}
