import type { Library } from '../../db/index.js';
import { NotFoundError } from '../../src/errors.js';
import { ANALYSER_VERSION } from '../analyst/analyse-paper.js';
import { SynthesisSchema } from '../synthesizer/schema.js';
import { CARD_TERMS, ReportSchema, type PaperCard, type Report } from './schema.js';

/** Gathers a run's report from the library: run, paper cards in run order, synthesis. Validated. */
export function buildReport(library: Library, runId: string): Report {
  const run = library.runs.get(runId);
  if (!run) throw new NotFoundError(`no run ${runId}; list runs with: paperloom runs`);
  const statuses = new Map(library.db
    .prepare<[string], { paper_id: number; status: PaperCard['status']; error: string | null }>(
      'SELECT paper_id, status, error FROM run_papers WHERE run_id = ? ORDER BY position',
    )
    .all(runId)
    .map((r) => [r.paper_id, r]));
  const cards: PaperCard[] = [];
  for (const member of library.runs.members(runId)) {
    const paper = library.papers.byId(member.paperId);
    if (!paper) continue;
    const { id: _id, ...fields } = paper;
    const analysis = library.analyses.get(member.paperId, ANALYSER_VERSION) ?? library.analyses.latest(member.paperId);
    const status = statuses.get(member.paperId);
    cards.push({
      ...fields,
      ref: `P${cards.length + 1}`,
      status: status?.status ?? member.status,
      error: status?.error ?? null,
      analysis: analysis && {
        analyserVersion: analysis.analyserVersion,
        tldr: analysis.tldr,
        summary: analysis.summary,
        terms: analysis.terms.slice(0, CARD_TERMS),
        rouge: analysis.rouge,
        titleWords: analysis.titleWords,
        summaryWords: analysis.summaryWords,
        mermaid: analysis.mermaid,
      },
    });
  }
  const stored = library.syntheses.get(runId);
  return ReportSchema.parse({
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
    papers: cards,
    synthesis: stored ? SynthesisSchema.parse(stored) : null,
  });
}
