import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemandReportSchema } from '../../agents/demand/schema.js';
import { ReportSchema } from '../../agents/reporter/schema.js';
import { runCli } from '../helpers/cli.js';
import { mermaidBlocks, parseMermaid } from '../helpers/mermaid.js';
import { FEEDS, hasSharedData } from '../helpers/shared-data.js';

/** Every file under a folder, recursively. */
function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('paperloom export', () => {
  let root: string;
  let db: string;
  let runId: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-export-'));
    db = path.join(root, 'library.db');
    const run = await runCli(['--db', db, '--json', '-q', 'run', 'GAN', '--source', 'sample']);
    expect(run.code, run.stderr).toBe(0);
    runId = JSON.parse(run.stdout).runId;
    if (hasSharedData) {
      // an old-style id with a slash, to prove file names cannot escape the folder
      const feed = path.join(FEEDS, 'feeds', fs.readdirSync(path.join(FEEDS, 'feeds')).find((f) => f.startsWith('id_astro-ph'))!);
      expect((await runCli(['--db', db, '-q', 'run', '*', '--source', `file:${feed}`])).code).toBe(0);
    }
  }, 120_000);

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes all six formats of a run, each valid', async () => {
    const out = path.join(root, 'run-export');
    const result = await runCli(['--db', db, '--json', 'export', runId, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const { files, papers } = JSON.parse(result.stdout);
    expect(papers).toBe(10);
    const names = walk(out).map((f) => path.relative(out, f)).sort();
    expect(names.filter((n) => !n.startsWith(`diagrams${path.sep}papers`))).toEqual(
      ['diagrams/concept-map.mmd', 'diagrams/skills-chart.mmd', 'diagrams/skills-cooccurrence.mmd', 'papers.bib', 'papers.csv', 'report.html', 'report.json', 'report.md', 'skills.csv'].map((n) => n.split('/').join(path.sep)),
    );
    expect(names.filter((n) => n.startsWith(`diagrams${path.sep}papers`))).toHaveLength(10);
    expect(files.sort()).toEqual(walk(out).sort());

    const report = ReportSchema.parse(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')));
    expect(report.scope).toEqual({ kind: 'run', runId });
    expect(report.papers).toHaveLength(10);
    expect(report.takeaways.length).toBeGreaterThan(0);

    const papersCsv = parseCsv(fs.readFileSync(path.join(out, 'papers.csv')), { columns: true }) as Record<string, string>[];
    expect(papersCsv.map((r) => r.arxiv_id)).toEqual(report.papers.map((p) => p.arxivId));
    expect(papersCsv[0]!.title).toBe(report.papers[0]!.title);
    const skillsCsv = parseCsv(fs.readFileSync(path.join(out, 'skills.csv')), { columns: true }) as Record<string, string>[];
    expect(skillsCsv.map((r) => r.skill)).toEqual(report.demand!.skills.map((s) => s.name));

    const { parse: parseBibtex } = await import('@retorquere/bibtex-parser');
    const bib = await parseBibtex(fs.readFileSync(path.join(out, 'papers.bib'), 'utf8'));
    expect(bib.entries).toHaveLength(10);
    expect(new Set(bib.entries.map((e: { key: string }) => e.key)).size).toBe(10);

    const diagrams = [
      ...walk(out).filter((f) => f.endsWith('.mmd')).map((f) => fs.readFileSync(f, 'utf8')),
      ...mermaidBlocks(fs.readFileSync(path.join(out, 'report.md'), 'utf8')),
    ];
    expect(diagrams.length).toBe(2 * 13);
    for (const d of diagrams) await expect(parseMermaid(d)).resolves.toMatchObject({ config: {} });
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html.match(/<pre class="mermaid">/g)).toHaveLength(13);
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=["']?https?:/i);
  }, 60_000);

  it.skipIf(!hasSharedData)('exports the whole library, writing only inside the folder, file names made safe', async () => {
    const out = path.join(root, 'all');
    const result = await runCli(['--db', db, '--json', 'export', '--all', '--format', 'mmd,json,bibtex', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).papers).toBe(11);
    const files = walk(out);
    for (const f of files) expect(f.startsWith(`${out}${path.sep}`)).toBe(true);
    expect(files.some((f) => f.endsWith('-astro-ph_0601001.mmd'))).toBe(true);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const report = ReportSchema.parse(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')));
    expect(report.scope).toMatchObject({ kind: 'library', query: null });
    expect(report.run).toBeNull();
    expect(report.synthesis!.papers).toHaveLength(11);
  }, 60_000);

  it('exports a query of the library', async () => {
    const out = path.join(root, 'query');
    const result = await runCli(['--db', db, '--json', 'export', '--query', 'ti:WGAN', '--format', 'json,md', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const report = ReportSchema.parse(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')));
    expect(report.papers.map((p) => p.arxivId)).toEqual(['1904.08994']);
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('# paperloom report: ti:WGAN');
  });

  it.each([
    [[], /exactly one of: a run id, --all, --query/],
    [['--all', '--query', 'x'], /exactly one of/],
    [['RUN', '--since', '2025-01-01'], /apply to --all and --query, not to a run/],
    [['--all', '--format', 'pdf'], /unknown format "pdf"/],
    [['--query', 'foo AND ('], /^paperloom: query /],
  ])('rejects bad input %j with one line and writes nothing', async (args, pattern) => {
    const out = path.join(root, `bad-${Math.random().toString(36).slice(2)}`);
    const result = await runCli(['--db', db, 'export', ...args.map((a) => (a === 'RUN' ? runId : a)), '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('says which run it cannot find', async () => {
    const result = await runCli(['--db', db, 'export', 'run-nope', '--out', path.join(root, 'x')]);
    expect(result.code).toBe(4);
    expect(result.stderr.trim()).toBe('paperloom: no run run-nope; list runs with: paperloom runs');
  });
});

describe('paperloom demand', () => {
  let root: string;
  let db: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-demand-'));
    db = path.join(root, 'library.db');
    expect((await runCli(['--db', db, '-q', 'run', 'GAN', '--source', 'sample'])).code).toBe(0);
  }, 60_000);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports demand over the library as JSON matching its schema', async () => {
    const result = await runCli(['--db', db, '--json', 'demand']);
    expect(result.code, result.stderr).toBe(0);
    const report = DemandReportSchema.parse(JSON.parse(result.stdout));
    expect(report.window.papers).toBe(10);
    expect(report.skills[0]).toMatchObject({ id: 'gan', papers: 9 });
  });

  it('compares windows and prints a table', async () => {
    const result = await runCli(['--db', db, 'demand', '--since', '2020-01-01', '--compare-to', '2016-01-01..2019-12-31']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\d+ papers \(2020-01-01\.\.…\)/);
    expect(result.stdout).toContain('trend: 2016-01-01..2019-12-31');
    expect(result.stdout).toMatch(/SKILL\s+CATEGORY\s+PAPERS/);
  });

  it.each([
    [['--compare-to', '2025-01-01'], /--compare-to must be a range like/],
    [['--compare-to', '2025-06-01..2025-01-01'], /is after/],
    [['--since', '2025-13-01'], /--since must be a date/],
    [['--top', '0'], /--top must be a whole number of at least 1/],
  ])('rejects %j with one line', async (args, pattern) => {
    const result = await runCli(['--db', db, 'demand', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
  });
});
