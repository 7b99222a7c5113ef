/**
 * `npm run bench:digest`: a fingerprint of the deterministic analysis, to tell whether a change (a speed-up,
 * a refactor, a dependency update) alters what paperloom writes. Analyses every `--every`-th paper of the
 * corpus (default 4: 10,180 of the 40,717 papers, ~15 s) in one thread, in corpus order, and prints how many
 * and the SHA-256 of their analyses as JSON lines; `--out FILE` also writes those lines, so two runs can be
 * compared paper by paper. Same digest before and after: the output did not change. A different digest
 * means ANALYSER_VERSION must change (agents/analyst/analyse-paper.ts).
 *
 *   npm run bench:digest -- [--every N] [--out FILE] [--corpus FILE]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { ANALYSER_VERSION, analysePaper } from '../../agents/analyst/analyse-paper.js';
import { corpusFile, flag, loadCorpus } from './common.js';

const every = Number(flag('every', '4'));
if (!Number.isInteger(every) || every < 1) {
  console.error(`bench:digest: --every must be a whole number of at least 1, not ${flag('every', '')}`);
  process.exit(2);
}
const out = flag('out', '');
const papers = (await loadCorpus(corpusFile(), Infinity)).filter((_, i) => i % every === 0);
const hash = createHash('sha256');
const lines: string[] = [];
const started = performance.now();
for (const paper of papers) {
  const line = JSON.stringify(analysePaper(paper));
  hash.update(`${line}\n`);
  if (out) lines.push(line);
}
const seconds = (performance.now() - started) / 1000;
if (out) fs.writeFileSync(out, lines.length ? `${lines.join('\n')}\n` : '');
console.log(`${papers.length} papers (every ${every}), analyser ${ANALYSER_VERSION}: sha256 ${hash.digest('hex')} (${seconds.toFixed(1)} s)`);
