import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSER_VERSION } from '../../agents/analyst/analyse-paper.js';
import { AskResultSchema } from '../../agents/answerer/schema.js';
import { DemandReportSchema } from '../../agents/demand/schema.js';
import { ReportSchema } from '../../agents/reporter/schema.js';
import { openLibrary, type Library } from '../../db/index.js';
import { startRun } from '../../graphs/research/run.js';
import { indexSkills } from '../../src/skills/paper-index.js';
import { ArxivServer } from '../helpers/arxiv-server.js';
import { runCli } from '../helpers/cli.js';
import { OpenAiServer, type ChatRequest, type ScriptedReply } from '../helpers/openai-server.js';
import { hasRedis, TestRedis } from '../helpers/redis.js';
import { competentReply, dataBlocks } from '../helpers/scripted-llm.js';
import { checkAndClose, dashboardFixture, hasChromium, snapshot, launchChromium, openPage, rawRequest, renderedDiagrams, startDashboard, testContext } from '../helpers/dashboard.js';
import { HOSTILE, hostileFeed } from '../helpers/hostile.js';
import { defaultSkills, request, testDeps } from '../helpers/research.js';
import { CORPUS, hasSharedData } from '../helpers/shared-data.js';

type Dashboard = Awaited<ReturnType<typeof startDashboard>>;
type Fixture = Awaited<ReturnType<typeof dashboardFixture>>;

