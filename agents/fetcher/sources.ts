import fs from 'node:fs';
import { createRequire } from 'node:module';
import readline from 'node:readline';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import type { Config } from '../../src/config.js';
import { UsageError } from '../../src/errors.js';
import { ArxivClient } from './arxiv-client.js';
import { parseAtomEntry, parseAtomFeed } from './atom.js';
import { matchesQuery, parseQuery, toArxivSyntax, type QueryNode } from './query.js';
import type { FetchRequest, Paper } from './schema.js';
import { snapshotToPaper } from './snapshot.js';

/** Where papers come from. Every source yields Papers for a FetchRequest, most relevant or newest first. */
export interface PaperSource {
  /** The spec the user gave: `arxiv`, `sample` or `file:PATH`. */
  readonly spec: string;
  papers(request: FetchRequest): AsyncIterable<Paper>;
}

/** Papers the local filters keep: query, categories and published-date window. */
function passesFilters(paper: Paper, query: QueryNode, request: FetchRequest): boolean {
  const day = paper.published?.slice(0, 10) ?? null;
  if (request.since && (!day || day < request.since)) return false;
  if (request.until && (!day || day > request.until)) return false;
  if (request.categories.length && !paper.categories.some((c) => request.categories.includes(c))) return false;
  return matchesQuery(query, paper);
}

async function* filterLocally(all: AsyncIterable<Paper> | Iterable<Paper>, request: FetchRequest): AsyncGenerator<Paper> {
  const query = parseQuery(request.query);
  let kept = 0;
  for await (const paper of all) {
    if (kept >= request.max) return;
    if (passesFilters(paper, query, request)) {
      kept++;
      yield paper;
    }
  }
}

/** arXiv's search_query for a request: the query, its categories and its date window. */
export function arxivSearchQuery(request: FetchRequest): string {
  const parts = [toArxivSyntax(parseQuery(request.query))];
  if (request.categories.length) parts.push(request.categories.map((c) => `cat:${c}`).join(' OR '));
  if (request.since || request.until) {
    const from = (request.since ?? '1991-01-01').replaceAll('-', '');
    const to = (request.until ?? '2999-12-31').replaceAll('-', '');
    parts.push(`submittedDate:[${from}0000 TO ${to}2359]`);
  }
  return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' AND ');
}

/** Live arXiv through its query API. */
export class ArxivSource implements PaperSource {
  readonly spec = 'arxiv';
  constructor(private readonly client: ArxivClient) {}

  async *papers(request: FetchRequest): AsyncGenerator<Paper> {
    // arXiv filters server-side; the local pass only re-checks what the API already did.
    yield* filterLocally(this.client.search(arxivSearchQuery(request), request.max), request);
  }
}

/** The real 10-paper arXiv feed (search_query=all:GAN) that arxiv-api-ts ships; offline demo data. */
export class SampleSource implements PaperSource {
  readonly spec = 'sample';

  /** Loads the feed from node_modules at run time; it is not copied into this repository. */
  static loadFeed(): string {
    const require = createRequire(import.meta.url);
    const { XML_DATA } = require('arxiv-api-ts/dist/constants.js') as { XML_DATA: string };
    return XML_DATA;
  }

  async *papers(request: FetchRequest): AsyncGenerator<Paper> {
    yield* filterLocally(parseAtomFeed(SampleSource.loadFeed()).papers, request);
  }
}

function openText(path: string): NodeJS.ReadableStream {
  const fd = fs.openSync(path, 'r');
  const magic = Buffer.alloc(2);
  fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  const raw = fs.createReadStream(path);
  const gz = magic[0] === 0x1f && magic[1] === 0x8b;
  return gz ? raw.pipe(zlib.createGunzip()) : raw;
}

