import type { Library } from '../../db/index.js';
import { NotFoundError } from '../../src/errors.js';
import type { SkillMatcher } from '../../src/skills/match.js';
import { ANALYSER_VERSION, runAnalyserVersion } from '../analyst/analyse-paper.js';
import { computeDemand } from '../demand/compute.js';
import { demandPapers } from '../demand/select.js';
import { matchesQuery, parseQuery } from '../fetcher/query.js';
import { consolidate } from '../synthesizer/consolidate.js';
import { SynthesisSchema, type Synthesis, type SynthesisInputPaper } from '../synthesizer/schema.js';
import { distinctTerms } from '../term-extractor/distinct.js';
import { CARD_TERMS, PaperCardSchema, ReportHeaderSchema, ReportSchema, type LlmReport, type PaperCard, type Report, type ReportHeader, type ReportScope } from './schema.js';
import { takeaways } from './takeaways.js';

/** What building a report needs besides the library. */
export type ReportContext = { matcher: SkillMatcher };

/** The papers a report covers, in order, with what happened to each (for a run). */
type Member = { paperId: number; status: PaperCard['status']; error: string | null };

/** A report's scope resolved into its papers; build once, render as header and cards. */
export type ReportSelection = { scope: ReportScope; members: Member[] };

/** Resolves a scope into its papers: a run's in run order, a library selection newest first. */
export function selectReport(library: Library, scope: ReportScope): ReportSelection {
  if (scope.kind === 'run') {
    if (!library.runs.get(scope.runId)) throw new NotFoundError(`no run ${scope.runId}; list runs with: paperloom runs`);
    const members = library.db
      .prepare<[string], { paper_id: number; status: PaperCard['status']; error: string | null }>(
        'SELECT paper_id, status, error FROM run_papers WHERE run_id = ? ORDER BY position',
      )
      .all(scope.runId)
      .map((r) => ({ paperId: r.paper_id, status: r.status, error: r.error }));
    return { scope, members };
  }
  const query = scope.query ? parseQuery(scope.query) : null;
  const categories = scope.categories.map((c) => c.toLowerCase());
  const members: Member[] = [];
  for (const p of library.analyses.papersWithTerms({ analyserVersion: ANALYSER_VERSION })) {
    const day = p.published?.slice(0, 10) ?? null;
    if (scope.since && (!day || day < scope.since)) continue;
    if (scope.until && (!day || day > scope.until)) continue;
    if (categories.length && !p.categories.some((c) => categories.some((x) => c.toLowerCase() === x || c.toLowerCase().startsWith(`${x}.`)))) continue;
    if (query && !matchesQuery(query, p)) continue;
    members.push({ paperId: p.id, status: p.terms.length ? 'analysed' : 'pending', error: null });
  }
  return { scope, members };
}

function runInfo(library: Library, runId: string): ReportHeader['run'] {
  const run = library.runs.get(runId)!;
  return {
    id: run.id,
    query: run.query,
    source: run.source,
    status: run.status,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    params: run.params,
    counts: { papers: run.papers, analysed: run.analysed, skipped: run.skipped, failed: run.failed },
  };
}

/** The synthesis of a library selection, computed now (a run's is stored when the run ends). */
function synthesise(library: Library, selection: ReportSelection): Synthesis | null {
  const ids = selection.members.map((m) => m.paperId);
  const synthesis = consolidate(function* (): Generator<SynthesisInputPaper> {
    for (const g of library.analyses.graphsForPapers(ids, ANALYSER_VERSION)) yield { ...g, ref: `P${g.ref}` };
  });
  return synthesis.papers.length ? synthesis : null;
}

/** A run's LLM agents, usage, fallbacks and budget; null for a run without LLM agents. */
function llmReport(library: Library, runId: string): LlmReport | null {
  const run = library.runs.get(runId);
  if (!run?.llm) return null;
  const info = run.llm as { agents: Record<string, string | null>; budgetUsd: number | null; budgetReachedAt: string | null; unavailable?: Record<string, string> };
  const fallbacks = library.db
    .prepare<[string, string], { summarizer: number | null; terms: number | null }>(
      `SELECT sum(json_extract(a.provenance, '$.summarizer.fallback') IS NOT NULL) AS summarizer,
              sum(json_extract(a.provenance, '$.terms.fallback') IS NOT NULL) AS terms
       FROM run_papers rp JOIN analyses a ON a.paper_id = rp.paper_id AND a.analyser_version = ?
       WHERE rp.run_id = ?`,
    )
    .get(runAnalyserVersion(run), runId);
  return {
    agents: info.agents,
    usage: library.llmCalls.forRun(runId),
    byAgent: library.llmCalls.forRunByAgent(runId),
    fallbacks: { summarizer: fallbacks?.summarizer ?? 0, terms: fallbacks?.terms ?? 0 },
    budgetUsd: info.budgetUsd,
    budgetReachedAt: info.budgetReachedAt,
    unavailable: info.unavailable ?? {},
  };
}

/** Everything in a report except the paper cards: scope, run, takeaways, demand, synthesis. Validated. */
export function reportHeader(library: Library, selection: ReportSelection, context: ReportContext): ReportHeader {
  const { scope } = selection;
  const stored = scope.kind === 'run' ? library.syntheses.get(scope.runId) : null;
  const synthesis = scope.kind === 'run' ? (stored ? SynthesisSchema.parse(stored) : null) : synthesise(library, selection);
  const demand = computeDemand(
    scope.kind === 'run' ? demandPapers(library, { runId: scope.runId }) : demandPapers(library, { query: scope.query ?? undefined, categories: scope.categories }),
    { matcher: context.matcher, window: scope.kind === 'run' ? { from: null, to: null } : { from: scope.since, to: scope.until } },
  );
  return ReportHeaderSchema.parse({
    schema: 'paperloom.report/1',
    generatedAt: new Date().toISOString(),
    scope,
    run: scope.kind === 'run' ? runInfo(library, scope.runId) : null,
    takeaways: takeaways(synthesis, demand),
    llm: scope.kind === 'run' ? llmReport(library, scope.runId) : null,
    demand: demand.window.papers ? demand : null,
    synthesis,
  });
}

/**
 * The report's paper cards in order, one at a time (P1, P2, ...), each validated. A generator, so a
 * report over tens of thousands of papers is written without holding every card in memory.
 */
export function* paperCards(library: Library, selection: ReportSelection): Generator<PaperCard> {
  const run = selection.scope.kind === 'run' ? library.runs.get(selection.scope.runId) : null;
  const analyserVersion = run ? runAnalyserVersion(run) : ANALYSER_VERSION;
  let ref = 0;
  for (const member of selection.members) {
    ref++;
    const paper = library.papers.byId(member.paperId);
    if (!paper) continue; // cannot happen (foreign key); the number stays taken so refs match the map
    const { id: _id, ...fields } = paper;
    const analysis = library.analyses.get(member.paperId, analyserVersion) ?? library.analyses.latest(member.paperId);
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
        provenance: analysis.provenance,
        llmUsage: run?.llm && analysis.provenance ? library.llmCalls.forPaper(run.id, member.paperId) : null,
      },
    });
  }
}

/** The whole report as one validated object (for small selections and tests; large reports stream). */
export function buildReport(library: Library, scope: ReportScope, context: ReportContext): Report {
  const selection = selectReport(library, scope);
  return ReportSchema.parse({ ...reportHeader(library, selection, context), papers: [...paperCards(library, selection)] });
}
