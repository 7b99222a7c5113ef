import { stemmedTokens } from './words.js';
import type { Rouge } from '../../db/schema.js';

type Prf = { p: number; r: number; f: number };

function prf(overlap: number, candidateSize: number, referenceSize: number): Prf {
  const p = candidateSize ? overlap / candidateSize : 0;
  const r = referenceSize ? overlap / referenceSize : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function rougeN(candidate: string[], reference: string[], n: number): Prf {
  const c = ngramCounts(candidate, n);
  const r = ngramCounts(reference, n);
  let overlap = 0;
  for (const [gram, count] of c) overlap += Math.min(count, r.get(gram) ?? 0);
  return prf(overlap, Math.max(0, candidate.length - n + 1), Math.max(0, reference.length - n + 1));
}

function lcsLength(a: string[], b: string[]): number {
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
  const c = stemmedTokens(candidate);
  const r = stemmedTokens(reference);
  return {
    rouge1: rougeN(c, r, 1),
    rouge2: rougeN(c, r, 2),
    rougeL: prf(lcsLength(c, r), c.length, r.length),
  };
}
