import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { stream, streamSSE } from 'hono/streaming';
import type { z } from 'zod';
import { ANALYSER_VERSION } from '../../agents/analyst/analyse-paper.js';
import { questionTerms } from '../../agents/answerer/query.js';
import { retrieve } from '../../agents/answerer/retrieve.js';
import { computeDemand } from '../../agents/demand/compute.js';
import { demandPapers } from '../../agents/demand/select.js';
import { parseQuery } from '../../agents/fetcher/query.js';
import { paperCards, reportHeader, selectReport } from '../../agents/reporter/build-report.js';
import { jsonChunks } from '../../agents/reporter/json.js';
import type { ReportHeader } from '../../agents/reporter/schema.js';
import { browsePapers, categoryCounts, filterRanked } from '../../db/browse.js';
import type { Library } from '../../db/index.js';
import type { Run } from '../../db/runs.js';
import { shownStatus } from '../cli/commands/library.js';
import type { CliContext } from '../cli/context.js';
import { describeError, NotFoundError, PaperloomError, UsageError } from '../errors.js';
import { REPORT_SCRIPT } from '../export/html.js';
import { exportFiles, FORMATS } from '../export/report-files.js';
import { createLlmRuntime, llmEnabled } from '../llm/runtime.js';
import { openQueue, queueContext, QUEUES, requireRedis } from '../queue/connection.js';
import { addSchedule, listSchedules, removeSchedule, runNow, validateSchedule } from '../queue/schedules.js';
import { skillIndexState, taxonomyDigest } from '../skills/paper-index.js';
import { STYLESHEET } from './layout.js';
import { askPage, demandPage, DOWNLOADS, errorPage, libraryPage, paperPage, runPage, runsPage, schedulesPage } from './pages.js';
import { AskSchema, BrowseSchema, DemandSchema, firstIssue, ScheduleSchema, StartRunSchema, type Browse } from './requests.js';
import { RunLauncher } from './runs.js';
import { allowedHosts, hostCheck, sameOriginWrites, securityHeaders, tokenCheck } from './security.js';

/** Largest request body accepted (a question of 10 KB fits; nothing here needs more). */
export const BODY_LIMIT = 64 * 1024;
/** Papers per page of the library and of a run report. */
export const PAGE_SIZE = 50;
/** Search results the library page ranks at most. */
const SEARCH_MAX = 500;

export type ServerOptions = {
  ctx: CliContext;
  library: Library;
  /** The address the server listens on (for the Host check). */
  host: string;
  token: string | null;
  /** More host names the Host header may name (PAPERLOOM_ALLOWED_HOSTS). */
  extraHosts?: string[];
  /** A folder whose Atom and JSON Lines files the Runs page offers as sources. */
  dataDir?: string | null;
};

const DASHBOARD_SCRIPT = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets', 'dashboard.js'), 'utf8');
let mermaidJs: string | undefined;
const mermaidBundle = () => (mermaidJs ??= fs.readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8'));

/** Status code of an error: the user's mistake, a missing thing, or ours. */
function statusOf(error: unknown): 400 | 404 | 500 {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof UsageError || (error instanceof PaperloomError && !(error.name === 'InvariantError'))) return 400;
  return 500;
}

/** Parses input with a request schema; a problem is a UsageError with one line. */
function input<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(firstIssue(result.error));
  return result.data;
}

/** Form fields as strings (files are not taken). */
async function form(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

async function json(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new UsageError('the request body must be JSON');
  }
}

const CONTENT_TYPES: Record<string, string> = {
  md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8', bib: 'application/x-bibtex; charset=utf-8', mmd: 'text/plain; charset=utf-8',
};

/**
 * The dashboard: pages over the library and a JSON API under /api/ returning what the CLI's --json
 * returns, with the same agents and the same validation. Security middleware first: Host check, token,
 * same-origin writes, body limit, headers.
 */
