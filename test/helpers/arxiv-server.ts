import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FEEDS } from './shared-data.js';

type ManifestEntry = { file: string; url: string | null; status: number | null };

/** A canned answer; `hang` never answers (to test timeouts), `destroy` drops the connection. */
export type Fault = { status?: number; body?: string; headers?: Record<string, string>; hang?: boolean; destroy?: boolean };

/** What the server saw of one request. */
export type SeenRequest = { params: URLSearchParams; at: number; endedAt?: number };

/** The recorded arXiv responses, keyed by the query parameters that select them. */
function loadRecorded(): Map<string, { status: number; file: string }> {
  const manifest = JSON.parse(fs.readFileSync(path.join(FEEDS, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const map = new Map<string, { status: number; file: string }>();
  for (const entry of manifest) {
    if (!entry.url) continue;
    const params = new URL(entry.url).searchParams;
    map.set(recordKey(params), { status: entry.status ?? 200, file: path.join(FEEDS, entry.file) });
  }
  return map;
}

/**
 * Requests match recordings on what selects the papers; sort order and the like are ignored. arXiv reads
 * a bare term as a search of all fields, so `all:testing` selects what `testing` was recorded for.
 */
function recordKey(p: URLSearchParams): string {
  const query = (p.get('search_query') ?? '').replace(/^all:([^\s:()"]+)$/, '$1');
  return JSON.stringify([query, p.get('id_list') ?? '', p.get('start') ?? '0', p.get('max_results') ?? '10']);
}

/**
 * A loopback HTTP server that speaks arXiv's query API: it answers with the real responses recorded in
 * ../shared/data/arxiv-api (404 for a request nothing was recorded for), after serving any faults queued.
 */
export class ArxivServer {
  readonly requests: SeenRequest[] = [];
  private readonly faults: Fault[] = [];
  private readonly recorded = loadRecorded();
  private readonly hung = new Set<http.ServerResponse>();
  private held: (() => void)[] | null = null;
  private server?: http.Server;

  /** Queues canned answers served, in order, before the recordings. */
  enqueue(...faults: Fault[]): this {
    this.faults.push(...faults);
    return this;
  }

  /** Holds every request from now on unanswered until `release()` (to keep a run busy fetching). */
  hold(): this {
    this.held ??= [];
    return this;
  }

  /** Answers the held requests, and answers at once from now on. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const answer of held) answer();
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/query`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const seen: SeenRequest = { params, at: Date.now() };
    this.requests.push(seen);
    res.on('close', () => (seen.endedAt = Date.now()));
    if (this.held) {
      this.held.push(() => this.answer(req, res, params));
      return;
    }
    this.answer(req, res, params);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, params: URLSearchParams): void {
    const fault = this.faults.shift();
    if (fault?.hang) {
      this.hung.add(res);
      return;
    }
    if (fault?.destroy) {
      req.socket.destroy();
      return;
    }
    if (fault) {
      res.writeHead(fault.status ?? 200, { 'content-type': 'application/atom+xml', ...fault.headers });
      res.end(fault.body ?? '');
      return;
    }
    const recording = this.recorded.get(recordKey(params));
    if (!recording) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`no recording for ${recordKey(params)}`);
      return;
    }
    res.writeHead(recording.status, { 'content-type': 'application/atom+xml' });
    res.end(fs.readFileSync(recording.file));
  }

  async stop(): Promise<void> {
    this.held = null;
    for (const res of this.hung) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** A recorded feed's text, for building faults from real data. */
export function recordedFeed(name: string): string {
  return fs.readFileSync(path.join(FEEDS, 'feeds', name), 'utf8');
}
