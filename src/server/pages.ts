import { html, raw } from 'hono/html';
import type { AskResult } from '../../agents/answerer/schema.js';
import type { DemandReport } from '../../agents/demand/schema.js';
import type { PaperCard, ReportHeader } from '../../agents/reporter/schema.js';
import type { BrowseRow } from '../../db/browse.js';
import type { Run } from '../../db/runs.js';
import { cardHtml, demandSection, escapeHtml, reportMeta, reportSections } from '../export/html.js';
import type { ScheduleView } from '../queue/schedules.js';
import type { Skill } from '../skills/taxonomy.js';
import { day, href, page, paperHref, problem, type Html } from './layout.js';
import type { Browse, Demand } from './requests.js';
import type { RunProgress } from './runs.js';
import { DOWNLOADS } from './streams.js';

/** Links arXiv ids to the dashboard's paper pages. */
const paperLink = (id: string) => `<a href="${escapeHtml(paperHref(id))}">arXiv:${escapeHtml(id)}</a>`;

function pager(total: number, pageNo: number, pageSize: number, link: (page: number) => string): Html {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return html`<nav class="pager" aria-label="pages">
    ${pageNo > 1 ? html`<a href="${link(pageNo - 1)}" rel="prev">← newer</a>` : ''}
    <span class="muted">page ${pageNo} of ${pages}</span>
    ${pageNo < pages ? html`<a href="${link(pageNo + 1)}" rel="next">older →</a>` : ''}</nav>`;
}

export type LibraryView = {
  filters: Browse;
  total: number;
  rows: BrowseRow[];
  pageSize: number;
  searched: boolean;
  categories: { category: string; papers: number }[];
  skills: Skill[];
  runs: Run[];
  skillIndex: { indexed: number; papers: number };
  error?: string;
};

export function libraryPage(v: LibraryView): Html {
  const f = v.filters;
  const link = (pageNo: number) => href('/', { q: f.q, category: f.category, since: f.since, until: f.until, skill: f.skill, run: f.run, page: pageNo });
  const indexing = v.skillIndex.indexed < v.skillIndex.papers;
  const body = html`<h1>Library</h1>
  <form class="inline" method="get" action="/" role="search">
    <label>Search<input type="search" name="q" value="${f.q ?? ''}" size="40" placeholder="words or a question"></label>
    <label>Category<select name="category"><option value="">any</option>${v.categories.map((c) => html`<option value="${c.category}"${c.category === f.category ? raw(' selected') : ''}>${c.category} (${c.papers})</option>`)}</select></label>
    <label>Since<input type="date" name="since" value="${f.since ?? ''}"></label>
    <label>Until<input type="date" name="until" value="${f.until ?? ''}"></label>
    <label>Skill<select name="skill"><option value="">any</option>${v.skills.map((s) => html`<option value="${s.id}"${s.id === f.skill ? raw(' selected') : ''}>${s.name}</option>`)}</select></label>
    <label>Run<select name="run"><option value="">any</option>${v.runs.map((r) => html`<option value="${r.id}"${r.id === f.run ? raw(' selected') : ''}>${r.id} · ${r.query}</option>`)}</select></label>
    <button type="submit">Show</button>
  </form>
  ${problem(v.error)}
  ${indexing && f.skill ? html`<p class="notice">The skill index is being built (${v.skillIndex.indexed} of ${v.skillIndex.papers} papers): the skill filter misses papers not yet indexed.</p>` : ''}
  <p class="muted" id="count">${v.total} papers${v.searched ? ' found, best match first' : ', newest first'}</p>
  <ul class="results">${v.rows.map((r) => html`<li>
    <a href="${paperHref(r.arxivId)}"><strong>${r.title}</strong></a>
    <div class="meta">${r.authors.slice(0, 6).join(', ')}${r.authors.length > 6 ? ' et al.' : ''} · ${day(r.published)} · ${r.primaryCategory ?? ''} · arXiv:${r.arxivId}v${r.version}</div>
    ${r.tldr ? html`<div>${r.tldr}</div>` : html`<div class="muted">not analysed yet</div>`}</li>`)}</ul>
  ${pager(v.total, f.page, v.pageSize, link)}`;
  return page('Library', '/', body);
}

export function paperPage(card: PaperCard, runs: Run[]): Html {
  const body = html`${raw(cardHtml(card, { showRef: false }))}
  <h2>Runs with this paper</h2>
  ${runs.length ? html`<ul>${runs.map((r) => html`<li><a href="/runs/${encodeURIComponent(r.id)}">${r.id}</a> · ${r.query} · ${r.status}</li>`)}</ul>` : html`<p class="muted">none</p>`}`;
  return page(card.title, '', body);
}

export type RunsView = { runs: (Run & { shownStatus: string })[]; sources: string[]; inProgress: string[]; error?: string; form?: Record<string, string> };

