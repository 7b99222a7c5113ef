import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArxivClient, parseRetryAfter, type ArxivClientOptions } from '../../agents/fetcher/arxiv-client.js';
import { Pacer } from '../../agents/fetcher/pacer.js';
import { ArxivApiError, SourceUnreachableError } from '../../src/errors.js';
import { ArxivServer, recordedFeed } from '../helpers/arxiv-server.js';
import { hasSharedData, SKIP_REASON } from '../helpers/shared-data.js';

const EMPTY_FEED = 'id_0000.0000_s0_m100_8b51d9633a68.xml';
const ERROR_FEED = 'id_abc_s0_m100_b79c8dcf6bc3.xml';
const PAGE_0 = 'q_testing_s0_m10_bc5a6c384fe9.xml';

describe.skipIf(!hasSharedData)(`live arXiv client against a loopback arXiv ${SKIP_REASON}`, () => {
  let server: ArxivServer;

  beforeEach(async () => {
    server = await new ArxivServer().start();
  });
  afterEach(async () => {
    await server.stop();
  });

  function client(options: Partial<ArxivClientOptions> = {}): ArxivClient {
    return new ArxivClient({
      baseUrl: server.url,
      delayMs: 0,
      timeoutMs: 2000,
      retries: 3,
      backoffMs: 5,
      pageSize: 10,
      emptyRetries: 2,
      pacer: new Pacer(0),
      ...options,
    });
  }

  async function collect(iterable: AsyncIterable<{ arxivId: string }>): Promise<string[]> {
    const ids: string[] = [];
    for await (const p of iterable) ids.push(p.arxivId);
    return ids;
  }

  it('pages through results with start/max_results and keeps arXiv order', async () => {
    const ids = await collect(client().search('testing', 30));
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(server.requests.map((r) => [r.params.get('start'), r.params.get('max_results')])).toEqual([
      ['0', '10'], ['10', '10'], ['20', '10'],
    ]);
    expect(ids[0]).toBe('2202.12139');
  });

  it('keeps the minimum gap between the end of one request and the start of the next', async () => {
    const delayMs = 120;
    await collect(client({ delayMs, pacer: new Pacer(delayMs) }).search('testing', 30));
    const gaps = server.requests.slice(1).map((r, i) => r.at - server.requests[i]!.endedAt!);
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(delayMs - 2);
  });

  it('never has two requests in flight, even from two searches at once', async () => {
    const pacer = new Pacer(20);
    await Promise.all([collect(client({ pacer }).search('testing', 20)), collect(client({ pacer }).search('testing', 20))]);
    const sorted = [...server.requests].sort((a, b) => a.at - b.at);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.at).toBeGreaterThanOrEqual(sorted[i - 1]!.endedAt!);
    expect(sorted).toHaveLength(4);
  });

  it('retries a 503 and then succeeds', async () => {
    server.enqueue({ status: 503 });
    const page = await client().fetchPage('testing', 0, 10);
    expect(page.papers).toHaveLength(10);
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After on a 429', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const page = await client({ backoffMs: 1 }).fetchPage('testing', 0, 10);
    expect(page.papers).toHaveLength(10);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(990);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('gives up at once when Retry-After is longer than it will wait, saying how long arXiv asked for', async () => {
    server.enqueue({ status: 503, headers: { 'retry-after': '3600' } });
    await expect(client({ maxRetryAfterMs: 1000 }).fetchPage('testing', 0, 10)).rejects.toThrow(/retry after 3600 s/);
    expect(server.requests).toHaveLength(1);
  });

  it('times out a hung connection and retries', async () => {
    server.enqueue({ hang: true });
    // Long enough that the retry is never itself timed out on a busy machine.
    const page = await client({ timeoutMs: 2000 }).fetchPage('testing', 0, 10);
    expect(page.papers).toHaveLength(10);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a dropped connection', async () => {
    server.enqueue({ destroy: true });
    expect((await client().fetchPage('testing', 0, 10)).papers).toHaveLength(10);
  });

  it('retries malformed XML (a cut-off response) and fails clearly if it persists', async () => {
    const cut = recordedFeed(PAGE_0).slice(0, 3000);
    server.enqueue({ body: cut });
    expect((await client().fetchPage('testing', 0, 10)).papers).toHaveLength(10);
    server.enqueue({ body: cut }, { body: cut }, { body: cut }, { body: cut });
    await expect(client().fetchPage('testing', 0, 10)).rejects.toThrow(/malformed XML/);
  });

  it('fetches an empty first page again before believing it', async () => {
    server.enqueue({ body: recordedFeed(EMPTY_FEED) });
    const ids = await collect(client().search('testing', 10));
    expect(ids).toHaveLength(10);
    expect(server.requests).toHaveLength(2);
  });

  it('believes an empty result after a bounded number of tries', async () => {
    const empty = recordedFeed(EMPTY_FEED);
    server.enqueue({ body: empty }, { body: empty }, { body: empty }, { body: empty });
    const ids = await collect(client({ emptyRetries: 2 }).search('testing', 10));
    expect(ids).toEqual([]);
    expect(server.requests).toHaveLength(3);
  });

  it("turns arXiv's error feed (HTTP 400) into an error with arXiv's message, without retrying", async () => {
    server.enqueue({ status: 400, body: recordedFeed(ERROR_FEED) });
    const error = await client().fetchPage('testing', 0, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArxivApiError);
    expect((error as Error).message).toContain('incorrect id format for abc');
    expect(server.requests).toHaveLength(1);
  });

  it('fails after the retry budget when arXiv keeps answering 502', async () => {
    server.enqueue(...Array.from({ length: 4 }, () => ({ status: 502 })));
    await expect(client({ retries: 3 }).fetchPage('testing', 0, 10)).rejects.toThrow(/HTTP 502.*4 tries/);
    expect(server.requests).toHaveLength(4);
  });

  it('names the URL and the offline sources when arXiv cannot be reached', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/api/query`;
    const error = await client({ baseUrl: url, retries: 1 }).fetchPage('testing', 0, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnreachableError);
    expect((error as Error).message).toContain(url);
    expect((error as Error).message).toContain('--source sample');
  });
});

describe('Retry-After parsing', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
