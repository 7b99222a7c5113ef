import { compareStrings, mostFrequent } from '../../src/compare.js';
import { background } from '../../src/nlp/background/index.js';
import type { PreparedText } from '../../src/nlp/prepare.js';
import { prepareText } from '../../src/nlp/prepare.js';
import { acronymDefinitions, candidateOccurrences, toUnits } from './candidates.js';
import { TermExtractorInputSchema, type RankedTerm, type TermExtractorInput, type TermExtractorOutput } from './schema.js';

/** Texts longer than this many words are treated as full papers (KP-Miner's rule: terms must recur). */
const LONG_TEXT = 1000;
/** How often a term must occur in a full paper to be ranked. */
const LONG_TEXT_MIN_COUNT = 3;
/** Words over which the position weight halves: terms introduced early matter more. */
const POSITION_SCALE = 50;
/** Weight of background "termhood": how many arXiv abstracts use the phrase as a term. */
const TERMHOOD_WEIGHT = 0.3;
/**
 * In full papers, single words (recurring everywhere: "graphs", "pages") weigh this much against
 * phrases, and a phrase's count weighs as its square root (measured on NUS: 25.3 -> 26.5 F1@10).
 */
const LONG_TEXT_SINGLE_WORD = 0.3;

type Aggregate = {
  surfaces: Map<string, number>;
  sentences: Set<number>;
  count: number;
  /** Occurrences as a whole noun phrase; 0 means it only ever appears inside longer phrases. */
  whole: number;
  first: number;
  length: number;
  stems: string[];
};

/**
 * Ranks the candidate phrases of a prepared text. For each term:
 * `log(1 + count) · idf · log2(1 + words) · position · termhood`, where idf is the mean inverse document
 * frequency of its words over arXiv abstracts, position = 1 / (1 + first word index / 50), and termhood =
 * 1 + 0.3·log(1 + abstracts using the phrase as a term). Parts that never occur as a whole noun phrase
 * count half. In full papers (over LONG_TEXT words) count weighs as √count, single words as 0.3, and
 * a term as √(share of its occurrences that are whole phrases). Acronyms count as the phrase they
 * abbreviate. Deterministic.
 */
export function rankTerms(text: PreparedText, limit = 20): RankedTerm[] {
  const stats = background();
  const units = toUnits(text.tokens);
  const occurrences = candidateOccurrences(units);
  const acronyms = acronymDefinitions(units, occurrences);
  const terms = new Map<string, Aggregate>();
  for (const o of occurrences) {
    const expansion = o.length === 1 ? acronyms.get(o.key) : undefined;
    const key = expansion ?? o.key;
    let t = terms.get(key);
    if (!t) {
      t = { surfaces: new Map(), sentences: new Set(), count: 0, whole: 0, first: o.position, length: o.length, stems: [] };
      terms.set(key, t);
    }
    if (!expansion) {
      t.surfaces.set(o.surface, (t.surfaces.get(o.surface) ?? 0) + 1);
      if (t.stems.length === 0) for (let i = o.position; i < o.position + o.length; i++) t.stems.push(...units[i]!.stems);
    }
    t.sentences.add(o.sentence);
    t.count++;
    if (o.maximal || expansion) t.whole++;
  }

  const long = units.length > LONG_TEXT;
  const scored: { key: string; t: Aggregate; score: number }[] = [];
  for (const [key, t] of terms) {
    // A term seen only as an acronym's expansion has no surface of its own to show.
    if (t.surfaces.size === 0 || t.stems.length === 0) continue;
    if (long && t.count < LONG_TEXT_MIN_COUNT && !inTitle(t, text.titleSentences)) continue;
    let idf = 0;
    for (const s of t.stems) idf += stats.idf(s);
    idf /= t.stems.length;
    const termhood = 1 + TERMHOOD_WEIGHT * Math.log1p(stats.phraseDocs(t.stems.join(' ')));
    let weight = t.whole === 0 ? 0.5 : 1;
    let frequency = Math.log1p(t.count);
    if (long) {
      // A part mostly seen inside longer phrases ("ramsey" of "ramsey graphs") is mostly not a term.
      weight *= Math.sqrt(Math.max(t.whole, 0.5) / t.count) * (t.length === 1 ? LONG_TEXT_SINGLE_WORD : 1);
      frequency = Math.sqrt(t.count);
    }
    scored.push({ key, t, score: (frequency * idf * Math.log2(1 + t.length) * termhood * weight) / (1 + t.first / POSITION_SCALE) });
  }
  scored.sort((a, b) => b.score - a.score || compareStrings(a.key, b.key));
  // Surfaces and sentence lists only for the terms returned.
  return scored.slice(0, limit).map(({ key, t, score }) => ({
    key,
    term: mostFrequent(t.surfaces)!,
    score: Math.round(score * 1e4) / 1e4,
    sentences: [...t.sentences].sort((a, b) => a - b),
  }));
}

function inTitle(t: Aggregate, titleSentences: number): boolean {
  for (const s of t.sentences) if (s < titleSentences) return true;
  return false;
}

/** The term extractor agent: ranked key phrases of a paper. Deterministic: same input, same output. */
export function extractKeyTerms(input: TermExtractorInput, limit = 20): TermExtractorOutput {
  const parsed = TermExtractorInputSchema.parse(input);
  return { terms: rankTerms(prepareText(parsed.title, parsed.abstract), limit).map(({ term, key, score }) => ({ term, key, score })) };
}
