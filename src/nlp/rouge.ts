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
