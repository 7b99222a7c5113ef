/**
 * Builds the background statistics the term extractor ranks with (src/nlp/background/arxiv-cs.tsv.gz):
 * document frequencies of stemmed words and of candidate phrases over a corpus of arXiv abstracts in
 * arXiv's snapshot format. Run: npm run build:background -- [corpus.jsonl.gz]
 * (default ../shared/data/corpus/arxiv-cs-2025.jsonl.gz). Only counts are kept, never text; words must
 * occur in 2 documents and candidate terms in 3 to be kept. For each candidate term it also counts the
 * documents whose title has it, and those where it is a whole phrase. Changing this file or rebuilding the statistics
 * changes the analysis: bump ANALYSER_VERSION in agents/analyst/analyse-paper.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { candidateOccurrences, toUnits } from '../../../agents/term-extractor/candidates.js';
import { prepareText } from '../prepare.js';
import { compareStrings } from '../../compare.js';
import { stemmedTokens } from '../words.js';

const corpus = process.argv[2] ?? '../shared/data/corpus/arxiv-cs-2025.jsonl.gz';
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'arxiv-cs.tsv.gz');

const words = new Map<string, number>();
/** Per candidate (single words too): [documents, documents whose title has it, documents where it is a whole phrase]. */
const candidates = new Map<string, [number, number, number]>();
let docs = 0;
const input = fs.createReadStream(corpus).pipe(zlib.createGunzip());
for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const { title, abstract } = JSON.parse(line) as { title: string; abstract: string };
  docs++;
  for (const w of new Set(stemmedTokens(`${title} ${abstract}`))) words.set(w, (words.get(w) ?? 0) + 1);
  const text = prepareText(title, abstract);
  const units = toUnits(text.tokens);
  const seen = new Set<string>();
  const titled = new Set<string>();
  const whole = new Set<string>();
  for (const o of candidateOccurrences(units)) {
    const key = units.slice(o.position, o.position + o.length).flatMap((u) => u.stems).join(' ');
    seen.add(key);
    if (o.sentence < text.titleSentences) titled.add(key);
    if (o.maximal) whole.add(key);
  }
  for (const c of seen) {
    const n = candidates.get(c) ?? [0, 0, 0];
    n[0]++;
    if (titled.has(c)) n[1]++;
    if (whole.has(c)) n[2]++;
    candidates.set(c, n);
  }
}

const lines = [`#docs\t${docs}`];
for (const [w, n] of [...words].sort()) if (n >= 2) lines.push(`w\t${w}\t${n}`);
// p: a phrase (two words or more), s: a single word; documents using it as a candidate, those whose title
// does, and those where it is a whole phrase (not only a part of longer ones).
for (const [c, [n, t, w]] of [...candidates].sort((a, b) => compareStrings(a[0], b[0]))) if (n >= 3) lines.push(`${c.includes(' ') ? 'p' : 's'}\t${c}\t${n}\t${t}\t${w}`);
fs.writeFileSync(out, zlib.gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
process.stderr.write(`${docs} documents: ${lines.length - 1} entries written to ${out} (${fs.statSync(out).size} bytes)\n`);
