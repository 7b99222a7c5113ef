import { ANALYSER_VERSION } from '../../agents/analyst/analyse-paper.js';
import { questionTerms } from '../../agents/answerer/query.js';
import { retrieve } from '../../agents/answerer/retrieve.js';
import { computeDemand } from '../../agents/demand/compute.js';
import type { DemandReport } from '../../agents/demand/schema.js';
import { demandPapers } from '../../agents/demand/select.js';
import { parseQuery } from '../../agents/fetcher/query.js';
import { paperCards, reportHeader, selectReport } from '../../agents/reporter/build-report.js';
import type { PaperCard, ReportHeader } from '../../agents/reporter/schema.js';
import { browsePapers, categoryCounts, filterRanked } from '../../db/browse.js';
import type { Library } from '../../db/index.js';
import type { Run } from '../../db/runs.js';
import { shownStatus } from '../process.js';
import type { CliContext } from '../cli/context.js';
import { NotFoundError, UsageError } from '../errors.js';
import { createLlmRuntime, llmEnabled } from '../llm/runtime.js';
import { skillIndexState, taxonomyDigest } from '../skills/paper-index.js';
import type { Ask, Browse, Demand } from './requests.js';
import type { RunLauncher } from './runs.js';

/** Papers per page of the library and of a run report. */
export const PAGE_SIZE = 50;
/** Search results the library page ranks at most. */
const SEARCH_MAX = 500;

export type Views = ReturnType<typeof createViews>;

/**
 * What the pages and the API read from the library, computed the way the CLI computes it. The slow
 * views (a run's report header, demand over the whole library, category and skill-index counts) are kept
 * until the library changes.
 */
