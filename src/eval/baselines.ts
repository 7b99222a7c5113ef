import { candidateOccurrences, surfaceOf, toUnits } from '../../agents/term-extractor/candidates.js';
import { prepareText } from '../nlp/prepare.js';

/**
 * Simple baselines computed by the project, printed beside its own scores from the same run.
 * They use the same candidate noun phrases as the term extractor, so the comparison isolates ranking.
 */

type Candidate = { key: string; surface: string };

/** A document's candidate phrases in order of first occurrence, each once. */
export function candidatePhrases(title: string, text: string): Candidate[] {
  const units = toUnits(prepareText(title, text).tokens);
  const seen = new Map<string, Candidate>();
  for (const o of candidateOccurrences(units)) if (!seen.has(o.key)) seen.set(o.key, { key: o.key, surface: surfaceOf(units, o) });
  return [...seen.values()];
}

/** Baseline: the first k candidate phrases of the text. */
export function firstPhrases(title: string, text: string, k: number): string[] {
  return candidatePhrases(title, text).slice(0, k).map((c) => c.surface);
}

/** Baseline: TF-IDF over candidate phrases, document frequencies from the documents being evaluated. */
export function tfidfRanker(docs: { title: string; text: string }[]): (index: number, k: number) => string[] {
  const perDoc = docs.map((d) => {
    const counts = new Map<string, { surface: string; tf: number }>();
    const units = toUnits(prepareText(d.title, d.text).tokens);
    for (const o of candidateOccurrences(units)) {
      const c = counts.get(o.key) ?? { surface: surfaceOf(units, o), tf: 0 };
      c.tf++;
      counts.set(o.key, c);
    }
    return counts;
  });
  const df = new Map<string, number>();
  for (const counts of perDoc) for (const key of counts.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  return (index, k) =>
    [...perDoc[index]!.entries()]
      .map(([key, c]) => ({ surface: c.surface, score: c.tf * Math.log(docs.length / (df.get(key) ?? 1)) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k)
      .map((c) => c.surface);
}

/** Baseline: the abstract's first sentence as its TLDR. */
export function firstSentence(title: string, abstract: string): string {
  const prepared = prepareText(title, abstract);
  return prepared.sentences[prepared.titleSentences] ?? abstract;
}

/** The sentences of an abstract, for the oracle (the best single sentence: a ceiling, not a method). */
export function abstractSentences(title: string, abstract: string): string[] {
  const prepared = prepareText(title, abstract);
  return prepared.sentences.slice(prepared.titleSentences);
}