export function runsPage(v: RunsView): Html {
  const form = v.form ?? {};
  const body = html`<h1>Runs</h1>
  <h2>Start a run</h2>
  ${problem(v.error)}
  <form class="inline" method="post" action="/runs">
    <label>Query<input name="query" required size="36" value="${form.query ?? ''}" placeholder='GAN, or ti:"diffusion model" AND cat:cs.CV'></label>
    <label>Source<select name="source">${v.sources.map((s) => html`<option value="${s}"${s === form.source ? raw(' selected') : ''}>${s}</option>`)}</select></label>
    <label>Max papers<input type="number" name="max" min="1" max="100000" value="${form.max ?? '100'}"></label>
    <label>Since<input type="date" name="since" value="${form.since ?? ''}"></label>
    <label>Until<input type="date" name="until" value="${form.until ?? ''}"></label>
    <label>Categories<input name="categories" size="14" value="${form.categories ?? ''}" placeholder="cs.CL,cs.LG"></label>
    <button type="submit">Start</button>
  </form>
  <h2>All runs</h2>
  ${v.runs.length === 0 ? html`<p class="muted">No runs yet.</p>` : html`<table><thead><tr><th>Run</th><th>Status</th><th>Papers</th><th>Analysed</th><th>Reused</th><th>Failed</th><th>Created</th><th>Schedule</th><th>Query</th></tr></thead><tbody>
  ${v.runs.map((r) => html`<tr><td><a href="/runs/${encodeURIComponent(r.id)}">${r.id}</a></td><td>${v.inProgress.includes(r.id) ? 'running here' : r.shownStatus}</td><td>${r.papers}</td><td>${r.analysed}</td><td>${r.skipped}</td><td>${r.failed}</td><td>${r.createdAt.slice(0, 16).replace('T', ' ')}</td><td>${r.schedule ?? '—'}</td><td>${r.query} [${r.source}]</td></tr>`)}
  </tbody></table>`}`;
  return page('Runs', '/runs', body);
}

export type RunView = {
  run: Run & { shownStatus: string };
  progress: RunProgress;
  header: ReportHeader | null;
  cards: PaperCard[];
  page: number;
  pageSize: number;
  canResume: boolean;
  error?: string;
};

export function runPage(v: RunView): Html {
  const { run } = v;
  const base = `/runs/${encodeURIComponent(run.id)}`;
  // A run whose process died is not live: it shows as interrupted, with Resume.
  const live = v.progress.active || run.shownStatus === 'running' || run.status === 'pending';
  const body = html`<h1>${run.query} <span class="muted">[${run.source}]</span></h1>
  ${v.header ? raw(reportMeta(v.header)) : html`<p class="meta">Run <code>${run.id}</code> · ${run.shownStatus}</p>`}
  ${problem(v.error)}
  ${live ? html`<section id="progress" data-run-events="${base}/events"><h2>Progress</h2><progress max="${Math.max(1, v.progress.total)}" value="${v.progress.done}"></progress>
    <p class="count">${run.status}: ${v.progress.done} of ${v.progress.total} papers</p></section>` : ''}
  ${run.error ? html`<p class="error">This run failed: ${run.error}</p>` : ''}
  ${v.canResume ? html`<form method="post" action="${base}/resume"><button type="submit">Resume this run</button> <span class="muted">papers already analysed are not redone</span></form>` : ''}
  ${v.header ? html`<p class="downloads"><strong>Download:</strong> ${DOWNLOADS.map(([file, label]) => html`<a href="${base}/download/${file}" download="${run.id}-${file}">${label}</a>`)}</p>
    ${raw(reportSections(v.header, paperHref))}
    <section id="papers"><h2>Papers</h2>
    ${v.cards.map((c) => raw(cardHtml(c, { titleHref: paperHref(c.arxivId) })))}
    ${pager(v.progress.total, v.page, v.pageSize, (p) => `${base}?page=${p}#papers`)}</section>` : ''}`;
  return page(run.query, '/runs', body);
}

export function demandPage(filters: Demand, report: DemandReport | null, error?: string): Html {
  const body = html`<h1>Demand across the library</h1>
  <form class="inline" method="get" action="/demand">
    <label>Query<input name="query" value="${filters.query ?? ''}" size="24" placeholder="free text or arXiv syntax"></label>
    <label>Categories<input name="category" value="${filters.category?.join(',') ?? ''}" size="12" placeholder="cs.LG"></label>
    <label>Since<input type="date" name="since" value="${filters.since ?? ''}"></label>
    <label>Until<input type="date" name="until" value="${filters.until ?? ''}"></label>
    <label>Compare with (from..to)<input name="compareTo" value="${filters.compareTo ?? ''}" size="24" placeholder="2025-03-01..2025-06-30"></label>
    <label>Top<input type="number" name="top" min="1" max="200" value="${filters.top}"></label>
    <label>Fewest papers for an emerging term<input type="number" name="minSupport" min="1" value="${filters.minSupport}"></label>
    <button type="submit">Show</button>
  </form>
  ${problem(error)}
  ${report ? (report.window.papers ? raw(demandSection(report, paperLink)) : html`<p class="muted">No analysed paper matches.</p>`) : ''}`;
  return page('Demand', '/demand', body);
}