/** The first non-blank character of a (possibly gzipped) text file: '<' for Atom, '{' for JSON Lines. */
async function firstCharacter(path: string): Promise<string> {
  const stream = openText(path) as NodeJS.ReadableStream & { destroy(): void };
  try {
    for await (const chunk of stream) {
      const head = chunk.toString().trimStart();
      if (head) return head[0]!;
    }
    return '';
  } finally {
    stream.destroy();
  }
}

/** Streams <entry> elements out of an Atom file without loading it whole. */
async function* atomEntries(stream: NodeJS.ReadableStream): AsyncGenerator<Paper> {
  let buffer = '';
  // A multi-byte character can straddle two chunks; decoding chunk by chunk would turn it into U+FFFD.
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream) {
    buffer += typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    let end: number;
    while ((end = buffer.indexOf('</entry>')) >= 0) {
      const start = buffer.lastIndexOf('<entry', end);
      const fragment = buffer.slice(start, end + '</entry>'.length);
      buffer = buffer.slice(end + '</entry>'.length);
      if (start >= 0) yield parseAtomEntry(fragment);
    }
  }
}

/** Streams JSON Lines in arXiv's snapshot format. A bad first line fails; later bad lines are skipped and counted. */
async function* snapshotLines(stream: NodeJS.ReadableStream, path: string, onSkip: (line: number, why: string) => void): AsyncGenerator<Paper> {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  let good = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let paper: Paper;
    try {
      paper = snapshotToPaper(JSON.parse(line));
    } catch (error) {
      const why = error instanceof SyntaxError ? 'not JSON' : 'not an arXiv snapshot record';
      if (good === 0) throw new UsageError(`${path}: line ${n} is ${why}; expected arXiv snapshot JSON Lines or an Atom feed`);
      onSkip(n, why);
      continue;
    }
    good++;
    yield paper;
  }
}

/** An Atom XML file or arXiv snapshot JSON Lines (optionally gzipped), streamed. */
export class FileSource implements PaperSource {
  readonly spec: string;
  skipped = 0;

  constructor(readonly path: string, private readonly onSkip?: (line: number, why: string) => void) {
    this.spec = `file:${path}`;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path);
    } catch {
      throw new UsageError(`source file not found: ${path}`);
    }
    if (!stat.isFile()) throw new UsageError(`source is not a file: ${path}`);
    fs.accessSync(path, fs.constants.R_OK);
  }

  private async *all(): AsyncGenerator<Paper> {
    const atom = (await firstCharacter(this.path)) === '<';
    const stream = openText(this.path) as NodeJS.ReadableStream & { destroy(): void };
    try {
      if (atom) {
        yield* atomEntries(stream);
      } else {
        yield* snapshotLines(stream, this.path, (line, why) => {
          this.skipped++;
          this.onSkip?.(line, why);
        });
      }
    } finally {
      // A run that stops at --max leaves the rest of the file unread: close it now, not at exit.
      stream.destroy();
    }
  }

  papers(request: FetchRequest): AsyncGenerator<Paper> {
    return filterLocally(this.all(), request);
  }
}

/** Turns `arxiv`, `sample` or `file:PATH` into a source. Throws UsageError for anything else. */
export function resolveSource(spec: string, config: Config, log?: (line: string) => void): PaperSource {
  if (spec === 'arxiv') {
    return new ArxivSource(
      new ArxivClient({
        ...config.arxiv,
        onRetry: ({ attempt, waitMs, reason }) => log?.(`arXiv: ${reason}; retry ${attempt} in ${Math.round(waitMs / 100) / 10} s`),
      }),
    );
  }
  if (spec === 'sample') return new SampleSource();
  if (spec.startsWith('file:')) {
    const path = spec.slice('file:'.length);
    if (!path) throw new UsageError('source "file:" needs a path, e.g. file:papers.jsonl.gz');
    return new FileSource(path, (line, why) => log?.(`${path}: skipped line ${line} (${why})`));
  }
  throw new UsageError(`unknown source "${spec}": use arxiv, sample or file:PATH`);
}
