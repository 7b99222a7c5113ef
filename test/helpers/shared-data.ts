import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** ../shared/data beside the repository: real arXiv data that tests read, never copy. */
export const SHARED_DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data');

/** True when the shared data folder is present; tests that need it skip otherwise. */
export const hasSharedData = fs.existsSync(path.join(SHARED_DATA, 'README.md'));

/** Appended to the titles of tests that need the shared data, so a skip explains itself. */
export const SKIP_REASON = `(needs ${SHARED_DATA})`;

export const CORPUS = path.join(SHARED_DATA, 'corpus/arxiv-cs-2025.jsonl.gz');
export const FEEDS = path.join(SHARED_DATA, 'arxiv-api');

if (!hasSharedData) process.stderr.write(`paperloom tests: ${SHARED_DATA} is absent; tests that need it are skipped\n`);

/** The first `n` lines of the gzipped 2025 corpus, read as a stream (the file holds 40,717 papers). */
export async function corpusLines(n: number): Promise<string[]> {
  const input = fs.createReadStream(CORPUS).pipe(zlib.createGunzip());
  const lines: string[] = [];
  try {
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
      lines.push(line);
      if (lines.length === n) break;
    }
  } finally {
    input.destroy();
  }
  return lines;
}
