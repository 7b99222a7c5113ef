import type { Library } from '../../db/index.js';
import { ANALYSER_VERSION, runAnalyserVersion } from '../analyst/analyse-paper.js';
import { matchesQuery, parseQuery } from '../fetcher/query.js';
import { distinctTerms } from '../term-extractor/distinct.js';
import type { DemandPaper } from './schema.js';

/** Which papers of the library a demand report covers. */
export type DemandSelection = {
  /** Free text or arXiv syntax, matched locally as for the sample and file sources. */
  query?: string;
  /** Only papers in any of these categories (prefix `cs` matches `cs.*`). */
  categories?: string[];
  /** Only the papers of this run. */
  runId?: string;
};

/** Key terms per paper the emerging-terms count reads: the distinct ones a card shows. */
const TERMS_PER_PAPER = 15;

/** The library's papers as the demand report reads them, filtered by query, category and run. */
export function* demandPapers(library: Library, selection: DemandSelection): Generator<DemandPaper> {
  const query = selection.query ? parseQuery(selection.query) : null;
  const categories = selection.categories?.map((c) => c.toLowerCase()) ?? [];
  // A run's papers as that run analysed them (an LLM run's terms); the library's by the deterministic analyser.
  const analyserVersion = selection.runId ? runAnalyserVersion(library.runs.get(selection.runId)) : ANALYSER_VERSION;
  for (const p of library.analyses.papersWithTerms({ analyserVersion, runId: selection.runId })) {
    if (categories.length && !p.categories.some((c) => categories.some((x) => c.toLowerCase() === x || c.toLowerCase().startsWith(`${x}.`)))) continue;
    if (query && !matchesQuery(query, p)) continue;
    yield {
      arxivId: p.arxivId,
      title: p.title,
      abstract: p.abstract,
      day: p.published?.slice(0, 10) ?? null,
      terms: distinctTerms(p.terms, TERMS_PER_PAPER).map(({ key, term }) => ({ key, term })),
    };
  }
}
