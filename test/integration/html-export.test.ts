import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHeader, selectReport } from '../../agents/reporter/build-report.js';
import { startRun } from '../../graphs/research/run.js';
import { exportReport } from '../../src/export/report-files.js';
import { freshLibrary } from '../helpers/db.js';
import { mermaidBlocks } from '../helpers/mermaid.js';
import { HOSTILE, hostileFeed } from '../helpers/hostile.js';
import { defaultSkills, request, testDeps } from '../helpers/research.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) process.stderr.write(`paperloom tests: ${CHROMIUM} is absent (apt install chromium); browser tests are skipped\n`);

describe.skipIf(!hasChromium)('the HTML export in headless Chromium', () => {
  let browser: Browser;
  let htmlFile: string;
  let markdown: string;
  let dir: string;

  beforeAll(async () => {
    // Kept for the whole block (freshDir's folders go after each test).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-html-'));
    fs.writeFileSync(path.join(dir, 'hostile.xml'), hostileFeed());
    const library = freshLibrary(path.join(dir, 'library.db'));
    const outcome = await startRun(library, testDeps(library), request({ query: 'all:*', source: `file:${path.join(dir, 'hostile.xml')}` }));
    expect(outcome.analysed).toBe(HOSTILE.length);
    const selection = selectReport(library, { kind: 'run', runId: outcome.runId });
    const header = reportHeader(library, selection, { matcher: defaultSkills() });
    const out = path.join(dir, 'export');
    exportReport(library, selection, header, ['html', 'md'], out);
    htmlFile = path.join(out, 'report.html');
    markdown = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders every diagram as SVG, runs nothing from the papers, and keeps mermaid strict', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const requests: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.goto(`file://${htmlFile}`);
    await page.evaluate(() => (window as unknown as { paperloomRenderAll(): Promise<void> }).paperloomRenderAll());
    await page.waitForFunction(() => document.body.dataset.rendered === 'all', null, { timeout: 60_000 });

    const diagrams = await page.$$eval('pre.mermaid', (nodes) => nodes.map((n) => ({ svg: !!n.querySelector('svg'), error: n.textContent?.includes('Syntax error') ?? false })));
    // three paper graphs, the concept map, the skills chart and the co-occurrence graph
    expect(diagrams.length).toBe(mermaidBlocks(markdown).length);
    expect(diagrams.length).toBeGreaterThanOrEqual(HOSTILE.length + 3);
    expect(diagrams.every((d) => d.svg && !d.error)).toBe(true);

    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const security = await page.evaluate(() => (window as unknown as { mermaid: { mermaidAPI: { getConfig(): { securityLevel: string } } } }).mermaid.mermaidAPI.getConfig().securityLevel);
    expect(security).toBe('strict');
    expect(await page.$$eval('img, script:not([nonce]), a[href^="javascript"]', (n) => n.length)).toBe(0);
    // the hostile title is shown as text
    expect(await page.textContent('body')).toContain('<img src=x onerror="window.__pwned=1"> Diffusion models with PyTorch');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000);

  it('offers "Read aloud" on each analysed card, speaking its TLDR and summary', async () => {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const spoken: string[] = [];
      (window as unknown as { spoken: string[] }).spoken = spoken;
      Object.defineProperty(window, 'speechSynthesis', { value: { cancel() {}, speak(u: { text: string }) { spoken.push(u.text); } } });
      (window as unknown as { SpeechSynthesisUtterance: unknown }).SpeechSynthesisUtterance = class { constructor(readonly text: string) {} };
    });
    await page.goto(`file://${htmlFile}`);
    const buttons = await page.$$('button.read-aloud');
    expect(buttons).toHaveLength(HOSTILE.length);
    await buttons[0]!.click();
    const spoken = await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
    expect(spoken).toHaveLength(1);
    expect(spoken[0]).toContain('TLDR.');
    expect(spoken[0]).toContain('Summary.');
    await page.close();
  }, 60_000);
});
