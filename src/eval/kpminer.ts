import { stemmedTokens } from '../nlp/words.js';
import { isPunctuation, segtokSentences } from './yake.js';

/**
 * KP-Miner (El-Beltagy and Rafea, "KP-Miner: Participation in SemEval-2", SemEval 2010) as pke, a
 * toolkit many published baseline figures come from, implements it (boudinfl/pke, KPMiner), so its
 * published NUS figure can be checked under this project's protocol:
 * - candidates are the 1- to 5-word n-grams of a sentence with no stop word or punctuation, every word
 *   alphanumeric (hyphens and dots allowed) and at least two characters long, three in all;
 * - a candidate must be seen at least `lasf` = 3 times and first within the first `cutoff` = 400 words;
 * - weight = count · idf, with idf = log2(N / (1 + df)) for a single word (df: the documents evaluated
 *   together that contain it, N their number plus one) and log2(N) for a longer candidate. pke also
 *   multiplies by a boosting factor, but one that is the same for every candidate of a document, so it
 *   does not change the ranking and is left out.
 * Words come from the same segtok-like reading of wink's tokens as the YAKE baseline, stop words are
 * wink's (pke uses NLTK's list), and candidates merge by Porter stems, as pke's do.
 */
const MAX_WORDS = 5;
const LASF = 3;
const CUTOFF = 400;

type Candidate = { surface: string; count: number; first: number; words: number };
type Reading = { candidates: Map<string, Candidate>; stems: Set<string> };

const ALPHANUMERIC = /^[\p{L}\p{N}]+$/u;
const validWord = (w: string) => w.length >= 2 && ALPHANUMERIC.test(w.replace(/[-.]/g, ''));

function read(title: string, text: string): Reading {
  const stops = new Set<string>();
  const sentences = segtokSentences(title, text, stops);
  const candidates = new Map<string, Candidate>();
  const stems = new Set<string>();
  let offset = 0;
  for (const sentence of sentences) {
    const words = sentence.map((w) => w.toLowerCase());
    const usable = words.map((w) => !isPunctuation(w) && !stops.has(w) && validWord(w));
    // A word's key: the Porter stems of its parts ("mission-critical" → "mission-crit").
    const keys = words.map((w, i) => (usable[i] ? stemmedTokens(w).join('-') : ''));
    for (let i = 0; i < words.length; i++) {
      if (usable[i]) stems.add(keys[i]!);
      for (let n = 1; n <= MAX_WORDS && i + n <= words.length && usable[i + n - 1]; n++) {
        const slice = words.slice(i, i + n);
        if (slice.join('').length < 3) continue;
        const key = keys.slice(i, i + n).join(' ');
        const c = candidates.get(key);
        if (c) c.count++;
        else candidates.set(key, { surface: slice.join(' '), count: 1, first: offset + i, words: n });
      }
    }
    offset += words.length;
  }
  return { candidates, stems };
}

/** A ranker over a set of documents: KP-Miner's top `k` key phrases of the document at `index`. */
export function kpMinerRanker(docs: { title: string; text: string }[]): (index: number, k: number) => string[] {
  const readings = docs.map((d) => read(d.title, d.text));
  const df = new Map<string, number>();
  for (const r of readings) for (const s of r.stems) df.set(s, (df.get(s) ?? 0) + 1);
  const n = docs.length + 1;
  return (index, k) =>
    [...readings[index]!.candidates.entries()]
      .filter(([, c]) => c.count >= LASF && c.first <= CUTOFF)
      .map(([key, c]) => ({ c, weight: c.count * Math.log2(n / (c.words === 1 ? 1 + (df.get(key) ?? 0) : 1)) }))
      .sort((a, b) => b.weight - a.weight || a.c.first - b.c.first)
      .slice(0, k)
      .map(({ c }) => c.surface);
}