export function askPage(form: { question?: string; k?: number; since?: string; category?: string }, result: AskResult | null, error?: string): Html {
  const body = html`<h1>Ask the library</h1>
  <form method="post" action="/ask">
    <p><textarea name="question" rows="2" required placeholder="which papers combine MPI with Dask?">${form.question ?? ''}</textarea></p>
    <div class="inline" style="display:flex;gap:1rem;align-items:end">
      <label>Papers<input type="number" name="k" min="1" max="50" value="${form.k ?? 5}"></label>
      <label>Since<input type="date" name="since" value="${form.since ?? ''}"></label>
      <label>Category<input name="category" size="10" value="${form.category ?? ''}" placeholder="cs.CL"></label>
      <button type="submit">Ask</button></div>
  </form>
  ${problem(error)}
  ${result ? html`<section id="answer"><h2>Answer</h2>
    <p class="answer">${result.answer}</p>
    <p class="meta">${result.mode === 'llm' ? 'Written by a model; ' : ''}every citation is one of the papers retrieved for the question · ${result.latencyMs} ms</p>
    ${result.citations.length ? html`<h3>Cited papers</h3><ul class="citations">${[...new Map(result.citations.map((c) => [c.arxivId, c])).values()].map((c) => html`<li><a href="${paperHref(c.arxivId)}">arXiv:${c.arxivId}</a> ${c.title}</li>`)}</ul>` : ''}
    ${result.retrieved.length ? html`<p class="muted">Retrieved: ${result.retrieved.map((id, i) => html`${i ? ', ' : ''}<a href="${paperHref(id)}">${id}</a>`)}</p>` : ''}
  </section>` : ''}`;
  return page('Ask', '/ask', body);
}

export type SchedulesView = { redis: { ok: boolean; url: string; error?: string }; schedules: ScheduleView[]; sources: string[]; error?: string; message?: string };

export function schedulesPage(v: SchedulesView): Html {
  const body = html`<h1>Schedules</h1>
  ${v.redis.ok ? '' : html`<p class="notice" id="redis-down">Redis at ${v.redis.url} is not reachable (${v.redis.error ?? 'no answer'}): schedules are kept in Redis, so they cannot be added, removed or run now. Start redis-server, or set REDIS_URL, and reload. The schedules the library knows are listed below.</p>`}
  ${problem(v.error)}
  ${v.message ? html`<p class="notice" role="status">${v.message}</p>` : ''}
  ${v.schedules.length === 0 ? html`<p class="muted">No schedules.</p>` : html`<table><thead><tr><th>Name</th><th>Cron</th><th>Zone</th><th>Next</th><th>Last run</th><th>Status</th><th>Query</th><th></th></tr></thead><tbody>
  ${v.schedules.map((s) => html`<tr><td>${s.name}</td><td><code>${s.cron}</code></td><td>${s.tz}</td><td>${s.next?.slice(0, 16).replace('T', ' ') ?? (v.redis.ok ? 'not in Redis' : '—')}</td>
    <td>${s.lastRunId ? html`<a href="/runs/${encodeURIComponent(s.lastRunId)}">${s.lastRunId}</a>` : '—'}</td><td>${s.lastStatus ?? '—'}</td><td>${s.request.query} [${s.request.source}]</td>
    <td>${v.redis.ok ? html`<form method="post" action="/schedules/${encodeURIComponent(s.name)}/run-now" style="display:inline"><button type="submit">Run now</button></form>
      <form method="post" action="/schedules/${encodeURIComponent(s.name)}/remove" style="display:inline" data-confirm="Remove the schedule ${s.name}? Its runs stay in the library."><button type="submit">Remove</button></form>` : ''}</td></tr>`)}
  </tbody></table>`}
  ${v.redis.ok ? html`<h2>Add a schedule</h2>
  <form class="inline" method="post" action="/schedules">
    <label>Name<input name="name" required size="14"></label>
    <label>Cron<input name="cron" required size="12" value="0 3 * * *"></label>
    <label>Time zone<input name="tz" size="12" value="UTC"></label>
    <label>Query<input name="query" size="24"></label>
    <label>Source<select name="source">${v.sources.map((s) => html`<option value="${s}">${s}</option>`)}</select></label>
    <label>Categories<input name="categories" size="12" placeholder="cs.LG"></label>
    <label>Max papers<input type="number" name="max" min="1" value="200"></label>
    <label>Replace<input type="checkbox" name="replace"></label>
    <button type="submit">Add</button>
  </form><p class="muted">A <code>paperloom worker</code> with this library runs them.</p>` : ''}`;
  return page('Schedules', '/schedules', body);
}

export function errorPage(status: number, message: string): Html {
  return page(`Error ${status}`, '', html`<h1>${status === 404 ? 'Not found' : 'Something went wrong'}</h1>${problem(message)}<p><a href="/">Back to the library</a></p>`);
}
