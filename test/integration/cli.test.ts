import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema } from '../../agents/reporter/schema.js';
import { ArxivServer } from '../helpers/arxiv-server.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { freshDbPath, freshDir } from '../helpers/db.js';
import { mermaidBlocks, parseMermaid } from '../helpers/mermaid.js';
import { hasSharedData, SKIP_REASON } from '../helpers/shared-data.js';

/** Asserts the CLI failed with exactly one line on stderr and nothing on stdout. */
function expectOneLineError(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp, code = 2) {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^paperloom: /);
  expect(lines[0]).toMatch(pattern);
}

describe('bad input: one clear line, non-zero exit, database untouched', () => {
  const cases: [string, string[], RegExp][] = [
    ['an empty query', ['run', ''], /query is empty/],
    ['a blank query', ['run', '   '], /query is empty/],
    ['an unknown source', ['run', 'GAN', '--source', 'scholar'], /unknown source "scholar"/],
    ['a missing file', ['run', 'GAN', '--source', 'file:/nonexistent/papers.jsonl'], /source file not found: \/nonexistent\/papers.jsonl/],
    ['--max 0', ['run', 'GAN', '--max', '0'], /--max must be a whole number of at least 1/],
    ['--max that is not a number', ['run', 'GAN', '--max', 'ten'], /--max must be a whole number/],
    ['a date that does not exist', ['run', 'GAN', '--since', '2025-02-30'], /--since must be a date like/],
    ['a malformed date', ['run', 'GAN', '--until', '31/12/2025'], /--until must be a date like/],
    ['--since after --until', ['run', 'GAN', '--since', '2025-06-01', '--until', '2025-01-01'], /is after --until/],
    ['--concurrency 1', ['run', 'GAN', '--concurrency', '1'], /--concurrency must be a whole number of at least 2/],
    ['an unbalanced query', ['run', 'foo AND ('], /query/],
    ['a bad category', ['run', 'GAN', '--categories', 'cs.CL,not a cat'], /--categories/],
    ['an unknown command', ['frobnicate'], /unknown command/],
  ];

  it.each(cases)('rejects %s without creating the library', async (_name, args, pattern) => {
    const db = freshDbPath();
    const result = await runCli(['--db', db, ...args]);
    expectOneLineError(result, pattern);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('leaves an existing library byte for byte as it was', async () => {
    const db = freshDbPath();
    expect((await runCli(['--db', db, '-q', 'run', 'GAN', '--source', 'sample'])).code).toBe(0);
    const before = fs.readFileSync(db);
    for (const [, args, pattern] of cases.slice(0, 6)) expectOneLineError(await runCli(['--db', db, ...args]), pattern);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });

  it('names the library when it does not exist yet', async () => {
    const db = freshDbPath();
    expectOneLineError(await runCli(['--db', db, 'runs']), /no library at .*library\.db/, 4);
  });
});

describe('the offline demo source', () => {
  let db: string;
  let first: { runId: string; status: string; papers: number; analysed: number; skipped: number; failed: number; reportPath: string; durationMs: number };

  beforeAll(async () => {
    db = path.join(freshDirKeep(), 'library.db');
    const result = await runCli(['--db', db, 'run', 'GAN', '--source', 'sample', '--json']);
    expect(result.code, result.stderr).toBe(0);
    first = JSON.parse(result.stdout);
  });

  it('runs the real 10-paper feed end to end and reports it on stdout as JSON', () => {
    expect(first).toMatchObject({ status: 'completed', papers: 10, analysed: 10, skipped: 0, failed: 0 });
    expect(first.runId).toMatch(/^run-\d{8}-\d{6}-[0-9a-f]{4}$/);
    expect(first.durationMs).toBeGreaterThan(0);
    expect(fs.existsSync(first.reportPath)).toBe(true);
  });

  it('writes a Markdown report whose every diagram mermaid accepts', async () => {
    const markdown = fs.readFileSync(first.reportPath, 'utf8');
    expect(markdown).toContain('# paperloom report: GAN');
    expect(markdown).toContain('## Skill & technology demand');
    expect(markdown).toContain('### Glossary of concepts');
    expect(markdown).toContain('https://arxiv.org/abs/2111.13282v1');
    const blocks = mermaidBlocks(markdown);
    expect(blocks.length).toBe(13); // ten paper graphs, the concept map, the skills chart and co-occurrence graph
    for (const block of blocks) await parseMermaid(block);
  });

  it('prints the report as JSON that matches the exported schema', async () => {
    const result = await runCli(['--db', db, 'report', first.runId, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const report = ReportSchema.parse(JSON.parse(result.stdout));
    expect(report.papers.map((p) => p.ref)).toEqual(Array.from({ length: 10 }, (_, i) => `P${i + 1}`));
    const gan = report.papers.find((p) => p.arxivId === '2111.13282')!;
    expect(gan.categories.length).toBeGreaterThan(0);
    expect(gan.pdfUrl).toBe('http://arxiv.org/pdf/2111.13282v1');
    expect(gan.analysis!.rouge.rouge1.p).toBeCloseTo(1, 5);
  });

  it('writes a report to a file with --out', async () => {
    const out = path.join(freshDir(), 'nested', 'report.md');
    const result = await runCli(['--db', db, 'report', first.runId, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('## Papers');
  });

  it('lists runs, papers and one paper', async () => {
    const runs = JSON.parse((await runCli(['--db', db, '--json', 'runs'])).stdout);
    expect(runs[0]).toMatchObject({ id: first.runId, status: 'completed', query: 'GAN', source: 'sample' });
    const papers = JSON.parse((await runCli(['--db', db, '--json', 'papers', '--run', first.runId])).stdout);
    expect(papers).toHaveLength(10);
    const shown = JSON.parse((await runCli(['--db', db, '--json', 'show', '2111.13282v1'])).stdout);
    expect(shown.title).toBe('Generative Adversarial Networks and Adversarial Autoencoders: Tutorial and Survey');
    expect(shown.analysis.terms.length).toBeGreaterThan(5);
    const table = await runCli(['--db', db, 'runs']);
    expect(table.stdout).toContain(first.runId);
  });

  it('adds no duplicates when the same query runs again', async () => {
    const again = JSON.parse((await runCli(['--db', db, '--json', 'run', 'GAN', '--source', 'sample'])).stdout);
    expect(again).toMatchObject({ papers: 10, analysed: 0, skipped: 10 });
    const all = JSON.parse((await runCli(['--db', db, '--json', 'papers', '--limit', '1000'])).stdout);
    expect(all).toHaveLength(10);
  });

  it('says which run or paper it cannot find', async () => {
    expectOneLineError(await runCli(['--db', db, 'report', 'run-nope']), /no run run-nope/, 4);
    expectOneLineError(await runCli(['--db', db, 'show', '9999.99999']), /paper 9999.99999 is not in the library/, 4);
    expectOneLineError(await runCli(['--db', db, 'report', first.runId, '--format', 'pdf']), /--format must be md or json/);
  });
});

describe('installation and configuration', () => {
  it('runs through the installed bin entry point', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/paperloom.js'), '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('takes the library path from PAPERLOOM_DB when --db is not given', async () => {
    const db = freshDbPath();
    const result = await runCli(['-q', 'run', 'GAN', '--source', 'sample', '--max', '3'], { PAPERLOOM_DB: db });
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(db)).toBe(true);
    expect(fs.existsSync(path.join(path.dirname(db), 'reports'))).toBe(true);
  });

  it('rejects a bad environment variable with one line', async () => {
    expectOneLineError(await runCli(['--db', freshDbPath(), 'run', 'GAN'], { PAPERLOOM_ARXIV_DELAY_MS: 'soon' }), /invalid environment variable PAPERLOOM_ARXIV_DELAY_MS/);
  });
});

describe.skipIf(!hasSharedData)(`the live arXiv source against a loopback arXiv ${SKIP_REASON}`, () => {
  let server: ArxivServer;
  beforeAll(async () => {
    server = await new ArxivServer().start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('fetches, pages and analyses through the real protocol', async () => {
    const db = freshDbPath();
    const env = { ARXIV_API_URL: server.url, PAPERLOOM_ARXIV_DELAY_MS: '10', PAPERLOOM_ARXIV_PAGE_SIZE: '10', PAPERLOOM_ARXIV_RETRIES: '2', PAPERLOOM_ARXIV_BACKOFF_MS: '5' };
    const result = await runCli(['--db', db, '--json', 'run', 'testing', '--source', 'arxiv', '--max', '20'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'completed', papers: 20, analysed: 20 });
    expect(server.requests.map((r) => r.params.get('search_query'))).toEqual(['all:testing', 'all:testing']);
  });

  it('turns an unreachable arXiv into one line naming the URL and the offline sources', async () => {
    const db = freshDbPath();
    const url = 'http://127.0.0.1:9/api/query';
    const result = await runCli(['--db', db, 'run', 'testing', '--source', 'arxiv'], { ARXIV_API_URL: url, PAPERLOOM_ARXIV_RETRIES: '0' });
    expectOneLineError(result, new RegExp(`cannot reach arXiv at ${url.replace(/[.?]/g, '\\$&')}.*--source sample`), 3);
  });
});

/** A temporary directory kept for a whole describe block (freshDir's are removed after each test). */
function freshDirKeep(): string {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'paperloom-cli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
