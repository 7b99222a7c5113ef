import type { Library } from '../../db/index.js';
import { background } from '../../src/nlp/background/index.js';
import { stem, stemmedTokens } from '../../src/nlp/words.js';
import { bm25f } from './rank.js';
import { quoteTerm, wordWeight, type QuestionTerms } from './query.js';
import type { RetrievedPaper } from './schema.js';

/** Share of the question's word weight a paper must contain to be offered. */
const COVERAGE = 0.5;
/** Words of a long question that count: those that weigh most. */
const MAX_WORDS = 8;
/** Best-covered candidates that BM25 then orders. */
const SCORED = 50;

export type RetrieveOptions = {
  k: number;
  since?: string | null;
  category?: string | null;
  /** Best-covered candidates that BM25 orders (default 50); the dashboard's search asks for more. */
  candidates?: number;
};

/**
 * Papers for a question. Each content word weighs its rarity (idf over arXiv abstracts); a paper must
 * hold at least half of the question's weight, so "which papers combine MPI with Dask?" needs Dask, not
 * just "combine" and "MPI". Candidates are exactly the papers that can reach that: those holding one of
 * the heaviest words that together outweigh the rest. The best covered come first; among equals, BM25F
 * over title, abstract, summary and key terms (weighted per field, the question's key phrases and
 * spelled-out acronyms included) decides. Skill aliases never stand in for the question's words: a
 * taxonomy skill groups siblings (Dask, Ray, Spark) that are not synonyms.
 */
export function retrieve(library: Library, terms: QuestionTerms, options: RetrieveOptions): RetrievedPaper[] {
  const filters = { since: options.since, category: options.category };
  const words = terms.words
    .map((word) => ({ word, weight: wordWeight(word) }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_WORDS);
  if (words.length === 0) return [];
  const total = words.reduce((sum, w) => sum + w.weight, 0);

  // Candidates are the papers holding one of the "opening" words: the heaviest ones, up to the first
  // that takes their sum past half the weight. A paper without any of them cannot reach half. Each word
  // is then looked up only among the candidates (an FTS5 AND, under a millisecond even for "model").
  const openers: string[] = [];
  let prefix = 0;
  for (const { word, weight } of words) {
    if (prefix > total * COVERAGE) break;
    openers.push(quoteTerm(word));
    prefix += weight;
  }
  const candidatesOnly = `(${openers.join(' OR ')})`;
  const coverage = new Map<number, number>();
  for (const { word, weight } of words) {
    for (const id of library.search.ids(`${quoteTerm(word)} AND ${candidatesOnly}`, filters)) {
      coverage.set(id, (coverage.get(id) ?? 0) + weight);
    }
  }
  const candidates = [...coverage.entries()]
    .filter(([, covered]) => covered >= COVERAGE * total)
    .sort((a, b) => b[1] - a[1] || b[0] - a[0])
    .slice(0, Math.max(options.candidates ?? SCORED, options.k));
  const phrases = terms.expansions.map((e) => {
    const stems = stemmedTokens(e);
    return { stems: stems.join(' '), idf: stems.reduce((sum, s) => sum + background().idf(s), 0) / Math.max(1, stems.length) };
  });
  // Coverage orders first, so a candidate less covered than the k-th cannot be kept: BM25F (the costly
  // part, tokenising each paper) is computed only for those that can.
  const reachable = options.k > 0 && candidates.length > options.k ? candidates[options.k - 1]![1] : 0;
  const stems = words.map((w) => stem(w.word));
  const weights = words.map((w) => w.weight);
  const ranked = candidates
    .filter(([, covered]) => covered >= reachable)
    .map(([id, covered]) => {
      const hit = library.search.hit(id);
      return hit && { hit, covered, score: bm25f(hit, stems, weights, phrases) };
    })
    .filter((x): x is NonNullable<typeof x> => !!x)
    .sort((a, b) => b.covered - a.covered || b.score - a.score || b.hit.paperId - a.hit.paperId);
  const kept: RetrievedPaper[] = ranked.slice(0, options.k).map(({ hit, score }) => ({
    paperId: hit.paperId, arxivId: hit.arxivId, title: hit.title, abstract: hit.abstract, absUrl: hit.absUrl, published: hit.published, score,
  }));
  return kept;
}
