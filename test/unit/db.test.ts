import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { stemKey } from '../../src/nlp/words.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openLibrary, type Library } from '../../db/index.js';
import { retryWhileBusy, SCHEMA_VERSION } from '../../db/open.js';
import type { Analysis, AnalysisInput, Paper } from '../../db/schema.js';
import { ROOT } from '../helpers/cli.js';
import { freshDbPath, freshLibrary } from '../helpers/db.js';

function paper(overrides: Partial<Paper> = {}): Paper {
  return {
    arxivId: '2104.12255',
    version: 1,
    title: 'Spectral normalisation for generative adversarial networks',
    abstract: 'We stabilise GAN training with spectral normalisation of the discriminator.',
    authors: ['Ada Lovelace', 'Alan Turing'],
    published: '2021-04-25T00:00:00Z',
    updated: '2021-04-25T00:00:00Z',
    primaryCategory: 'cs.LG',
    categories: ['cs.LG', 'cs.CV'],
    absUrl: 'https://arxiv.org/abs/2104.12255',
    pdfUrl: 'https://arxiv.org/pdf/2104.12255',
    doi: null,
    comment: '10 pages',
    journalRef: null,
    ...overrides,
  };
}

function analysis(overrides: Partial<Analysis> = {}): AnalysisInput {
  return {
    arxivId: '2104.12255',
    analyserVersion: 'nlp-1',
    paperVersion: 1,
    summary: 'We stabilise GAN training with spectral normalisation.',
    tldr: 'We stabilise GAN training with spectral normalisation.',
    terms: [{ term: 'spectral normalisation', key: stemKey('spectral normalisation'), score: 2 }, { term: 'mode collapse', key: stemKey('mode collapse'), score: 1 }],
    rouge: { rouge1: { p: 1, r: 0.5, f: 0.67 }, rouge2: { p: 1, r: 0.4, f: 0.57 }, rougeL: { p: 1, r: 0.5, f: 0.67 } },
    titleWords: 6,
    summaryWords: 7,
    conceptGraph: { nodes: [{ id: 'spectral normalis', label: 'spectral normalisation', weight: 2 }], edges: [] },
    mermaid: 'flowchart LR\n  c0(["spectral normalisation"])',
    provenance: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** What search shows of an indexed paper (the index keeps no text: title, abstract, summary, terms). */
function ftsRow(library: Library, id: number) {
  const hit = library.search.hit(id);
  return hit ? { title: hit.title, abstract: hit.abstract, summary: hit.summary, terms: hit.terms } : undefined;
}

/** Row ids of papers matching a full-text query. */
function search(library: Library, query: string): number[] {
  return (library.db.prepare('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid').all(query) as { rowid: number }[]).map((r) => r.rowid);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('openLibrary', () => {
  it('creates the file, applies the migrations and turns on WAL and foreign keys', () => {
    const library = freshLibrary();
    expect(library.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
    expect(library.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(library.db.pragma('foreign_keys', { simple: true })).toBe(1);
    // foreign keys are enforced: a run cannot hold a paper that does not exist
    library.runs.create({ id: 'r1', query: 'q', source: 'sample', params: {} });
    expect(() => library.runs.addMember('r1', 999, 0)).toThrow(/FOREIGN KEY/);
  });

  it('is idempotent: opening an up-to-date file again keeps its version and its data', () => {
    const file = freshDbPath();
    const first = freshLibrary(file);
    first.papers.upsert(paper());
    first.close();
    const second = freshLibrary(file);
    expect(second.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(second.papers.count()).toBe(1);
    second.close();
    const third = freshLibrary(file);
    expect(third.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(third.papers.byArxivId('2104.12255')?.title).toBe(paper().title);
  });

  it('migrates a new file once when several processes open it at the same moment', async () => {
    const file = freshDbPath();
    const go = `${file}.go`;
    // Each process loads the code, says "ready", then waits for the go file, so the opens really overlap.
    const opener = [
      `import fs from 'node:fs';`,
      `import { openLibrary } from ${JSON.stringify(path.join(ROOT, 'db/index.ts'))};`,
      `console.log('ready');`,
      `while (!fs.existsSync(${JSON.stringify(go)}));`,
      `openLibrary(${JSON.stringify(file)}).close();`,
    ].join('\n');
    const children = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', opener], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
      return { ready, done };
    });
    await Promise.race([Promise.all(children.map((c) => c.ready)), Promise.all(children.map((c) => c.done))]);
    fs.writeFileSync(go, '');
    const results = await Promise.all(children.map((c) => c.done));
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const library = freshLibrary(file);
    expect(library.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  describe('where SQLite answers SQLITE_BUSY at once, without waiting', () => {
    // A read transaction that wants to write after another connection committed cannot wait its way
    // out (SQLITE_BUSY_SNAPSHOT), like two processes both switching a new file to WAL: it must start again.
    function twoConnections() {
      const file = freshDbPath();
      const a = new Database(file, { timeout: 5000 });
      a.pragma('journal_mode = WAL');
      a.exec('CREATE TABLE t (n INTEGER)');
      const b = new Database(file, { timeout: 5000 });
      return { a, b, close: () => { a.close(); b.close(); } };
    }

    it('starts again and succeeds once the other connection is done', () => {
      const { a, b, close } = twoConnections();
      let attempts = 0;
      const started = Date.now();
      const n = retryWhileBusy(() => a.transaction(() => {
        attempts++;
        const seen = (a.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
        if (attempts === 1) b.exec('INSERT INTO t VALUES (1)');
        a.prepare('INSERT INTO t VALUES (?)').run(seen + 10);
        return seen;
      })(), 5000);
      expect(attempts).toBe(2);
      expect(n).toBe(1);
      expect(a.prepare('SELECT n FROM t ORDER BY n').pluck().all()).toEqual([1, 11]);
      expect(Date.now() - started).toBeLessThan(2000); // it did not sit out the busy timeout
      close();
    });

    it('passes any other error on at once', () => {
      const { a, close } = twoConnections();
      let attempts = 0;
      expect(() => retryWhileBusy(() => { attempts++; a.exec('INSERT INTO missing VALUES (1)'); }, 5000)).toThrow(/no such table/);
      expect(attempts).toBe(1);
      close();
    });

    it('gives up after its timeout with the SQLite error', () => {
      const { a, b, close } = twoConnections();
      let attempts = 0;
      expect(() => retryWhileBusy(() => a.transaction(() => {
        attempts++;
        a.prepare('SELECT count(*) FROM t').get();
        b.exec('INSERT INTO t VALUES (1)');
        a.exec('INSERT INTO t VALUES (2)');
      })(), 100)).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }));
      expect(attempts).toBeGreaterThan(1);
      expect(a.prepare('SELECT count(*) FROM t WHERE n = 2').pluck().get()).toBe(0);
      close();
    });
  });

  it('refuses a file written by a newer paperloom, and leaves it untouched', () => {
    const file = freshDbPath();
    freshLibrary(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openLibrary(file)).toThrow(/newer than this paperloom/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });

  it('rolls a transaction back when it throws', () => {
    const library = freshLibrary();
    expect(() => library.transaction(() => {
      library.papers.upsert(paper());
      throw new Error('boom');
    })).toThrow('boom');
    expect(library.papers.count()).toBe(0);
    expect(search(library, 'spectral')).toEqual([]);
  });
});

describe('papers.upsert', () => {
  it('inserts a new paper and reads it back field for field', () => {
    const library = freshLibrary();
    const outcome = library.papers.upsert(paper());
    expect(outcome.change).toBe('inserted');
    expect(library.papers.byId(outcome.id)).toEqual({ ...paper(), id: outcome.id });
    expect(library.papers.byArxivId('2104.12255v3')?.id).toBe(outcome.id);
    expect(library.papers.byArxivId('9999.99999')).toBeNull();
    expect(library.papers.byId(outcome.id + 1)).toBeNull();
  });

  it('leaves the row unchanged for an equal or older version', () => {
    const library = freshLibrary();
    const { id } = library.papers.upsert(paper({ version: 2 }));
    expect(library.papers.upsert(paper({ version: 2, title: 'Same version, new title' }))).toEqual({ id, change: 'unchanged' });
    expect(library.papers.upsert(paper({ version: 1, title: 'Older title' }))).toEqual({ id, change: 'unchanged' });
    expect(library.papers.byId(id)).toEqual({ ...paper({ version: 2 }), id });
    expect(library.papers.count()).toBe(1);
  });

  it('replaces the row in place for a newer version, without a duplicate', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const library = freshLibrary();
    const { id } = library.papers.upsert(paper());
    vi.setSystemTime(new Date('2025-02-01T00:00:00Z'));
    const newer = paper({ version: 3, title: 'Spectral normalisation, revisited', authors: ['Ada Lovelace'], doi: '10.1/x' });
    expect(library.papers.upsert(newer)).toEqual({ id, change: 'updated' });
    expect(library.papers.byId(id)).toEqual({ ...newer, id });
    expect(library.papers.count()).toBe(1);
    const seen = library.db.prepare('SELECT first_seen_at, last_seen_at FROM papers WHERE id = ?').get(id);
    expect(seen).toEqual({ first_seen_at: '2025-01-01T00:00:00.000Z', last_seen_at: '2025-02-01T00:00:00.000Z' });
  });

  it('keeps different arXiv ids apart', () => {
    const library = freshLibrary();
    const a = library.papers.upsert(paper());
    const b = library.papers.upsert(paper({ arxivId: 'astro-ph/0601001', title: 'Dark matter halos' }));
    expect(b.change).toBe('inserted');
    expect(b.id).not.toBe(a.id);
    expect(library.papers.count()).toBe(2);
    expect(library.papers.byArxivId('astro-ph/0601001')?.title).toBe('Dark matter halos');
  });
});

describe('full-text index', () => {
  it('indexes a paper once it is analysed: title, abstract, summary and key terms', () => {
    const library = freshLibrary();
    const { id } = library.papers.upsert(paper());
    expect(ftsRow(library, id)).toBeUndefined();
    expect(search(library, 'discriminator')).toEqual([]);

    library.analyses.save(id, analysis());
    expect(ftsRow(library, id)).toEqual({
      title: paper().title,
      abstract: paper().abstract,
      summary: analysis().summary,
      terms: 'spectral normalisation; mode collapse',
    });
    expect(search(library, 'discriminator')).toEqual([id]);
    // "mode collapse" is only in the key terms; porter stemming matches "collapsing"
    expect(search(library, 'collapse')).toEqual([id]);
    expect(search(library, 'terms:collapsing')).toEqual([id]);
    expect(search(library, '"mode collapse"')).toEqual([id]);
    const rows = library.db.prepare('SELECT count(*) AS n FROM papers_fts').get() as { n: number };
    expect(rows.n).toBe(1);
  });

  it('drops the old text when a newer version arrives, and indexes the new one when it is analysed', () => {
    const library = freshLibrary();
    const { id } = library.papers.upsert(paper());
    library.analyses.save(id, analysis());
    library.papers.upsert(paper({ version: 2, title: 'Wasserstein critics', abstract: 'A critic with a Lipschitz penalty.' }));
    expect(ftsRow(library, id)).toBeUndefined();
    expect(search(library, 'discriminator')).toEqual([]);
    expect(search(library, 'collapse')).toEqual([]);
    library.analyses.save(id, analysis({ paperVersion: 2, summary: 'A critic with a Lipschitz penalty.' }));
    expect(ftsRow(library, id)?.title).toBe('Wasserstein critics');
    expect(search(library, 'lipschitz')).toEqual([id]);
    expect(search(library, 'discriminator')).toEqual([]);
  });

  it('keeps no copy of the text: the index answers, the text comes from papers and analyses', () => {
    const library = freshLibrary();
    const { id } = library.papers.upsert(paper());
    library.analyses.save(id, analysis());
    expect(library.db.prepare('SELECT title, abstract, summary, terms FROM papers_fts WHERE rowid = ?').get(id)).toEqual({ title: null, abstract: null, summary: null, terms: null });
    expect(search(library, 'discriminator')).toEqual([id]);
  });

  it('shows the analysis saved last when a paper has several', () => {
    const library = freshLibrary();
    const { id } = library.papers.upsert(paper());
    library.analyses.save(id, analysis());
    library.analyses.save(id, analysis({ analyserVersion: 'nlp-2', summary: 'A newer summary.', terms: [{ term: 'lipschitz', key: stemKey('lipschitz'), score: 1 }], createdAt: '2025-02-01T00:00:00.000Z' }));
    expect(ftsRow(library, id)).toMatchObject({ summary: 'A newer summary.', terms: 'lipschitz' });
    expect(search(library, 'lipschitz')).toEqual([id]);
    expect(search(library, 'collapse')).toEqual([]);
  });

  it('carries the index of a schema-4 library over to the contentless one', () => {
    const file = freshDbPath();
    const raw = new Database(file);
    for (const f of fs.readdirSync(path.join(ROOT, 'db/migrations')).filter((f) => f < '005').sort()) {
      raw.exec(fs.readFileSync(path.join(ROOT, 'db/migrations', f), 'utf8'));
    }
    raw.pragma('user_version = 4');
    const id = Number(raw.prepare(`INSERT INTO papers (arxiv_id, version, title, abstract, authors, categories, abs_url, first_seen_at, last_seen_at)
      VALUES ('2104.12255', 1, 'Spectral normalisation', 'We stabilise the discriminator.', '[]', '[]', 'https://arxiv.org/abs/2104.12255', 'x', 'x')`).run().lastInsertRowid);
    raw.prepare(`INSERT INTO analyses (paper_id, analyser_version, paper_version, summary, tldr, terms, rouge, title_words, summary_words, concept_graph, mermaid, created_at)
      VALUES (?, 'nlp-1', 1, 'We stabilise the discriminator.', 't', '[{"term":"mode collapse","key":"mode collaps","score":1}]', '{}', 2, 4, '{}', '', '2025-01-01')`).run(id);
    raw.prepare(`INSERT INTO papers_fts (rowid, title, abstract, summary, terms) VALUES (?, 'Spectral normalisation', 'We stabilise the discriminator.', 'We stabilise the discriminator.', 'mode collapse')`).run(id);
    raw.close();

    const library = freshLibrary(file);
    expect(library.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(search(library, 'discriminator')).toEqual([id]);
    expect(search(library, '"mode collapse"')).toEqual([id]);
    expect(ftsRow(library, id)).toMatchObject({ title: 'Spectral normalisation', terms: 'mode collapse' });
    expect(library.db.prepare('SELECT title FROM papers_fts WHERE rowid = ?').get(id)).toEqual({ title: null });
    expect(library.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'papers_fts_v4%'").get()).toEqual({ n: 0 });
  });

  it('finds the right paper among several', () => {
    const library = freshLibrary();
    const gan = library.papers.upsert(paper()).id;
    const other = library.papers.upsert(paper({ arxivId: '1706.03762', title: 'Attention is all you need', abstract: 'The Transformer uses attention only.' })).id;
    library.analyses.save(gan, analysis());
    library.analyses.save(other, analysis({ arxivId: '1706.03762', summary: 'The Transformer uses attention only.', terms: [{ term: 'attention', key: stemKey('attention'), score: 1 }] }));
    expect(search(library, 'transformer')).toEqual([other]);
    expect(search(library, 'spectral')).toEqual([gan]);
  });
});

describe('analyses', () => {
  it('saves once per paper version: saving again writes nothing and keeps created_at', () => {
    const library = freshLibrary();
    const { id } = library.papers.upsert(paper());
    expect(library.analyses.save(id, analysis())).toBe(true);
    const again = analysis({ summary: 'A different summary.', createdAt: '2025-06-01T00:00:00.000Z' });
    expect(library.analyses.save(id, again)).toBe(false);
    expect(library.analyses.get(id, 'nlp-1')).toEqual(analysis());
    expect(ftsRow(library, id)?.summary).toBe(analysis().summary);
    const rows = library.db.prepare('SELECT count(*) AS n FROM analyses WHERE paper_id = ?').get(id) as { n: number };
    expect(rows.n).toBe(1);
  });

  it('replaces the analysis when a newer paper version is analysed, never with an older one', () => {
    const library = freshLibrary();
    const { id } = library.papers.upsert(paper({ version: 2 }));
    library.analyses.save(id, analysis({ paperVersion: 2 }));
    expect(library.analyses.save(id, analysis({ paperVersion: 1, summary: 'old' }))).toBe(false);
    const v3 = analysis({ paperVersion: 3, summary: 'Version three summary.', createdAt: '2025-03-01T00:00:00.000Z' });
    expect(library.analyses.save(id, v3)).toBe(true);
    expect(library.analyses.get(id, 'nlp-1')).toEqual(v3);
    expect(ftsRow(library, id)?.summary).toBe('Version three summary.');
  });

  it('isCurrent: true once this analyser read this version (or newer), false otherwise', () => {
    const library = freshLibrary();
    const { id } = library.papers.upsert(paper({ version: 2 }));
    expect(library.analyses.isCurrent(id, 2, 'nlp-1')).toBe(false);
    library.analyses.save(id, analysis({ paperVersion: 2 }));
    expect(library.analyses.isCurrent(id, 2, 'nlp-1')).toBe(true);
    expect(library.analyses.isCurrent(id, 1, 'nlp-1')).toBe(true);
    expect(library.analyses.isCurrent(id, 3, 'nlp-1')).toBe(false);
    expect(library.analyses.isCurrent(id, 2, 'nlp-2')).toBe(false);
    expect(library.analyses.isCurrent(id + 1, 1, 'nlp-1')).toBe(false);
  });

  it('forAnalysis: a batch of papers in the order asked, unknown ids left out, each current or not for an analyser', () => {
    const library = freshLibrary();
    const a = library.papers.upsert(paper({ arxivId: '2501.00001', version: 2 })).id;
    const b = library.papers.upsert(paper({ arxivId: '2501.00002' })).id;
    library.analyses.save(a, analysis({ paperVersion: 2 }));
    const view = (version: string) => library.papers.forAnalysis([b, b + 100, a], version).map((r) => [r.paper.id, r.paper.arxivId, r.current]);
    expect(view('nlp-1')).toEqual([[b, '2501.00002', false], [a, '2501.00001', true]]);
    expect(view('nlp-2')).toEqual([[b, '2501.00002', false], [a, '2501.00001', false]]);
    // A newer version arrives: the analysis of version 2 is no longer current.
    library.papers.upsert(paper({ arxivId: '2501.00001', version: 3 }));
    expect(view('nlp-1')).toEqual([[b, '2501.00002', false], [a, '2501.00001', false]]);
    expect(library.papers.forAnalysis([a], 'nlp-1')[0]!.paper).toEqual(library.papers.byId(a));
    expect(library.papers.forAnalysis([], 'nlp-1')).toEqual([]);
  });

  it('keeps one analysis per analyser version; latest is the most recent of them', () => {
    const library = freshLibrary();
    const { id } = library.papers.upsert(paper());
    expect(library.analyses.get(id, 'nlp-1')).toBeNull();
    expect(library.analyses.latest(id)).toBeNull();
    library.analyses.save(id, analysis({ analyserVersion: 'nlp-1', createdAt: '2025-01-01T00:00:00.000Z' }));
    const llm = analysis({
      analyserVersion: 'llm-1',
      summary: 'LLM summary.',
      provenance: { summarizer: { by: 'openai:gpt-4o-mini', fallback: null }, terms: { by: 'nlp', fallback: 'invalid output after 2 repairs' } },
      createdAt: '2025-02-01T00:00:00.000Z',
    });
    expect(library.analyses.save(id, llm)).toBe(true);
    expect(library.analyses.get(id, 'nlp-1')?.summary).toBe(analysis().summary);
    expect(library.analyses.get(id, 'llm-1')).toEqual(llm);
    expect(library.analyses.latest(id)).toEqual(llm);
  });
});

describe('runs', () => {
  it('creates a pending run with its request and zero counts', () => {
    const library = freshLibrary();
    library.runs.create({ id: 'run-1', query: 'GAN', source: 'sample', params: { limit: 5, categories: ['cs.LG'] } });
    expect(library.runs.get('run-1')).toMatchObject({
      id: 'run-1', query: 'GAN', source: 'sample', params: { limit: 5, categories: ['cs.LG'] }, status: 'pending',
      startedAt: null, finishedAt: null, pid: null, papers: 0, analysed: 0, skipped: 0, failed: 0, reportPath: null, error: null,
    });
    expect(library.runs.get('missing')).toBeNull();
    expect(() => library.runs.create({ id: 'run-1', query: 'again', source: 'sample', params: {} })).toThrow(/UNIQUE/);
  });

  it('start marks it running in a process and keeps the first start time; fail records why and recounts', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const library = freshLibrary();
    library.runs.create({ id: 'r', query: 'q', source: 'sample', params: {} });
    const { id } = library.papers.upsert(paper());
    library.runs.addMember('r', id, 0);
    library.runs.start('r', 4242);
    expect(library.runs.get('r')).toMatchObject({ status: 'running', pid: 4242, startedAt: '2025-01-01T00:00:00.000Z' });

    vi.setSystemTime(new Date('2025-01-01T01:00:00Z'));
    library.runs.markPaper('r', id, 'failed', 'parse error');
    library.runs.fail('r', 'arXiv unreachable');
    expect(library.runs.get('r')).toMatchObject({
      status: 'failed', pid: null, error: 'arXiv unreachable', finishedAt: '2025-01-01T01:00:00.000Z', papers: 1, failed: 1,
    });

    // resuming: running again, the first start time kept and the old error cleared
    vi.setSystemTime(new Date('2025-01-01T02:00:00Z'));
    library.runs.start('r', 5151);
    expect(library.runs.get('r')).toMatchObject({ status: 'running', pid: 5151, startedAt: '2025-01-01T00:00:00.000Z', error: null });
  });

  it('complete records the report and the counts', () => {
    const library = freshLibrary();
    library.runs.create({ id: 'r', query: 'q', source: 'sample', params: {} });
    const ids = ['2501.00001', '2501.00002', '2501.00003', '2501.00004'].map((arxivId) => library.papers.upsert(paper({ arxivId })).id);
    ids.forEach((id, i) => library.runs.addMember('r', id, i));
    library.runs.start('r');
    library.runs.markPaper('r', ids[0]!, 'analysed');
    library.runs.markPaper('r', ids[1]!, 'analysed');
    library.runs.markPaper('r', ids[2]!, 'skipped');
    library.runs.complete('r', '/tmp/report.md');
    expect(library.runs.get('r')).toMatchObject({
      status: 'completed', pid: null, reportPath: '/tmp/report.md', papers: 4, analysed: 2, skipped: 1, failed: 0,
    });
    expect(library.runs.get('r')?.finishedAt).not.toBeNull();
  });

  it('recount follows status changes', () => {
    const library = freshLibrary();
    library.runs.create({ id: 'r', query: 'q', source: 'sample', params: {} });
    const a = library.papers.upsert(paper({ arxivId: '2501.00001' })).id;
    const b = library.papers.upsert(paper({ arxivId: '2501.00002' })).id;
    library.runs.addMember('r', a, 0);
    library.runs.addMember('r', b, 1);
    library.runs.recount('r');
    expect(library.runs.get('r')).toMatchObject({ papers: 2, analysed: 0, skipped: 0, failed: 0 });
    library.runs.markPaper('r', a, 'failed', 'boom');
    library.runs.recount('r');
    expect(library.runs.get('r')).toMatchObject({ papers: 2, analysed: 0, failed: 1 });
    library.runs.markPaper('r', a, 'analysed');
    library.runs.markPaper('r', b, 'analysed');
    library.runs.recount('r');
    expect(library.runs.get('r')).toMatchObject({ papers: 2, analysed: 2, failed: 0 });
  });

  it('keeps a paper added twice once, at its first position, and lists members in fetch order', () => {
    const library = freshLibrary();
    library.runs.create({ id: 'r', query: 'q', source: 'sample', params: {} });
    const first = library.papers.upsert(paper({ arxivId: '2501.00001', version: 2 })).id;
    const second = library.papers.upsert(paper({ arxivId: '2501.00002' })).id;
    library.runs.addMember('r', second, 1);
    library.runs.addMember('r', first, 0);
    library.runs.markPaper('r', first, 'analysed');
    library.runs.addMember('r', first, 5);
    expect(library.runs.members('r')).toEqual([
      { paperId: first, arxivId: '2501.00001', version: 2, status: 'analysed' },
      { paperId: second, arxivId: '2501.00002', version: 1, status: 'pending' },
    ]);
    library.runs.recount('r');
    expect(library.runs.get('r')?.papers).toBe(2);
    expect(library.papers.list({ runId: 'r', limit: 10 }).map((p) => p.id)).toEqual([first, second]);
  });

  it('lists the most recent runs first', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const library = freshLibrary();
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    library.runs.create({ id: 'old', query: 'q', source: 'sample', params: {} });
    vi.setSystemTime(new Date('2025-03-01T00:00:00Z'));
    library.runs.create({ id: 'new', query: 'q', source: 'sample', params: {} });
    expect(library.runs.list().map((r) => r.id)).toEqual(['new', 'old']);
    expect(library.runs.list(1).map((r) => r.id)).toEqual(['new']);
  });
});
