import type { Rouge } from '../../db/schema.js';
import { stem, wordTokens } from './words.js';

type Prf = { p: number; r: number; f: number };

function prf(overlap: number, candidateSize: number, referenceSize: number): Prf {
  const p = candidateSize ? overlap / candidateSize : 0;
  const r = referenceSize ? overlap / referenceSize : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

/**
 * Both texts as Porter-stemmed alphanumeric tokens, each stem mapped to a small integer (below the
 * returned vocabulary size) so n-grams can be counted in arrays. A word is stemmed once per call (texts
 * repeat their words, and the shared stem cache is a large map).
 */
function encodeStems(a: string, b: string): [Int32Array, Int32Array, number] {
  const byWord = new Map<string, number>();
  const byStem = new Map<string, number>();
  const encode = (text: string) => {
    const words = wordTokens(text);
    const out = new Int32Array(words.length);
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      let id = byWord.get(word);
      if (id === undefined) {
        const stemmed = stem(word);
        id = byStem.get(stemmed);
        if (id === undefined) byStem.set(stemmed, (id = byStem.size));
        byWord.set(word, id);
      }
      out[i] = id;
    }
    return out;
  };
  return [encode(a), encode(b), byStem.size];
}

/** Clipped unigram overlap: each candidate word counts at most as often as in the reference. */
function unigramOverlap(c: Int32Array, r: Int32Array, vocabulary: number): number {
  const left = new Int32Array(vocabulary);
  for (let i = 0; i < r.length; i++) left[r[i]!]!++;
  let hits = 0;
  for (let i = 0; i < c.length; i++) if (left[c[i]!]! > 0) { hits++; left[c[i]!]!--; }
  return hits;
}

/**
 * Clipped bigram overlap, as the sum over distinct bigrams of the lesser of its two counts: both texts'
 * bigrams (as numbers) sorted and merged.
 */
function bigramOverlap(c: Int32Array, r: Int32Array, vocabulary: number): number {
  const bigrams = (x: Int32Array) => {
    const out = new Float64Array(Math.max(0, x.length - 1));
    for (let i = 0; i + 1 < x.length; i++) out[i] = x[i]! * vocabulary + x[i + 1]!;
    return out.sort();
  };
  const a = bigrams(c);
  const b = bigrams(r);
  let hits = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else { hits++; i++; j++; }
  }
  return hits;
}

/** Length of the longest common subsequence; linear when the candidate is a subsequence (extracts are). */
function lcsLength(a: Int32Array, b: Int32Array): number {
  let j = 0;
  for (let i = 0; i < a.length && j <= b.length; i++) {
    while (j < b.length && b[j] !== a[i]) j++;
    if (j++ >= b.length) return dynamicLcs(a, b);
  }
  return a.length;
}

function dynamicLcs(a: Int32Array, b: Int32Array): number {
  let prev = new Uint32Array(b.length + 1);
  let curr = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      curr[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, curr[j - 1]!);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/**
 * ROUGE-1, ROUGE-2 and ROUGE-L (summary-level LCS over the whole text) with precision, recall and F,
 * on lower-cased, Porter-stemmed alphanumeric tokens: the protocol of the SciTLDR figures.
 */
export function rouge(candidate: string, reference: string): Rouge {
  const [c, r, vocabulary] = encodeStems(candidate, reference);
  return {
    rouge1: prf(unigramOverlap(c, r, vocabulary), c.length, r.length),
    rouge2: prf(bigramOverlap(c, r, vocabulary), Math.max(0, c.length - 1), Math.max(0, r.length - 1)),
    rougeL: prf(lcsLength(c, r), c.length, r.length),
  };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** How many words wordTokens finds in a text, without building them. */
function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // (lower-casing changes no ASCII character's class; beyond ASCII it can, so count as wordTokens does)
    if (c >= 128) return unicodeWordCount(text.toLowerCase());
    const isWord = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    if (isWord && !inWord) count++;
    inWord = isWord;
  }
  return count;
}

function unicodeWordCount(lower: string): number {
  let count = 0;
  let inWord = false;
  for (const ch of lower) {
    const isWord = WORD_CHAR.test(ch);
    if (isWord && !inWord) count++;
    inWord = isWord;
  }
  return count;
}

