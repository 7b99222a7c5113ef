import { rouge } from '../nlp/rouge.js';
import { stemmedTokens } from '../nlp/words.js';

/** A phrase as the protocol compares it: lower-cased alphanumeric tokens, Porter-stemmed, space-joined. */
export function normalisePhrase(phrase: string): string {
  return stemmedTokens(phrase).join(' ');
}

export type Prf = { p: number; r: number; f: number };

/**
 * Precision, recall and F1 of the first `k` distinct predictions (distinct after normalisation)
 * against all gold phrases, present in the text or not. Precision divides by the predictions
 * considered (at most k); a document without gold phrases scores 0.
 */
export function keyphrasePrf(predicted: string[], gold: string[], k: number): Prf {
  const goldSet = new Set(gold.map(normalisePhrase).filter(Boolean));
  const seen = new Set<string>();
  for (const p of predicted) {
    const n = normalisePhrase(p);
    if (n && !seen.has(n)) seen.add(n);
    if (seen.size >= k) break;
  }
  let correct = 0;
  for (const p of seen) if (goldSet.has(p)) correct++;
  const p = seen.size ? correct / seen.size : 0;
  const r = goldSet.size ? correct / goldSet.size : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

/** The best ROUGE-1/2/L F over several gold targets (each metric maximised separately, as SciTLDR does). */
export function bestRouge(candidate: string, targets: string[]): { rouge1: number; rouge2: number; rougeL: number } {
  let best = { rouge1: 0, rouge2: 0, rougeL: 0 };
  for (const t of targets) {
    const r = rouge(candidate, t);
    best = {
      rouge1: Math.max(best.rouge1, r.rouge1.f),
      rouge2: Math.max(best.rouge2, r.rouge2.f),
      rougeL: Math.max(best.rougeL, r.rougeL.f),
    };
  }
  return best;
}

/** Mean of a list (0 for none). */
export function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
