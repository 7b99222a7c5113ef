import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { snapshotToPaper } from '../../agents/fetcher/snapshot.js';
import type { Paper } from '../../db/schema.js';

/** The checkout's root folder. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The value of `--name VALUE` on the command line, or the fallback. */
export function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** The corpus the benches read: --corpus FILE, else the 2025 snapshot in ../shared/data. Must exist. */
export function corpusFile(): string {
  const file = path.resolve(flag('corpus', path.join(ROOT, '../shared/data/corpus/arxiv-cs-2025.jsonl.gz')));
  if (!fs.existsSync(file)) throw new Error(`corpus not found: ${file} (the bench needs ../shared/data)`);
  return file;
}

/** The first `limit` papers of a snapshot JSON Lines file (gzipped). */
export async function loadCorpus(file: string, limit: number): Promise<Paper[]> {
  const papers: Paper[] = [];
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    papers.push(snapshotToPaper(JSON.parse(line)));
    if (papers.length >= limit) break;
  }
  return papers;
}