describe.skipIf(!hasChromium)('the dashboard in headless Chromium (paperloom serve)', () => {
  let dir: string;
  let dbPath: string;
  let dataDir: string;
  let library: Library;
  let dash: Dashboard;
  let browser: Browser;
  let arxiv: ArxivServer | undefined;
  const runs = { sample: '', hostile: '' };
  let ctx: ReturnType<typeof testContext>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-dashboard-'));
    dbPath = path.join(dir, 'library.db');
    dataDir = path.join(dir, 'data');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'hostile.xml'), hostileFeed());
    if (hasSharedData) fs.symlinkSync(CORPUS, path.join(dataDir, 'corpus.jsonl.gz'));
    library = openLibrary(dbPath);
    runs.sample = (await startRun(library, testDeps(library), request())).runId;
    runs.hostile = (await startRun(library, testDeps(library), request({ query: 'all:*', source: `file:${path.join(dataDir, 'hostile.xml')}` }))).runId;
    await indexSkills(library, defaultSkills());
    if (hasSharedData) arxiv = await new ArxivServer().start();
    ctx = testContext(dbPath, (c) => ({
      ...c,
      // Nothing answers on port 1: the schedules page shows its notice.
      queue: { ...c.queue, redisUrl: 'redis://127.0.0.1:1' },
      arxiv: { ...c.arxiv, baseUrl: arxiv?.url ?? 'http://127.0.0.1:9/api/query', delayMs: 10, pageSize: 10, retries: 0, backoffMs: 5 },
      llm: { ...c.llm, agents: { summarizer: null, terms: null, synthesizer: null, answer: null } },
    }));
    dash = await startDashboard({ ctx, library, token: null, dataDir });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await dash?.close();
    await arxiv?.stop();
    library?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('library: lists every paper, hostile titles as text; search, category, date and skill filters narrow it', async () => {
    const opened = await openPage(browser, dash.base, '/');
    const { page } = opened;
    expect(opened.status).toBe(200);
    expect(await page.textContent('#count')).toBe(`${10 + HOSTILE.length} papers, newest first`);
    const body = await page.textContent('body');
    for (const p of HOSTILE) expect(body).toContain(p.title);

    await page.fill('input[name=q]', 'Wasserstein distance');
    await page.click('button[type=submit]');
    await page.waitForURL(/q=Wasserstein/);
    expect(await page.textContent('#count')).toMatch(/^\d+ papers found, best match first$/);
    expect(await page.textContent('ul.results li:first-child strong')).toContain('WGAN');

    await page.goto(`${dash.base}/?skill=pytorch`);
    const skillHits = await page.$$eval('ul.results li strong', (n) => n.map((x) => x.textContent));
    expect(skillHits).toContain(HOSTILE[0]!.title);
    expect(skillHits.length).toBeLessThan(10 + HOSTILE.length);

    await page.goto(`${dash.base}/?since=2025-04-01&until=2025-05-31`);
    expect(await page.$$eval('ul.results li strong', (n) => n.map((x) => x.textContent))).toEqual([HOSTILE[2]!.title, HOSTILE[1]!.title]);

    await checkAndClose(opened, 'library');
    const bad = await openPage(browser, dash.base, '/?category=nope!');
    expect(bad.status).toBe(400);
    expect(await bad.page.textContent('.error')).toBe('category must be an arXiv category like cs.CL');
    await bad.page.close();
  }, 60_000);

  it('paper: the full card, its concept diagram rendered, Read aloud speaks TLDR and summary', async () => {
    const opened = await openPage(browser, dash.base, '/papers/2503.00001');
    const { page } = opened;
    await page.evaluate(() => {
      const spoken: string[] = [];
      (window as unknown as { spoken: string[] }).spoken = spoken;
      Object.defineProperty(window, 'speechSynthesis', { value: { cancel() {}, speak(u: { text: string }) { spoken.push(u.text); } } });
      (window as unknown as { SpeechSynthesisUtterance: unknown }).SpeechSynthesisUtterance = class { constructor(readonly text: string) {} };
    });
    expect(await page.textContent('h3')).toBe(HOSTILE[0]!.title);
    const diagrams = await renderedDiagrams(page);
    expect(diagrams).toHaveLength(1);
    expect(diagrams.every((d) => d.svg && !d.error)).toBe(true);
    expect(await page.textContent('.terms')).toMatch(/\S/);
    expect(await page.textContent('.meta:has-text("ROUGE")')).toMatch(/ROUGE-1\/2\/L F1 vs abstract: [\d.]+%/);
    await page.click('button.read-aloud');
    const spoken = await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
    expect(spoken[0]).toContain('TLDR.');
    expect(spoken[0]).toContain('Summary.');
    expect(await page.textContent('body')).toContain(runs.hostile);
    const missing = await openPage(browser, dash.base, '/papers/9999.99999');
    expect(missing.status).toBe(404);
    await missing.page.close();
    await checkAndClose(opened, 'paper');
  }, 60_000);

  it('run report: cards, rendered map with glossary, demand table and chart, takeaways; every download', async () => {
    const opened = await openPage(browser, dash.base, `/runs/${runs.hostile}`);
    const { page } = opened;
    const diagrams = await renderedDiagrams(page);
    // a graph per paper, the concept map, the skills chart and the skills named together
    expect(diagrams.length).toBe(HOSTILE.length + 3);
    expect(diagrams.every((d) => d.svg && !d.error)).toBe(true);
    expect(await page.$$eval('article.card', (n) => n.length)).toBe(HOSTILE.length);
    for (const id of ['takeaways', 'demand', 'map']) expect(await page.$(`section#${id}`)).not.toBeNull();
    expect(await page.textContent('#map')).toContain('Glossary of relationships');
    expect(await page.textContent('#demand')).toContain('PyTorch');
    expect(await page.$('#progress')).toBeNull();

    const downloads = await page.$$eval('.downloads a', (links) => links.map((a) => a.getAttribute('href')!));
    expect(downloads.map((d) => d.split('/').at(-1))).toEqual(['report.md', 'report.html', 'report.json', 'papers.csv', 'skills.csv', 'papers.bib', 'concept-map.mmd', 'skills-chart.mmd', 'skills-cooccurrence.mmd']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.downloads a:has-text("JSON")')]);
    const report = ReportSchema.parse(JSON.parse(fs.readFileSync((await download.path())!, 'utf8')));
    expect(download.suggestedFilename()).toBe(`${runs.hostile}-report.json`);
    expect(report.papers.map((p) => p.title)).toEqual(HOSTILE.map((p) => p.title));
    for (const href of downloads) {
      const res = await fetch(`${dash.base}${href}`);
      expect(res.status, href).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="run-[\w-]+-[\w.-]+"$/);
      expect((await res.text()).length).toBeGreaterThan(20);
    }
    await checkAndClose(opened, 'run-report');
  }, 90_000);

  /** Starts a run from the Runs page's form; waits for its report, noting the progress lines seen on the way. */
  async function startFromPage(page: Page, fields: { query: string; source: string; max: number }) {
    await page.goto(`${dash.base}/runs`);
    await page.fill('input[name=query]', fields.query);
    await page.selectOption('select[name=source]', fields.source);
    await page.fill('input[name=max]', String(fields.max));
    await page.click('form[action="/runs"] button[type=submit]');
    await page.waitForURL(/\/runs\/run-/);
    // Live progress while the run goes (server-sent events), then the report: the page reloads at the end.
    // (page.$ does not wait for an element, and fails while the page reloads: then there is nothing yet)
    const seen = new Set<string>();
    const hasReport = () => page.$('section#papers').then((el) => el !== null, () => false);
    while (!(await hasReport())) {
      const text = await page.$('#progress .count').then((el) => el?.textContent() ?? null).catch(() => null);
      if (text) seen.add(text);
      await new Promise((r) => setTimeout(r, 50));
    }
    const runId = page.url().split('/runs/')[1]!.split(/[?#]/)[0]!;
    return { runId, seen: [...seen] };
  }

  it('runs: the list, and a sample run started from the page that finishes with its report', async () => {
    const opened = await openPage(browser, dash.base, '/runs');
    const { page } = opened;
    expect(await page.textContent('table')).toContain(runs.sample);
    await snapshot(page, 'runs');
    const { runId } = await startFromPage(page, { query: 'GAN', source: 'sample', max: 10 });
    expect(library.runs.get(runId)).toMatchObject({ status: 'completed', papers: 10 });
    expect(await page.$$eval('article.card', (n) => n.length)).toBe(10);
    expect(await renderedDiagrams(page)).toHaveLength(10 + 3);
    // Server-sent events of a finished run: its counts, then the end.
    const events = await (await fetch(`${dash.base}/runs/${runId}/events`)).text();
    expect(events).toMatch(/event: progress\ndata: \{"runId":"run-[\w-]+","status":"completed","total":10,"done":10/);
    expect(events).toContain('event: end');
    await checkAndClose(opened, 'run-started-sample');
  }, 60_000);

  it.skipIf(!hasSharedData)('runs: a 3,000-paper run shows its progress live, then its report, 50 cards a page', async () => {
    const opened = await openPage(browser, dash.base, '/runs');
    const { page } = opened;
    const { runId, seen } = await startFromPage(page, { query: '*', source: `file:${path.join(dataDir, 'corpus.jsonl.gz')}`, max: 3000 });
    expect(seen.some((t) => /^running: \d+ of 3000 papers \(\d+ analysed/.test(t) && !t.startsWith('running: 3000'))).toBe(true);
    expect(library.runs.get(runId)).toMatchObject({ status: 'completed', papers: 3000 });
    expect(await page.$$eval('article.card', (n) => n.length)).toBe(50);
    expect(await page.textContent('.pager')).toContain('page 1 of 60');
    await page.click('.pager a[rel=next]');
    await page.waitForURL(/page=2/);
    expect(await page.textContent('article.card h3')).toMatch(/^P51\. /);
    await checkAndClose(opened, 'run-started-3000');
  }, 180_000);

  it.skipIf(!hasSharedData)('runs: a run that failed (arXiv answered 503) is resumed from its page and completes', async () => {
    arxiv!.enqueue({ status: 503, body: 'busy' });
    const start = await fetch(`${dash.base}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'testing', source: 'arxiv', max: 20 }) });
    expect(start.status).toBe(202);
    const { runId } = (await start.json()) as { runId: string };
    await dash.launcher.settle();
    expect(library.runs.get(runId)!.status).toBe('failed');

    const opened = await openPage(browser, dash.base, `/runs/${runId}`);
    const { page } = opened;
    expect(await page.textContent('.error')).toContain('This run failed');
    await page.click('button:has-text("Resume this run")');
    await page.waitForSelector('section#papers', { timeout: 60_000 });
    expect(library.runs.get(runId)).toMatchObject({ status: 'completed', papers: 20 });
    expect(await page.$('button:has-text("Resume this run")')).toBeNull();
    await checkAndClose(opened, 'run-resumed');
  }, 90_000);

  it('runs: a run whose process died shows as interrupted, not live, and Resume finishes it', async () => {
    const runId = 'run-20250101-000000-dead';
    library.runs.create({ id: runId, query: 'GAN', source: 'sample', params: request(), analyserVersion: ANALYSER_VERSION });
    library.runs.start(runId);
    // A pid no process has (above Linux's pid_max).
    library.db.prepare('UPDATE runs SET pid = 99999999 WHERE id = ?').run(runId);
    const opened = await openPage(browser, dash.base, `/runs/${runId}`);
    const { page } = opened;
    expect(await page.textContent('.meta')).toContain('interrupted (resume it)');
    expect(await page.$('#progress')).toBeNull();
    await page.click('button:has-text("Resume this run")');
    await page.waitForSelector('section#papers', { timeout: 60_000 });
    expect(library.runs.get(runId)).toMatchObject({ status: 'completed', papers: 10 });
    await checkAndClose(opened, 'run-interrupted-resumed');
  }, 60_000);

  it('demand: ranking with trends between two chosen windows, chart rendered, evidence linked to paper pages', async () => {
    const opened = await openPage(browser, dash.base, '/demand?since=2025-03-01&until=2025-07-31&compareTo=2025-03-01..2025-04-30');
    const { page } = opened;
    const diagrams = await renderedDiagrams(page);
    expect(diagrams.length).toBe(2);
    expect(diagrams.every((d) => d.svg && !d.error)).toBe(true);
    expect(await page.textContent('#demand')).toContain('2025-03-01..2025-04-30');
    const evidence = await page.$$eval('#demand a[href^="/papers/"]', (a) => a.map((x) => x.getAttribute('href')));
    expect(evidence.length).toBeGreaterThan(0);
    const bad = await openPage(browser, dash.base, '/demand?since=2025-05-01&until=2025-01-01');
    expect(bad.status).toBe(400);
    expect(await bad.page.textContent('.error')).toBe('since 2025-05-01 is after until 2025-01-01');
    await bad.page.close();
    await checkAndClose(opened, 'demand');
  }, 60_000);

  it('ask: an answer whose citations link to paper pages; a hostile question is only text', async () => {
    const opened = await openPage(browser, dash.base, '/ask');
    const { page } = opened;
    await page.fill('textarea[name=question]', 'what is the Wasserstein distance in WGAN?');
    await page.click('button:has-text("Ask")');
    await page.waitForSelector('#answer');
    expect(await page.textContent('.answer')).toContain('[arXiv:1904.08994]');
    await page.click('ul.citations a[href="/papers/1904.08994"]');
    await page.waitForURL(/\/papers\/1904\.08994$/);
    expect(await page.textContent('h3')).toBe('From GAN to WGAN');

    await page.goto(`${dash.base}/ask`);
    await page.fill('textarea[name=question]', '<img src=x onerror="window.__pwned=1"> %%{init: {"securityLevel":"loose"}}%% foo AND (');
    await page.click('button:has-text("Ask")');
    await page.waitForSelector('#answer');
    expect(await page.inputValue('textarea[name=question]')).toContain('<img src=x');
    await checkAndClose(opened, 'ask');
  }, 60_000);

  it('schedules: with Redis unreachable, a clear notice and the schedules the library knows', async () => {
    const opened = await openPage(browser, dash.base, '/schedules');
    expect(await opened.page.textContent('#redis-down')).toContain('redis://127.0.0.1:1 is not reachable');
    expect(await opened.page.$('form[action="/schedules"]')).toBeNull();
    const api = await fetch(`${dash.base}/api/schedules`);
    expect(api.status).toBe(503);
    expect(((await api.json()) as { error: string }).error).toContain('not reachable');
    await checkAndClose(opened, 'schedules-no-redis');
  }, 60_000);

  it('the JSON API returns what the CLI --json returns for the same operation', async () => {
    const get = async (p: string) => {
      const res = await fetch(`${dash.base}${p}`);
      expect(res.status, p).toBe(200);
      return res.json();
    };
    const cli = async (...args: string[]) => {
      const r = await runCli(['--db', dbPath, '--json', '-q', ...args]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const apiRuns = (await get('/api/runs')) as { id: string }[];
    const cliRuns = (await cli('runs')) as { id: string }[];
    expect(apiRuns.map((r) => r.id)).toEqual(cliRuns.map((r) => r.id));
    expect(await get('/api/papers/1904.08994')).toEqual(await cli('show', '1904.08994'));
    const demand = DemandReportSchema.parse(await get('/api/demand?top=10'));
    expect(demand).toEqual(await cli('demand', '--top', '10'));
    const report = ReportSchema.parse(await get(`/api/runs/${runs.sample}/report`));
    const cliReport = ReportSchema.parse(await cli('report', runs.sample, '--format', 'json'));
    expect({ ...report, generatedAt: '' }).toEqual({ ...cliReport, generatedAt: '' });
    const question = 'which papers use capsule networks in the generator?';
    const asked = await fetch(`${dash.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, k: 3 }) });
    const apiAnswer = AskResultSchema.parse(await asked.json());
    const cliAnswer = AskResultSchema.parse(await cli('ask', question, '--k', '3'));
    expect({ ...apiAnswer, latencyMs: 0 }).toEqual({ ...cliAnswer, latencyMs: 0 });
    // Bad input: one clear line and a 4xx, as the CLI's exit 2.
    const bad = await fetch(`${dash.base}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '' }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'the query is empty: give words or arXiv syntax, e.g. GAN or ti:"diffusion model"' });
    const notJson = await fetch(`${dash.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    const page2 = (await get('/api/papers?page=1&category=cs.LG')) as { total: number; papers: { categories: string[] }[] };
    expect(page2.papers.every((p) => p.categories.some((c) => c === 'cs.LG'))).toBe(true);
  }, 120_000);

  it('security: Host check, same-origin writes, body limit, CSP and escaping headers', async () => {
    const evil = await rawRequest(dash.port, { path: '/', headers: { Host: 'evil.example' } });
    expect(evil.status).toBe(421);
    const rebinding = await rawRequest(dash.port, { path: '/api/runs', headers: { Host: 'attacker.test:80' } });
    expect(rebinding.status).toBe(421);
    const page = await fetch(`${dash.base}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const crossSite = await fetch(`${dash.base}/runs`, { method: 'POST', headers: { Origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=GAN&source=sample' });
    expect(crossSite.status).toBe(403);
    const fetchSite = await fetch(`${dash.base}/api/runs`, { method: 'POST', headers: { 'Sec-Fetch-Site': 'cross-site', 'content-type': 'application/json' }, body: '{"query":"GAN","source":"sample"}' });
    expect(fetchSite.status).toBe(403);
    const huge = await fetch(`${dash.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'x'.repeat(100_000) }) });
    expect(huge.status).toBe(413);
    // Nothing above reached a handler that failed inside.
    expect(ctx.logs.filter((l) => /^(GET|POST) /.test(l))).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('the dashboard with a token', () => {
  const TOKEN = 'a-token-of-twenty-chars';
  let fixture: Fixture;
  let library: Library;
  let dash: Dashboard;
  let browser: Browser;

  beforeAll(async () => {
    fixture = await dashboardFixture('paperloom-token-', { token: TOKEN });
    ({ library, dash, browser } = fixture);
  }, 60_000);
  afterAll(() => fixture?.close());

  it('asks every request for the token: header, or a cookie set by one visit with ?token=', async () => {
    expect((await fetch(`${dash.base}/`)).status).toBe(401);
    expect((await fetch(`${dash.base}/api/runs`)).status).toBe(401);
    expect((await fetch(`${dash.base}/assets/app.js`)).status).toBe(401);
    expect((await fetch(`${dash.base}/api/runs`, { headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    expect((await fetch(`${dash.base}/api/runs`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    const visit = await fetch(`${dash.base}/runs?token=${TOKEN}`, { redirect: 'manual' });
    expect(visit.status).toBe(303);
    expect(visit.headers.get('location')).toBe('/runs');
    const offsite = await fetch(`${dash.base}//evil.example/?token=${TOKEN}`, { redirect: 'manual' });
    expect(offsite.headers.get('location')).toBe('/evil.example/');
    expect(visit.headers.get('set-cookie')).toMatch(/^paperloom_token=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);

    const opened = await openPage(browser, dash.base, `/?token=${TOKEN}`);
    expect(opened.status).toBe(200);
    expect(opened.page.url()).toBe(`${dash.base}/`);
    expect(await opened.page.textContent('#count')).toBe('10 papers, newest first');
    await checkAndClose(opened, 'library-with-token');
  }, 60_000);

  it('paperloom serve refuses to listen beyond loopback without a token, and with one asks for it', async () => {
    const db = library.db.name;
    const refused = await runCli(['--db', db, 'serve', '--host', '0.0.0.0', '--port', '0'], { PAPERLOOM_TOKEN: '' });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe('paperloom: refusing to listen on 0.0.0.0 without a token: set PAPERLOOM_TOKEN (16+ characters), or listen on 127.0.0.1');
    const short = await runCli(['--db', db, 'serve', '--host', '0.0.0.0', '--port', '0'], { PAPERLOOM_TOKEN: 'short' });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('PAPERLOOM_TOKEN');
    const { spawnCli } = await import('../helpers/cli.js');
    const child = spawnCli(['--db', db, 'serve', '--host', '0.0.0.0', '--port', '0'], { PAPERLOOM_TOKEN: TOKEN });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const deadline = Date.now() + 30_000;
      while (!/serving .* at http:\/\/0\.0\.0\.0:(\d+)\//.test(stderr) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const port = Number(/at http:\/\/0\.0\.0\.0:(\d+)\//.exec(stderr)![1]);
      expect((await fetch(`http://127.0.0.1:${port}/api/runs`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/api/runs`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('paperloom: stopped');
  }, 60_000);
});

describe.skipIf(!hasChromium || !hasRedis)('the dashboard schedules page with a real redis-server', () => {
  const redis = new TestRedis();
  const prefix = `dash${process.pid}`;
  let fixture: Fixture;
  let library: Library;
  let dash: Dashboard;
  let browser: Browser;

  beforeAll(async () => {
    await redis.start();
    fixture = await dashboardFixture('paperloom-dash-schedules-', { sampleRun: false, config: (c) => ({ ...c, queue: { ...c.queue, redisUrl: redis.url, prefix } }) });
    ({ library, dash, browser } = fixture);
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
    await redis.stop();
  });

  it('adds a schedule, shows its next run, runs it now and removes it; the API lists what the CLI lists', async () => {
    const opened = await openPage(browser, dash.base, '/schedules');
    const { page } = opened;
    expect(await page.$('#redis-down')).toBeNull();
    expect(await page.textContent('main')).toContain('No schedules.');
    await page.fill('input[name=name]', 'nightly-gan');
    await page.fill('input[name=cron]', '0 3 * * *');
    await page.fill('input[name=query]', 'GAN');
    await page.selectOption('form[action="/schedules"] select[name=source]', 'sample');
    await page.click('button:has-text("Add")');
    await page.waitForSelector('p[role=status]');
    expect(await page.textContent('p[role=status]')).toBe('schedule nightly-gan added');
    const row = await page.textContent('tbody tr');
    expect(row).toContain('nightly-gan');
    expect(row).toMatch(/\d{4}-\d{2}-\d{2} 03:00/);

    const env = { REDIS_URL: redis.url, PAPERLOOM_QUEUE_PREFIX: prefix };
    const listed = await runCli(['--db', library.db.name, '--json', 'schedule', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(await (await fetch(`${dash.base}/api/schedules`)).json()).toEqual(JSON.parse(listed.stdout));

    await page.click('button:has-text("Run now")');
    await page.waitForURL(/done=/);
    expect(await page.textContent('p[role=status]')).toMatch(/^run of nightly-gan queued \(job .+\); a worker with this library runs it$/);

    await page.fill('input[name=name]', 'broken');
    await page.fill('input[name=cron]', 'every night');
    await page.click('button:has-text("Add")');
    await page.waitForSelector('.error');
    expect(await page.textContent('.error')).toMatch(/cron/i);

    await page.goto(`${dash.base}/schedules`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('button:has-text("Remove")');
    await page.waitForURL(/done=/);
    expect(await page.textContent('p[role=status]')).toBe('schedule nightly-gan removed');
    expect(await page.textContent('main')).toContain('No schedules.');
    opened.errors.splice(0); // the refused cron answered 400, which the console reports
    await checkAndClose(opened, 'schedules');
  }, 60_000);
});

describe.skipIf(!hasChromium)('the dashboard with LLM agents (loopback OpenAI server)', () => {
  let script: (request: ChatRequest) => ScriptedReply = competentReply;
  const server = new OpenAiServer((request) => script(request));
  const model = 'openai:gpt-4o-mini';
  let fixture: Fixture;
  let library: Library;
  let dash: Dashboard;
  let browser: Browser;

  beforeAll(async () => {
    await server.start();
    fixture = await dashboardFixture('paperloom-dash-llm-', {
      config: (c) => ({ ...c, llm: { ...c.llm, agents: { summarizer: model, terms: model, synthesizer: model, answer: model }, apiKey: 'sk-test', baseUrl: server.url, retries: 0 } }),
    });
    ({ library, dash, browser } = fixture);
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
    await server.stop();
  });

  it('a run started from the page uses the models: provenance on each card, usage and cost in the report', async () => {
    script = competentReply;
    const opened = await openPage(browser, dash.base, '/runs');
    const { page } = opened;
    await page.fill('input[name=query]', 'GAN');
    await page.selectOption('select[name=source]', 'sample');
    await page.click('form[action="/runs"] button[type=submit]');
    await page.waitForURL(/\/runs\/run-/);
    await page.waitForSelector('section#papers', { timeout: 60_000 });
    expect(await page.textContent('#llm')).toContain('summarizer: openai:gpt-4o-mini');
    const written = await page.$$eval('article.card p.meta', (n) => n.map((x) => x.textContent ?? '').filter((t) => t.startsWith('Written by:')));
    expect(written).toHaveLength(10);
    expect(server.requests.length).toBeGreaterThanOrEqual(20);
    expect((await renderedDiagrams(page)).every((d) => d.svg && !d.error)).toBe(true);
    await checkAndClose(opened, 'run-llm');
  }, 90_000);

  it('Ask answers with the model; markup in its reply is only text, its citations link to paper pages', async () => {
    script = (req) => {
      const id = /\[arXiv:([^\]]+)\]/.exec(dataBlocks(req).papers ?? '')![1];
      return { content: JSON.stringify({ answer: `<img src=x onerror="window.__pwned=1"> GANs synthesise images [arXiv:${id}].`, found: true }) };
    };
    const opened = await openPage(browser, dash.base, '/ask');
    const { page } = opened;
    await page.fill('textarea[name=question]', 'generative adversarial networks for images');
    await page.click('button:has-text("Ask")');
    await page.waitForSelector('#answer');
    expect(await page.textContent('#answer .meta')).toContain('Written by a model');
    expect(await page.textContent('.answer')).toContain('<img src=x onerror="window.__pwned=1"> GANs synthesise images');
    const cited = await page.$$eval('ul.citations a', (a) => a.map((x) => x.getAttribute('href')));
    expect(cited).toHaveLength(1);
    expect(cited[0]).toMatch(/^\/papers\/\d{4}\.\d{4,5}$/);
    await checkAndClose(opened, 'ask-llm');
  }, 60_000);
});
