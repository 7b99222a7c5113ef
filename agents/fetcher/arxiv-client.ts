import { setTimeout as sleep } from 'node:timers/promises';
import { ArxivApiError, SourceUnreachableError } from '../../src/errors.js';
import { parseAtomFeed, type AtomPage } from './atom.js';
import { arxivPacer, type Pacer } from './pacer.js';

export type ArxivClientOptions = {
  baseUrl: string;
  /** Minimum gap between requests; applied to the shared pacer. */
  delayMs: number;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  pageSize: number;
  emptyRetries: number;
  /** Longest Retry-After honoured; a longer one fails the request with arXiv's number in the message. */
  maxRetryAfterMs?: number;
  /** Defaults to the process-wide arXiv pacer. */
  pacer?: Pacer;
  /** Called before each wait, for logging. */
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
};

type Attempt =
  | { ok: true; page: AtomPage }
  | { ok: false; retryable: boolean; unreachable: boolean; reason: string; retryAfterMs?: number };

const USER_AGENT = 'paperloom/0.1 (https://github.com/paperloom; research synthesis)';

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A client for arXiv's query API: paced, paged, retried with backoff, errors turned into clear messages. */
export class ArxivClient {
  private readonly pacer: Pacer;

  constructor(private readonly options: ArxivClientOptions) {
    this.pacer = options.pacer ?? arxivPacer;
    this.pacer.delayMs = options.delayMs;
  }

  /** The request URL for one page. */
  pageUrl(searchQuery: string, start: number, maxResults: number): string {
    const params = new URLSearchParams({
      search_query: searchQuery,
      start: String(start),
      max_results: String(maxResults),
      sortBy: 'submittedDate',
      sortOrder: 'descending',
    });
    return `${this.options.baseUrl}?${params}`;
  }

  private async attempt(url: string): Promise<Attempt> {
    try {
      const { status, body, retryAfter } = await this.pacer.run(async () => {
        const res = await fetch(url, {
          headers: { 'user-agent': USER_AGENT, accept: 'application/atom+xml' },
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
      });
      if (status === 200) return { ok: true, page: parseAtomFeed(body) };
      if (status === 429 || status >= 500) {
        return { ok: false, retryable: true, unreachable: false, reason: `HTTP ${status}`, retryAfterMs: parseRetryAfter(retryAfter) };
      }
      // A 4xx usually carries arXiv's error feed; parseAtomFeed turns it into ArxivApiError with arXiv's words.
      parseAtomFeed(body);
      return { ok: false, retryable: false, unreachable: false, reason: `HTTP ${status}` };
    } catch (error) {
      if (error instanceof ArxivApiError) {
        return { ok: false, retryable: error.retryable, unreachable: false, reason: error.message };
      }
      const name = (error as Error).name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return {
        ok: false,
        retryable: true,
        unreachable: true,
        reason: timedOut ? `no answer within ${this.options.timeoutMs} ms` : `connection failed${cause ? ` (${cause})` : ''}`,
      };
    }
  }

  /** Fetches one page, retrying transient failures with exponential backoff and Retry-After. */
  async fetchPage(searchQuery: string, start: number, maxResults: number): Promise<AtomPage> {
    const url = this.pageUrl(searchQuery, start, maxResults);
    const maxRetryAfter = this.options.maxRetryAfterMs ?? 120_000;
    let last: Extract<Attempt, { ok: false }> | undefined;
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      const result = await this.attempt(url);
      if (result.ok) return result.page;
      last = result;
      if (!result.retryable) {
        throw new ArxivApiError(result.reason.startsWith('arXiv') ? result.reason : `arXiv answered ${result.reason} for ${url}`);
      }
      if (attempt === this.options.retries) break;
      if (result.retryAfterMs !== undefined && result.retryAfterMs > maxRetryAfter) {
        throw new ArxivApiError(`arXiv asked to retry after ${Math.round(result.retryAfterMs / 1000)} s (${result.reason}); try again later`);
      }
      const waitMs = result.retryAfterMs ?? this.options.backoffMs * 2 ** attempt;
      this.options.onRetry?.({ attempt: attempt + 1, waitMs, reason: result.reason });
      await sleep(waitMs);
    }
    const tries = this.options.retries + 1;
    if (last?.unreachable) {
      throw new SourceUnreachableError(
        `cannot reach arXiv at ${this.options.baseUrl} (${last.reason}, ${tries} tries); work offline with --source sample or --source file:PATH`,
      );
    }
    throw new ArxivApiError(`arXiv kept failing (${last?.reason}, ${tries} tries) for ${url}`, true);
  }

  /**
   * Yields the papers of a search, page by page, up to `max`. An empty page where papers are expected
   * (the first page, or before totalResults is reached) is fetched again up to `emptyRetries` times,
   * because arXiv sometimes answers a transient empty feed.
   */
  async *search(searchQuery: string, max: number): AsyncGenerator<AtomPage['papers'][number]> {
    let start = 0;
    let yielded = 0;
    while (yielded < max) {
      const size = Math.min(this.options.pageSize, max - yielded);
      let page = await this.fetchPage(searchQuery, start, size);
      for (let retry = 0; retry < this.options.emptyRetries && page.papers.length === 0; retry++) {
        const expectMore = start === 0 || (page.totalResults ?? 0) > start;
        if (!expectMore) break;
        this.options.onRetry?.({ attempt: retry + 1, waitMs: this.options.backoffMs, reason: `empty page at start=${start}` });
        await sleep(this.options.backoffMs * 2 ** retry);
        page = await this.fetchPage(searchQuery, start, size);
      }
      if (page.papers.length === 0) return;
      for (const paper of page.papers) {
        if (yielded >= max) return;
        yield paper;
        yielded++;
      }
      start += page.papers.length;
      if (page.totalResults !== null && start >= page.totalResults) return;
    }
  }
}