/**
 * rouge(summary, reference) for a summary made of whole sentences of the reference, in their order
 * (`chosen`: indices into `sentences`, ascending), the same figures computed without stemming every
 * word: the summary's words are a subsequence of the reference's, so its unigrams all match and its
 * longest common subsequence is itself; its bigrams match too, except those across two sentences that
 * are not next to each other in the reference, which are counted. `sentences` must be the reference's
 * sentences, which together hold its words in order (checked by counting them; if not, rouge() answers).
 */
export function extractRouge(sentences: string[], chosen: number[], reference: string): Rouge {
  const summaryOf = () => chosen.map((i) => sentences[i]!).join(' ');
  const valid = chosen.length > 0 && chosen.every((k, m) => k >= 0 && k < sentences.length && (m === 0 || k > chosen[m - 1]!));
  if (!valid) return rouge(summaryOf(), reference);
  const contiguous = chosen.every((k, m) => m === 0 || k === chosen[m - 1]! + 1);
  let reading: Reading | undefined;
  let total = 0;
  let length = 0;
  if (contiguous) {
    for (let s = 0; s < sentences.length; s++) {
      const n = wordCount(sentences[s]!);
      total += n;
      if (s >= chosen[0]! && s <= chosen.at(-1)!) length += n;
    }
  } else {
    reading = readSentences(sentences, chosen);
    total = reading.words.length;
    length = reading.length;
  }
  if (total !== wordCount(reference)) return rouge(summaryOf(), reference);
  const bigramHits = reading ? gapBigramHits(reading) : Math.max(0, length - 1);
  return {
    rouge1: prf(length, length, total),
    rouge2: prf(bigramHits, Math.max(0, length - 1), Math.max(0, total - 1)),
    rougeL: prf(length, length, total),
  };
}

/** The words of all sentences, which of them are in chosen sentences, and how many are. */
type Reading = { words: string[]; picked: Uint8Array; length: number };

function readSentences(sentences: string[], chosen: number[]): Reading {
  const perSentence = sentences.map(wordTokens);
  let total = 0;
  for (const w of perSentence) total += w.length;
  const words: string[] = new Array(total);
  const picked = new Uint8Array(total);
  let at = 0;
  let next = 0;
  let length = 0;
  for (let s = 0; s < sentences.length; s++) {
    const isChosen = chosen[next] === s;
    if (isChosen) next++;
    for (const w of perSentence[s]!) {
      if (isChosen) {
        picked[at] = 1;
        length++;
      }
      words[at++] = w;
    }
  }
  return { words, picked, length };
}

/**
 * The clipped bigram overlap of a summary made of chosen sentences of which some are not next to each
 * other: the bigrams the reference has at the same place match; each bigram across a gap matches as
 * often as the reference has it elsewhere.
 */
function gapBigramHits({ words, picked, length }: Reading): number {
  let previous = -1;
  const gaps: [number, number][] = [];
  for (let j = 0; j < words.length; j++) {
    if (!picked[j]) continue;
    if (previous >= 0 && previous !== j - 1) gaps.push([previous, j]);
    previous = j;
  }
  let hits = Math.max(0, length - 1 - gaps.length);
  const counted = new Set<string>();
  // (a stem keeps its word's first letter: a cheap test before stemming)
  const isBigram = (a: number, b: number, x: string, y: string) => words[a]![0] === x[0] && words[b]![0] === y[0] && stem(words[a]!) === x && stem(words[b]!) === y;
  for (const [p, q] of gaps) {
    const x = stem(words[p]!);
    const y = stem(words[q]!);
    const key = `${x} ${y}`;
    if (counted.has(key)) continue;
    counted.add(key);
    let inGaps = 0;
    for (const [a, b] of gaps) if (isBigram(a, b, x, y)) inGaps++;
    let elsewhere = 0;
    for (let j = 0; j + 1 < words.length; j++) if (!(picked[j] && picked[j + 1]) && isBigram(j, j + 1, x, y)) elsewhere++;
    hits += Math.min(inGaps, elsewhere);
  }
  return hits;
}
