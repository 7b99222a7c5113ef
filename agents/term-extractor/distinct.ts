import { stemKey } from '../../src/nlp/words.js';

/**
 * The ranked terms people are shown: a term is left out when it is a part of a better-ranked term
 * ("adversarial network" after "generative adversarial network"), so a card lists concepts, not the
 * fragments of one concept. The full ranking (what `analyze` and the evaluation score) keeps them,
 * because authors' key phrases are often such parts.
 */
export function distinctTerms<T extends { term: string; key?: string }>(terms: T[], limit: number): T[] {
  const kept: T[] = [];
  const padded: string[] = [];
  for (const t of terms) {
    if (kept.length >= limit) break;
    const key = t.key ?? stemKey(t.term);
    if (!key) continue;
    const needle = ` ${key} `;
    if (padded.some((k) => k.includes(needle))) continue;
    kept.push(t);
    padded.push(needle);
  }
  return kept;
}