export function createViews(ctx: CliContext, library: Library, launcher: RunLauncher) {
  const skills = ctx.skills();
  const taxonomy = taxonomyDigest(skills);

  /** A view computed again only when the library has changed since. */
  const untilChanged = <T>(make: () => T) => {
    let stamp: string | null = null;
    let value: T;
    return (): T => {
      const now = library.changeStamp();
      if (now !== stamp) {
        value = make();
        stamp = now;
      }
      return value;
    };
  };

  function browse(filters: Browse) {
    const offset = (filters.page - 1) * PAGE_SIZE;
    if (filters.skill && !skills.skills.some((s) => s.id === filters.skill)) throw new UsageError(`no skill "${filters.skill}" in the taxonomy`);
    const skill = filters.skill ? { id: filters.skill, taxonomy } : null;
    if (filters.q?.trim()) {
      const ranked = retrieve(library, questionTerms(filters.q, skills), { k: SEARCH_MAX, candidates: SEARCH_MAX, since: filters.since ?? null, category: filters.category ?? null });
      const rows = filterRanked(library, ranked.map((r) => r.paperId), { until: filters.until, runId: filters.run, skill }, ANALYSER_VERSION);
      return { total: rows.length, rows: rows.slice(offset, offset + PAGE_SIZE), searched: true };
    }
    const { total, rows } = browsePapers(library, { category: filters.category, since: filters.since, until: filters.until, runId: filters.run, skill }, { offset, limit: PAGE_SIZE }, ANALYSER_VERSION);
    return { total, rows, searched: false };
  }

  /** A paper, its card as the reports show it, and the runs that hold it. */
  function paperCard(arxivId: string) {
    const paper = library.papers.byArxivId(arxivId);
    if (!paper) throw new NotFoundError(`paper ${arxivId} is not in the library`);
    const analysed = !!(library.analyses.get(paper.id, ANALYSER_VERSION) ?? library.analyses.latest(paper.id));
    const scope = { kind: 'library' as const, query: null, categories: [], since: null, until: null };
    const card = [...paperCards(library, { scope, members: [{ paperId: paper.id, status: analysed ? 'analysed' : 'pending', error: null }] })][0]!;
    const runs = library.db.prepare<[number], { run_id: string }>('SELECT run_id FROM run_papers WHERE paper_id = ? ORDER BY run_id DESC LIMIT 50').all(paper.id)
      .map((r) => library.runs.get(r.run_id)).filter((r): r is Run => r !== null);
    return { paper, card, runs };
  }

  function getRun(runId: string): Run {
    const run = library.runs.get(runId);
    if (!run) throw new NotFoundError(`no run ${runId}`);
    return run;
  }

  /** The run with the status to show: running here, or interrupted when its process is gone. */
  const shown = (run: Run) => ({ ...run, shownStatus: launcher.isActive(run.id) ? 'running' : shownStatus(run) });
  const hasReport = (run: Run) => !launcher.isActive(run.id) && run.status !== 'running' && run.status !== 'pending';
  const canResume = (run: Run) => !launcher.isActive(run.id) && run.status !== 'completed' && run.params.distributed !== true && shownStatus(run) !== 'running';

  // A run's report header (demand, synthesis, takeaways) is computed once per state of the run.
  const headers = new Map<string, { key: string; header: ReportHeader }>();
  function runHeader(run: Run): ReportHeader {
    const key = `${run.status}|${run.finishedAt}|${run.analysed}|${run.failed}`;
    const cached = headers.get(run.id);
    if (cached?.key === key) return cached.header;
    const header = reportHeader(library, selectReport(library, { kind: 'run', runId: run.id }), { matcher: skills });
    headers.set(run.id, { key, header });
    return header;
  }

  /** A run's page: progress, and once it has ended, its report header and one page of cards. */
  function runView(run: Run, pageNo: number) {
    const header = hasReport(run) ? runHeader(run) : null;
    let cards: PaperCard[] = [];
    if (header) {
      const selection = selectReport(library, { kind: 'run', runId: run.id });
      const offset = (pageNo - 1) * PAGE_SIZE;
      const members = selection.members.slice(offset, offset + PAGE_SIZE);
      cards = [...paperCards(library, { ...selection, members })].map((c, i) => ({ ...c, ref: `P${offset + i + 1}` }));
    }
    return { run: shown(run), progress: launcher.progress(run.id)!, header, cards, page: pageNo, pageSize: PAGE_SIZE, canResume: canResume(run) };
  }

  // Demand over the whole library is seconds of work on 40,000 papers: kept per filter set.
  const demandCache = new Map<string, { stamp: string; report: DemandReport }>();
  function demand(filters: Demand): DemandReport {
    if (filters.query !== undefined) parseQuery(filters.query);
    if (filters.since && filters.until && filters.since > filters.until) throw new UsageError(`since ${filters.since} is after until ${filters.until}`);
    const [from, to] = filters.compareTo?.split('..') ?? [];
    const compareTo = from && to ? { from, to } : undefined;
    if (compareTo && compareTo.from > compareTo.to) throw new UsageError(`compare-to: ${compareTo.from} is after ${compareTo.to}`);
    const stamp = library.changeStamp();
    const key = JSON.stringify(filters);
    const cached = demandCache.get(key);
    if (cached?.stamp === stamp) return cached.report;
    const report = computeDemand(demandPapers(library, { query: filters.query, categories: filters.category }), {
      matcher: skills, window: { from: filters.since ?? null, to: filters.until ?? null }, compareTo, top: filters.top, minSupport: filters.minSupport,
    });
    if (demandCache.size > 20) demandCache.clear();
    demandCache.set(key, { stamp, report });
    return report;
  }

  /** A question answered as `ask` answers it (the LLM answerer when the environment names a model). */
  async function answer(body: Ask) {
    const { ask } = await import('../../graphs/ask/run.js');
    const llmConfig = { ...ctx.config.llm, agents: { summarizer: null, terms: null, synthesizer: null, answer: ctx.config.llm.agents.answer } };
    const runtime = llmEnabled(llmConfig) ? await createLlmRuntime(llmConfig, library, ctx.log) : null;
    const answerLlm = runtime?.handle('answer');
    const result = await ask({ library, skills, answerLlm, log: ctx.log }, body.question, { k: body.k, since: body.since ?? null, category: body.category ?? null, fetch: false });
    return { ...result, llm: answerLlm ? { model: answerLlm.spec, ...runtime!.totals() } : null };
  }

  return {
    skills,
    browse,
    paperCard,
    getRun,
    shown,
    hasReport,
    runHeader,
    runView,
    demand,
    answer,
    categories: untilChanged(() => categoryCounts(library)),
    skillIndex: untilChanged(() => skillIndexState(library, taxonomy)),
  };
}