export function createApp(options: ServerOptions) {
  const { ctx, library } = options;
  const skills = ctx.skills();
  const taxonomy = taxonomyDigest(skills);
  const sources = ['sample', 'arxiv', ...dataFiles(options.dataDir ?? null)];
  const launcher = new RunLauncher(ctx, library, (spec) => sources.includes(spec));
  const qctx = queueContext(ctx.config);
  /** A view of the library computed again only when the library has changed since. */
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
  const categories = untilChanged(() => categoryCounts(library));
  const skillIndex = untilChanged(() => skillIndexState(library, taxonomy));

  // --- reads shared by pages and API ---

  function browse(filters: Browse) {
    const offset = (filters.page - 1) * PAGE_SIZE;
    const skill = filters.skill ? { id: filters.skill, taxonomy } : null;
    if (filters.skill && !skills.skills.some((s) => s.id === filters.skill)) throw new UsageError(`no skill "${filters.skill}" in the taxonomy`);
    if (filters.q?.trim()) {
      const ranked = retrieve(library, questionTerms(filters.q, skills), { k: SEARCH_MAX, candidates: SEARCH_MAX, since: filters.since ?? null, category: filters.category ?? null });
      const rows = filterRanked(library, ranked.map((r) => r.paperId), { until: filters.until, runId: filters.run, skill }, ANALYSER_VERSION);
      return { total: rows.length, rows: rows.slice(offset, offset + PAGE_SIZE), searched: true };
    }
    const { total, rows } = browsePapers(library, { category: filters.category, since: filters.since, until: filters.until, runId: filters.run, skill }, { offset, limit: PAGE_SIZE }, ANALYSER_VERSION);
    return { total, rows, searched: false };
  }

  function paperCard(arxivId: string) {
    const paper = library.papers.byArxivId(arxivId);
    if (!paper) throw new NotFoundError(`paper ${arxivId} is not in the library`);
    const analysed = !!(library.analyses.get(paper.id, ANALYSER_VERSION) ?? library.analyses.latest(paper.id));
    const selection = { scope: { kind: 'library' as const, query: null, categories: [], since: null, until: null }, members: [{ paperId: paper.id, status: analysed ? ('analysed' as const) : ('pending' as const), error: null }] };
    const card = [...paperCards(library, selection)][0]!;
    const runs = library.db.prepare<[number], { run_id: string }>('SELECT run_id FROM run_papers WHERE paper_id = ? ORDER BY run_id DESC LIMIT 50').all(paper.id)
      .map((r) => library.runs.get(r.run_id)).filter((r): r is Run => r !== null);
    return { paper, card, runs };
  }

  function getRun(runId: string): Run {
    const run = library.runs.get(runId);
    if (!run) throw new NotFoundError(`no run ${runId}`);
    return run;
  }

  const shown = (run: Run) => ({ ...run, shownStatus: launcher.isActive(run.id) ? 'running' : shownStatus(run) });

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

  const hasReport = (run: Run) => !launcher.isActive(run.id) && run.status !== 'running' && run.status !== 'pending';
  const canResume = (run: Run) => !launcher.isActive(run.id) && run.status !== 'completed' && run.params.distributed !== true && shownStatus(run) !== 'running';

  function runView(run: Run, pageNo: number) {
    const progress = launcher.progress(run.id)!;
    const header = hasReport(run) ? runHeader(run) : null;
    let cards: ReturnType<typeof paperCards> extends Generator<infer T> ? T[] : never = [];
    if (header) {
      const selection = selectReport(library, { kind: 'run', runId: run.id });
      const offset = (pageNo - 1) * PAGE_SIZE;
      cards = [...paperCards(library, { ...selection, members: selection.members.slice(offset, offset + PAGE_SIZE) })].map((c, i) => ({ ...c, ref: `P${offset + i + 1}` }));
    }
    return { run: shown(run), progress, header, cards, page: pageNo, pageSize: PAGE_SIZE, canResume: canResume(run) };
  }

  // The demand report over the whole library is seconds of work on 40,000 papers: kept per filter set
  // until the library changes.
  const demandCache = new Map<string, { generation: string; report: ReturnType<typeof computeDemand> }>();
  function demand(filters: ReturnType<typeof DemandSchema.parse>) {
    if (filters.query !== undefined) parseQuery(filters.query);
    if (filters.since && filters.until && filters.since > filters.until) throw new UsageError(`since ${filters.since} is after until ${filters.until}`);
    const compareTo = filters.compareTo ? (([from, to]) => ({ from: from!, to: to! }))(filters.compareTo.split('..')) : undefined;
    if (compareTo && compareTo.from > compareTo.to) throw new UsageError(`compare-to: ${compareTo.from} is after ${compareTo.to}`);
    const generation = library.changeStamp();
    const key = JSON.stringify(filters);
    const cached = demandCache.get(key);
    if (cached?.generation === generation) return cached.report;
    const report = computeDemand(demandPapers(library, { query: filters.query, categories: filters.category }), {
      matcher: skills, window: { from: filters.since ?? null, to: filters.until ?? null }, compareTo, top: filters.top, minSupport: filters.minSupport,
    });
    if (demandCache.size > 20) demandCache.clear();
    demandCache.set(key, { generation, report });
    return report;
  }

  async function answer(body: ReturnType<typeof AskSchema.parse>) {
    const { ask } = await import('../../graphs/ask/run.js');
    const llmConfig = { ...ctx.config.llm, agents: { summarizer: null, terms: null, synthesizer: null, answer: ctx.config.llm.agents.answer } };
    const runtime = llmEnabled(llmConfig) ? await createLlmRuntime(llmConfig, library, ctx.log) : null;
    const answerLlm = runtime?.handle('answer');
    const result = await ask({ library, skills, answerLlm, log: ctx.log }, body.question, { k: body.k, since: body.since ?? null, category: body.category ?? null, fetch: false });
    return { ...result, llm: answerLlm ? { model: answerLlm.spec, ...runtime!.totals() } : null };
  }

  async function redisState(): Promise<{ ok: boolean; url: string; error?: string }> {
    try {
      await requireRedis(qctx, 1000);
      return { ok: true, url: qctx.redisUrl };
    } catch (error) {
      return { ok: false, url: qctx.redisUrl, error: describeError(error) };
    }
  }

  async function withRunsQueue<T>(fn: (queue: ReturnType<typeof openQueue>) => Promise<T>): Promise<T> {
    const redis = await redisState();
    if (!redis.ok) throw Object.assign(new UsageError(`Redis at ${redis.url} is not reachable: schedules need it`), { status: 503 });
    const queue = openQueue(qctx, QUEUES.runs, ctx.log);
    try {
      return await fn(queue);
    } finally {
      await queue.close();
    }
  }

  async function addScheduleFrom(body: ReturnType<typeof ScheduleSchema.parse>) {
    const settings = validateSchedule({ name: body.name, cron: body.cron, tz: body.tz, query: body.query, source: body.source, categories: body.categories ?? [], max: body.max, exportDir: null, formats: [] }, ctx.config);
    if (!sources.includes(settings.request.source)) throw new UsageError(`source "${settings.request.source}" is not offered by this server`);
    return withRunsQueue(async (queue) => {
      const result = await addSchedule(library, queue, settings, body.replace);
      const [view] = (await listSchedules(library, queue)).filter((s) => s.name === body.name);
      return { result, schedule: view };
    });
  }

  function download(c: Context, run: Run, file: string) {
    if (!DOWNLOADS.some(([name]) => name === file)) throw new NotFoundError(`no download "${file}"; there are ${DOWNLOADS.map(([n]) => n).join(', ')}`);
    if (!hasReport(run)) throw new UsageError(`run ${run.id} is still in progress; its report comes when it ends`);
    const header = runHeader(run);
    const selection = selectReport(library, { kind: 'run', runId: run.id });
    const ext = file.split('.').at(-1)!;
    let content: string | Iterable<string>;
    if (ext === 'mmd') {
      const source = file === 'concept-map.mmd' ? header.synthesis?.mermaid : file === 'skills-chart.mmd' ? header.demand?.mermaid.chart : header.demand?.mermaid.cooccurrence;
      if (!source) throw new NotFoundError(`run ${run.id} has no ${file}`);
      content = `${source}\n`;
    } else {
      const format = ({ md: 'md', html: 'html', json: 'json', csv: 'csv', bib: 'bibtex' } as const)[ext as 'md'];
      content = exportFiles(library, selection, header, [format]).find((f) => f.path.at(-1) === file)!.content();
    }
    c.header('Content-Type', CONTENT_TYPES[ext]!);
    c.header('Content-Disposition', `attachment; filename="${`${run.id}-${file}`.replace(/[^\w.-]/g, '_')}"`);
    if (typeof content === 'string') return c.body(content);
    const chunks = content;
    return stream(c, async (s) => {
      for (const chunk of chunks) await s.write(chunk);
    });
  }

  function events(c: Context, runId: string) {
    getRun(runId);
    return streamSSE(c, async (s) => {
      let open = true;
      s.onAbort(() => {
        open = false;
      });
      while (open) {
        const progress = launcher.progress(runId)!;
        const run = library.runs.get(runId)!;
        await s.writeSSE({ event: 'progress', data: JSON.stringify(progress) });
        const over = !progress.active && (run.status === 'completed' || run.status === 'failed' || shownStatus(run) !== run.status);
        if (over) {
          await s.writeSSE({ event: 'end', data: JSON.stringify(progress) });
          break;
        }
        await s.sleep(500);
      }
    });
  }

  // --- the app ---

  const app = new Hono();
  app.use('*', hostCheck(allowedHosts(options.host, options.extraHosts ?? [])));
  app.use('*', securityHeaders());
  app.use('*', tokenCheck(options.token));
  app.use('*', sameOriginWrites());
  app.use('*', bodyLimit({ maxSize: BODY_LIMIT, onError: (c) => (c.req.path.startsWith('/api/') ? c.json({ error: `request body over ${BODY_LIMIT} bytes` }, 413) : c.text(`request body over ${BODY_LIMIT} bytes`, 413)) }));

  app.onError((error, c) => {
    const status = (error as { status?: number }).status === 503 ? 503 : statusOf(error);
    if (status === 500) ctx.log(`${c.req.method} ${c.req.path}: ${error.stack ?? describeError(error)}`);
    const message = status === 500 ? 'internal error; the server log says more' : describeError(error);
    if (c.req.path.startsWith('/api/')) return c.json({ error: message }, status);
    return c.html(errorPage(status, message), status);
  });
  app.notFound((c) => (c.req.path.startsWith('/api/') ? c.json({ error: 'not found' }, 404) : c.html(errorPage(404, `nothing at ${c.req.path}`), 404)));

  // assets, all from this package and node_modules: the pages work with no internet
  app.get('/assets/mermaid.min.js', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(mermaidBundle(), 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  app.get('/assets/app.js', (c) => c.body(`${REPORT_SCRIPT}\n${DASHBOARD_SCRIPT}`, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/assets/style.css', (c) => c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  app.get('/favicon.ico', (c) => c.body(null, 204));

  // pages
  app.get('/', (c) => {
    const parsed = BrowseSchema.safeParse(c.req.query());
    const filters = parsed.success ? parsed.data : { page: 1 };
    let result: ReturnType<typeof browse> = { total: 0, rows: [], searched: false };
    let error = parsed.success ? undefined : firstIssue(parsed.error);
    if (!error) {
      try {
        result = browse(filters);
      } catch (e) {
        if (statusOf(e) === 500) throw e;
        error = describeError(e);
      }
    }
    const view = { filters, ...result, pageSize: PAGE_SIZE, categories: categories(), skills: skills.skills, runs: library.runs.list(100), skillIndex: skillIndex(), error };
    return c.html(libraryPage(view), error ? 400 : 200);
  });

  app.get('/papers/:arxivId', (c) => {
    const { card, runs } = paperCard(c.req.param('arxivId'));
    return c.html(paperPage(card, runs));
  });

  app.get('/runs', (c) => c.html(runsPage({ runs: library.runs.list(200).map(shown), sources, inProgress: launcher.inProgress })));

  app.post('/runs', async (c) => {
    const fields = await form(c);
    try {
      const runId = await launcher.start(launcher.request(input(StartRunSchema, fields)));
      return c.redirect(`/runs/${encodeURIComponent(runId)}`, 303);
    } catch (error) {
      if (statusOf(error) !== 400) throw error;
      return c.html(runsPage({ runs: library.runs.list(200).map(shown), sources, inProgress: launcher.inProgress, error: describeError(error), form: fields }), 400);
    }
  });

  app.get('/runs/:id', (c) => {
    const pageNo = Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1);
    return c.html(runPage(runView(getRun(c.req.param('id')), pageNo)));
  });

  app.post('/runs/:id/resume', async (c) => {
    const run = getRun(c.req.param('id'));
    try {
      await launcher.resume(run.id);
    } catch (error) {
      if (statusOf(error) !== 400) throw error;
      return c.html(runPage({ ...runView(run, 1), error: describeError(error) }), 400);
    }
    return c.redirect(`/runs/${encodeURIComponent(run.id)}`, 303);
  });

  app.get('/runs/:id/events', (c) => events(c, c.req.param('id')));
  app.get('/runs/:id/download/:file', (c) => download(c, getRun(c.req.param('id')), c.req.param('file')));

  app.get('/demand', (c) => {
    const parsed = DemandSchema.safeParse(c.req.query());
    if (!parsed.success) return c.html(demandPage(DemandSchema.parse({}), null, firstIssue(parsed.error)), 400);
    try {
      return c.html(demandPage(parsed.data, demand(parsed.data)));
    } catch (error) {
      if (statusOf(error) !== 400) throw error;
      return c.html(demandPage(parsed.data, null, describeError(error)), 400);
    }
  });

  app.get('/ask', (c) => c.html(askPage({}, null)));
  app.post('/ask', async (c) => {
    const fields = await form(c);
    const shownForm = { question: fields.question, k: Number(fields.k) || 5, since: fields.since, category: fields.category };
    try {
      return c.html(askPage(shownForm, await answer(input(AskSchema, fields))));
    } catch (error) {
      if (statusOf(error) !== 400) throw error;
      return c.html(askPage(shownForm, null, describeError(error)), 400);
    }
  });

  app.get('/schedules', async (c) => {
    const redis = await redisState();
    const schedules = redis.ok ? await withRunsQueue((queue) => listSchedules(library, queue)) : await listSchedules(library, null);
    const message = c.req.query('done');
    return c.html(schedulesPage({ redis, schedules, sources, message }));
  });

  const scheduleAction = (fn: (name: string) => Promise<string>) => async (c: Context) => {
    const name = c.req.param('name')!;
    try {
      return c.redirect(`/schedules?done=${encodeURIComponent(await fn(name))}`, 303);
    } catch (error) {
      if (statusOf(error) !== 400 && statusOf(error) !== 404) throw error;
      const redis = await redisState();
      const schedules = await listSchedules(library, null);
      return c.html(schedulesPage({ redis, schedules, sources, error: describeError(error) }), 400);
    }
  };
  app.post('/schedules', async (c) => {
    const fields = await form(c);
    try {
      const { result } = await addScheduleFrom(input(ScheduleSchema, fields));
      return c.redirect(`/schedules?done=${encodeURIComponent(`schedule ${fields.name} ${result}`)}`, 303);
    } catch (error) {
      if (statusOf(error) !== 400) throw error;
      const redis = await redisState();
      return c.html(schedulesPage({ redis, schedules: await listSchedules(library, null), sources, error: describeError(error) }), 400);
    }
  });
  app.post('/schedules/:name/remove', scheduleAction(async (name) => {
    await withRunsQueue((queue) => removeSchedule(library, queue, name));
    return `schedule ${name} removed`;
  }));
  app.post('/schedules/:name/run-now', scheduleAction(async (name) => {
    const jobId = await withRunsQueue((queue) => runNow(library, queue, name));
    return `run of ${name} queued (job ${jobId}); a worker with this library runs it`;
  }));

  // JSON API: what the CLI's --json prints for the same operation
  const api = new Hono();
  api.get('/papers', (c) => {
    const filters = input(BrowseSchema, c.req.query());
    const { total, rows } = browse(filters);
    return c.json({ total, page: filters.page, pageSize: PAGE_SIZE, papers: rows });
  });
  api.get('/papers/:arxivId', (c) => {
    const { paper } = paperCard(c.req.param('arxivId'));
    const { id: _id, ...fields } = paper;
    return c.json({ ...fields, analysis: library.analyses.get(paper.id, ANALYSER_VERSION) ?? library.analyses.latest(paper.id) });
  });
  api.get('/runs', (c) => c.json(library.runs.list(Math.min(1000, Math.max(1, Number(c.req.query('limit')) || 50)))));
  api.post('/runs', async (c) => {
    const runId = await launcher.start(launcher.request(input(StartRunSchema, await json(c))));
    return c.json({ runId, progress: launcher.progress(runId) }, 202);
  });
  api.get('/runs/:id', (c) => c.json({ run: getRun(c.req.param('id')), progress: launcher.progress(c.req.param('id')) }));
  api.post('/runs/:id/resume', async (c) => {
    const run = getRun(c.req.param('id'));
    await launcher.resume(run.id);
    return c.json({ runId: run.id, progress: launcher.progress(run.id) }, 202);
  });
  api.get('/runs/:id/events', (c) => events(c, c.req.param('id')));
  api.get('/runs/:id/report', (c) => {
    const run = getRun(c.req.param('id'));
    if (!hasReport(run)) throw new UsageError(`run ${run.id} is still in progress; its report comes when it ends`);
    const chunks = jsonChunks(runHeader(run), paperCards(library, selectReport(library, { kind: 'run', runId: run.id })));
    c.header('Content-Type', 'application/json; charset=utf-8');
    return stream(c, async (s) => {
      for (const chunk of chunks) await s.write(chunk);
    });
  });
  api.get('/runs/:id/download/:file', (c) => download(c, getRun(c.req.param('id')), c.req.param('file')));
  api.get('/demand', (c) => c.json(demand(input(DemandSchema, c.req.query()))));
  api.post('/ask', async (c) => c.json(await answer(input(AskSchema, await json(c)))));
  api.get('/schedules', async (c) => c.json(await withRunsQueue((queue) => listSchedules(library, queue))));
  api.post('/schedules', async (c) => c.json(await addScheduleFrom(input(ScheduleSchema, await json(c)))));
  api.delete('/schedules/:name', async (c) => {
    await withRunsQueue((queue) => removeSchedule(library, queue, c.req.param('name')));
    return c.json({ removed: c.req.param('name') });
  });
  api.post('/schedules/:name/run-now', async (c) => {
    const jobId = await withRunsQueue((queue) => runNow(library, queue, c.req.param('name')));
    return c.json({ queued: c.req.param('name'), jobId });
  });
  app.route('/api', api);

  return { app, launcher, sources, formats: FORMATS };
}

/** The Atom and JSON Lines files of the data folder, as `file:` sources. */
function dataFiles(dir: string | null): string[] {
  if (!dir) return [];
  return fs.readdirSync(dir)
    .filter((f) => /\.(xml|atom|jsonl|jsonl\.gz|json\.gz)$/i.test(f))
    .sort()
    .map((f) => `file:${path.join(path.resolve(dir), f)}`);
}
