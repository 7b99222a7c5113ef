import type { Library } from '../../db/index.js';
import { NotFoundError } from '../../src/errors.js';
import { ANALYSER_VERSION } from '../analyst/analyse-paper.js';
import { SynthesisSchema } from '../synthesizer/schema.js';
import { distinctTerms } from '../term-extractor/distinct.js';
import { CARD_TERMS, PaperCardSchema, ReportHeaderSchema, ReportSchema, type PaperCard, type Report, type ReportHeader } from './schema.js';

/** Everything in a run's report except the paper cards: run, counts, synthesis. Validated. */
export function reportHeader(library: Library, runId: string): ReportHeader {
  const run = library.runs.get(runId);
  if (!run) throw new NotFoundError(`no run ${runId}; list runs with: paperloom runs`);
  const stored = library.syntheses.get(runId);
  return ReportHeaderSchema.parse({
    schema: 'paperloom.report/1',
    generatedAt: new Date().toISOString(),
    run: {
      id: run.id,
      query: run.query,
      source: run.source,
      status: run.status,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
      params: run.params,
      counts: { papers: run.papers, analysed: run.analysed, skipped: run.skipped, failed: run.failed },
    },
    synthesis: stored ? SynthesisSchema.parse(stored) : null,
  });
}

/**
 * The run's paper cards in run order, one at a time (P1, P2, ...), each validated. A generator, so a
 * report over tens of thousands of papers is written without holding every card in memory.
 */
export function* paperCards(library: Library, runId: string): Generator<PaperCard> {
  const members = library.db
    .prepare<[string], { paper_id: number; status: PaperCard['status']; error: string | null }>(
      'SELECT paper_id, status, error FROM run_papers WHERE run_id = ? ORDER BY position',
    )
    .all(runId);
  let ref = 0;
  for (const member of members) {
    ref++;
    const paper = library.papers.byId(member.paper_id);
    if (!paper) continue; // cannot happen (foreign key); the number stays taken so refs match the map
    const { id: _id, ...fields } = paper;
    const analysis = library.analyses.get(member.paper_id, ANALYSER_VERSION) ?? library.analyses.latest(member.paper_id);
    yield PaperCardSchema.parse({
      ...fields,
      ref: `P${ref}`,
      status: member.status,
      error: member.error,
      analysis: analysis && {
        analyserVersion: analysis.analyserVersion,
        tldr: analysis.tldr,
        summary: analysis.summary,
        terms: distinctTerms(analysis.terms, CARD_TERMS),
        rouge: analysis.rouge,
        titleWords: analysis.titleWords,
        summaryWords: analysis.summaryWords,
        mermaid: analysis.mermaid,
      },
    });
  }
}

/** The whole report as one validated object (for small runs and tests; large reports stream). */
export function buildReport(library: Library, runId: string): Report {
  const header = reportHeader(library, runId);
  return ReportSchema.parse({ ...header, papers: [...paperCards(library, runId)] });
}
