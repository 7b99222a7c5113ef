import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Library } from '../../db/index.js';
import type { CliContext } from '../cli/context.js';
import { describeError } from '../errors.js';
import { REPORT_SCRIPT } from '../export/html.js';
import { apiRoutes } from './api-routes.js';
import { statusOf } from './http.js';
import { STYLESHEET } from './layout.js';
import { pageRoutes } from './page-routes.js';
import { errorPage } from './pages.js';
import { RunLauncher } from './runs.js';
import { createScheduleService } from './schedules.js';
import { allowedHosts, hostCheck, sameOriginWrites, securityHeaders, tokenCheck } from './security.js';
import { createViews } from './views.js';

/** Largest request body accepted (a question of 10 KB fits; nothing here needs more). */
export const BODY_LIMIT = 64 * 1024;

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
const isApi = (p: string) => p.startsWith('/api/');

/**
 * The dashboard: pages over the library and a JSON API under /api/, with the CLI's agents, graphs and
 * validation. Security first: Host check, headers, token, same-origin writes, body limit.
 */
export function createApp(options: ServerOptions) {
  const { ctx, library } = options;
  const sources = ['sample', 'arxiv', ...dataFiles(options.dataDir ?? null)];
  const launcher = new RunLauncher(ctx, library, (spec) => sources.includes(spec));
  const parts = { ctx, library, launcher, sources, views: createViews(ctx, library, launcher), schedules: createScheduleService(ctx, library, sources) };

  const app = new Hono();
  app.use('*', hostCheck(allowedHosts(options.host, options.extraHosts ?? [])));
  app.use('*', securityHeaders());
  app.use('*', tokenCheck(options.token));
  app.use('*', sameOriginWrites());
  const tooLarge = `request body over ${BODY_LIMIT} bytes`;
  app.use('*', bodyLimit({ maxSize: BODY_LIMIT, onError: (c) => (isApi(c.req.path) ? c.json({ error: tooLarge }, 413) : c.text(tooLarge, 413)) }));

  app.onError((error, c) => {
    const status = statusOf(error);
    if (status === 500) ctx.log(`${c.req.method} ${c.req.path}: ${error.stack ?? describeError(error)}`);
    const message = status === 500 ? 'internal error; the server log says more' : describeError(error);
    return isApi(c.req.path) ? c.json({ error: message }, status) : c.html(errorPage(status, message), status);
  });
  app.notFound((c) => (isApi(c.req.path) ? c.json({ error: 'not found' }, 404) : c.html(errorPage(404, `nothing at ${c.req.path}`), 404)));

  // Assets, all from this package and node_modules: the pages work with no internet.
  const js = { 'Content-Type': 'text/javascript; charset=utf-8' };
  app.get('/assets/mermaid.min.js', (c) => c.body(mermaidBundle(), 200, { ...js, 'Cache-Control': 'public, max-age=86400' }));
  app.get('/assets/app.js', (c) => c.body(`${REPORT_SCRIPT}\n${DASHBOARD_SCRIPT}`, 200, js));
  app.get('/assets/style.css', (c) => c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.route('/api', apiRoutes(parts));
  app.route('/', pageRoutes(parts));
  return { app, launcher, sources };
}

/** The Atom and JSON Lines files of the data folder, as `file:` sources. */
function dataFiles(dir: string | null): string[] {
  if (!dir) return [];
  return fs.readdirSync(dir)
    .filter((f) => /\.(xml|atom|jsonl|jsonl\.gz|json\.gz)$/i.test(f))
    .sort()
    .map((f) => `file:${path.join(path.resolve(dir), f)}`);
}
