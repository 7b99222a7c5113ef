import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { openLibrary, type Library } from '../../db/index.js';
import { startRun } from '../../graphs/research/run.js';
import { cliContext, type CliContext } from '../../src/cli/context.js';
import type { Config } from '../../src/config.js';
import { createApp, type ServerOptions } from '../../src/server/app.js';
import { ROOT } from './cli.js';
import { request, testDeps } from './research.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) process.stderr.write(`paperloom tests: ${CHROMIUM} is absent (apt install chromium); browser tests are skipped\n`);

/** Screenshots of the pages, kept as test artifacts (not committed). */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'dashboard');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** A CLI context on this library with configuration overrides; log lines are collected. */
export function testContext(dbPath: string, overrides: (config: Config) => Config = (c) => c): CliContext & { logs: string[] } {
  const base = cliContext({ db: dbPath, quiet: true });
  const logs: string[] = [];
  return { ...base, config: overrides(base.config), log: (line) => logs.push(line), logs };
}

/** The dashboard of `createApp` listening on a free loopback port. */
export async function startDashboard(options: Omit<ServerOptions, 'host'> & { host?: string }) {
  const made = createApp({ host: '127.0.0.1', ...options });
  const server = serve({ fetch: made.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    ...made,
    base: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      await made.launcher.settle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as http.Server).closeAllConnections();
      });
    },
  };
}

/** A raw HTTP request (fetch cannot send its own Host header). */
export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/** A page of the browser that records script errors, console errors and requests leaving the server. */
export async function openPage(browser: Browser, base: string, pathName: string) {
  const page = await browser.newPage({ acceptDownloads: true });
  const errors: string[] = [];
  const outside: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) outside.push(r.url());
  });
  const response = await page.goto(`${base}${pathName}`);
  return { page, errors, outside, status: response?.status() ?? 0 };
}

/** Renders every diagram of the page and says, per diagram, whether it became an SVG without error. */
export async function renderedDiagrams(page: Page): Promise<{ svg: boolean; error: boolean }[]> {
  const count = await page.$$eval('pre.mermaid', (n) => n.length);
  if (count) {
    await page.evaluate(() => (window as unknown as { paperloomRenderAll(): Promise<void> }).paperloomRenderAll());
    await page.waitForFunction(() => document.body.dataset.rendered === 'all', null, { timeout: 60_000 });
  }
  return page.$$eval('pre.mermaid', (nodes) => nodes.map((n) => ({ svg: !!n.querySelector('svg'), error: n.textContent?.includes('Syntax error') ?? false })));
}

/** The checks every page passes: no script from the papers ran, no error, nothing fetched from elsewhere; then a screenshot. */
export async function checkAndClose(opened: Awaited<ReturnType<typeof openPage>>, name: string): Promise<void> {
  const { page, errors, outside } = opened;
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.$$eval('script:not([src]), a[href^="javascript"], img', (n) => n.length)).toBe(0);
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
  await snapshot(page, name);
  await page.close();
}

/** A full-page screenshot kept in test-artifacts/dashboard/. */
export async function snapshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * A library in a temporary folder (holding the sample run unless `sampleRun: false`), its dashboard and a
 * browser; `close` stops and removes all three.
 */
export async function dashboardFixture(prefix: string, options: { token?: string | null; config?: (config: Config) => Config; sampleRun?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const library = openLibrary(path.join(dir, 'library.db'));
  if (options.sampleRun !== false) await startRun(library, testDeps(library), request());
  const dash = await startDashboard({ ctx: testContext(library.db.name, options.config), library, token: options.token ?? null });
  const browser = await launchChromium();
  return {
    library,
    dash,
    browser,
    close: async () => {
      await browser.close();
      await dash.close();
      library.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
