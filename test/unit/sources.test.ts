import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseAtomFeed } from '../../agents/fetcher/atom.js';
import type { FetchRequest, Paper } from '../../agents/fetcher/schema.js';
import { snapshotToPaper } from '../../agents/fetcher/snapshot.js';
import { arxivSearchQuery, FileSource, resolveSource, SampleSource, type PaperSource } from '../../agents/fetcher/sources.js';
import { loadConfig } from '../../src/config.js';
import { UsageError } from '../../src/errors.js';
import { freshDir } from '../helpers/db.js';
import { CORPUS, corpusLines, FEEDS, hasSharedData, SKIP_REASON } from '../helpers/shared-data.js';

const config = loadConfig({});

function request(overrides: Partial<FetchRequest>): FetchRequest {
  return { query: 'GAN', max: 1000, since: null, until: null, categories: [], ...overrides };
}

async function collect(source: PaperSource, overrides: Partial<FetchRequest>): Promise<Paper[]> {
  const papers: Paper[] = [];
  for await (const paper of source.papers(request(overrides))) papers.push(paper);
  return papers;
}

const ids = (papers: Paper[]) => papers.map((p) => p.arxivId);

/** What an awaited promise rejected with, so a test can check its type and message. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

/** A file in a fresh temporary directory. */
function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(freshDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

/** A one-line snapshot record, hand-made. */
function snapshotLine(id: string, title: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id,
    title,
    abstract: `An abstract about ${title.toLowerCase()}.`,
    authors: 'Ada Lovelace',
    authors_parsed: [['Lovelace', 'Ada', '']],
    categories: 'cs.LG',
    versions: [{ version: 'v1', created: 'Tue, 18 Mar 2025 00:00:00 GMT' }],
    update_date: '2025-03-18',
    ...extra,
  });
}

// The 10 papers of arxiv-api-ts's feed for all:GAN, in the feed's (relevance) order.
const SAMPLE_IDS = ['2111.13282', '1904.00724', '2303.15533', '2003.08047', '1701.06264', '2307.16275', '2002.02112', '1904.08994', '2104.01437', '1611.08337'];

describe('SampleSource', () => {
  const sample = new SampleSource();

  it('yields all 10 papers of the shipped feed for "GAN", with categories and pdf links kept', async () => {
    const papers = await collect(sample, { query: 'GAN' });
    expect(sample.spec).toBe('sample');
    expect(ids(papers)).toEqual(SAMPLE_IDS);
    const sde = papers.find((p) => p.arxivId === '2104.01437')!;
    expect(sde.categories).toEqual(['cs.LG', 'cs.NA', 'math.NA', 'q-fin.CP']);
    expect(sde.primaryCategory).toBe('cs.LG');
    expect(sde.pdfUrl).toBe('http://arxiv.org/pdf/2104.01437v1');
    for (const paper of papers) {
      expect(paper.pdfUrl).toBe(`http://arxiv.org/pdf/${paper.arxivId}v${paper.version}`);
      expect(paper.categories[0]).toBe(paper.primaryCategory);
    }
  });

  it('filters by a fielded query, locally', async () => {
    // Two titles say "Generative Adversarial Networks" instead of GAN; the GaN crystal paper stays (arXiv matches it too).
    expect(ids(await collect(sample, { query: 'ti:GAN' }))).toEqual(SAMPLE_IDS.filter((id) => id !== '2111.13282' && id !== '1701.06264'));
    expect(ids(await collect(sample, { query: 'GAN ANDNOT cat:cond-mat.*' }))).toEqual(SAMPLE_IDS.slice(0, 9));
    expect(ids(await collect(sample, { query: 'au:weng' }))).toEqual(['1904.08994']);
    expect(await collect(sample, { query: 'transformer' })).toEqual([]);
  });

  it('keeps papers in any of the requested categories, primary or not', async () => {
    expect(ids(await collect(sample, { categories: ['stat.ML'] }))).toEqual(['2111.13282', '2002.02112', '1904.08994']);
    expect(ids(await collect(sample, { categories: ['q-fin.CP', 'cond-mat.mtrl-sci'] }))).toEqual(['2104.01437', '1611.08337']);
  });

  it('keeps papers published within since..until, both days included', async () => {
    expect(ids(await collect(sample, { since: '2021-01-01' }))).toEqual(['2111.13282', '2303.15533', '2307.16275', '2104.01437']);
    expect(ids(await collect(sample, { until: '2019-04-01' }))).toEqual(['1904.00724', '1701.06264', '1611.08337']);
    expect(ids(await collect(sample, { since: '2021-11-26', until: '2021-11-26' }))).toEqual(['2111.13282']);
  });

  it('stops after max papers, in feed order', async () => {
    expect(ids(await collect(sample, { max: 3 }))).toEqual(SAMPLE_IDS.slice(0, 3));
    expect(ids(await collect(sample, { max: 2, categories: ['cs.CV'], since: '2019-01-01', query: 'GAN ANDNOT cat:cond-mat.*' }))).toEqual(['2111.13282', '1904.00724']);
  });

  it('rejects a malformed query with a UsageError', async () => {
    const error = await rejection(collect(sample, { query: '(GAN OR diffusion' }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/unclosed parenthesis/);
  });
});

describe('FileSource over hand-made JSON Lines', () => {
  const good = [snapshotLine('2503.00001', 'Graph Neural Networks'), snapshotLine('2503.00002', 'Diffusion Models')];

  it('fails on a bad first line with a UsageError naming the file, the line and what was expected', async () => {
    const notJson = tempFile('papers.jsonl', ['this is not json', ...good].join('\n'));
    const error = await rejection(collect(new FileSource(notJson), { query: 'networks' }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`${notJson}: line 1 is not JSON; expected arXiv snapshot JSON Lines or an Atom feed`);

    const notRecord = tempFile('papers.jsonl', ['', JSON.stringify({ name: 'a CSV row turned into JSON' }), ...good].join('\n'));
    const error2 = await rejection(collect(new FileSource(notRecord), { query: 'networks' }));
    expect(error2).toBeInstanceOf(UsageError);
    expect(error2.message).toMatch(/line 2 is not an arXiv snapshot record/);
  });

  it('skips and counts bad later lines, reporting each with its line number', async () => {
    const file = tempFile('papers.jsonl', [good[0], '{"id": "2503.0', '', JSON.stringify({ id: 'not-an-id', title: 't', abstract: 'a' }), good[1], ''].join('\n'));
    const skips: Array<[number, string]> = [];
    const source = new FileSource(file, (line, why) => skips.push([line, why]));
    const papers = await collect(source, { query: 'cat:cs.LG' });
    expect(ids(papers)).toEqual(['2503.00001', '2503.00002']);
    expect(source.skipped).toBe(2);
    expect(skips).toEqual([[2, 'not JSON'], [4, 'not an arXiv snapshot record']]);
  });

  it('logs skipped lines through resolveSource', async () => {
    const file = tempFile('papers.jsonl', [good[0], 'garbage', good[1]].join('\r\n'));
    const log: string[] = [];
    const source = resolveSource(`file:${file}`, config, (line) => log.push(line));
    expect(source.spec).toBe(`file:${file}`);
    expect(ids(await collect(source, { query: 'diffusion OR graph' }))).toEqual(['2503.00001', '2503.00002']);
    expect(log).toEqual([`${file}: skipped line 2 (not JSON)`]);
  });

  it('reads gzipped JSON Lines the same as plain ones', async () => {
    const file = tempFile('papers.jsonl.gz', zlib.gzipSync(good.join('\n')));
    const papers = await collect(new FileSource(file), { query: 'diffusion' });
    expect(papers).toEqual([snapshotToPaper(JSON.parse(good[1]!))]);
  });

  it('fails with a UsageError for a missing file or a directory', () => {
    const dir = freshDir();
    const missing = path.join(dir, 'nope.jsonl');
    expect(() => new FileSource(missing)).toThrow(UsageError);
    expect(() => new FileSource(missing)).toThrow(`source file not found: ${missing}`);
    expect(() => resolveSource(`file:${missing}`, config)).toThrow(`source file not found: ${missing}`);
    expect(() => new FileSource(dir)).toThrow(`source is not a file: ${dir}`);
  });
});

describe('FileSource over an Atom file', () => {
  /** A feed whose one author name has its "é" split across the 64 KiB read-chunk boundary. */
  function feedWithSplitCharacter(): string {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">\n<!--';
    const entryHead = '-->\n<entry><id>http://arxiv.org/abs/2501.00001v1</id><title>Fairness testing</title><summary>We test.</summary><author><name>S';
    const pad = 'x'.repeat(65535 - Buffer.byteLength(head) - Buffer.byteLength(entryHead));
    const xml = `${head}${pad}${entryHead}ébastien Lafond</name></author><author><name>Jürgen Müller</name></author></entry>\n`
      + '<entry><id>http://arxiv.org/abs/2501.00002v1</id><title>Über testing</title><summary>Ça marche.</summary><author><name>Zoë Ødegaard</name></author></entry>\n</feed>\n';
    expect(Buffer.from(xml).subarray(65535, 65537)).toEqual(Buffer.from('é'));
    return xml;
  }

  it('keeps non-ASCII characters that straddle two read chunks', async () => {
    const papers = await collect(new FileSource(tempFile('split.xml', feedWithSplitCharacter())), { query: 'testing' });
    expect(papers.map((p) => p.authors)).toEqual([['Sébastien Lafond', 'Jürgen Müller'], ['Zoë Ødegaard']]);
    expect(papers[1]?.title).toBe('Über testing');
  });

  it('reads a gzipped Atom file', async () => {
    const file = tempFile('split.xml.gz', zlib.gzipSync(feedWithSplitCharacter()));
    expect(ids(await collect(new FileSource(file), { query: 'au:lafond OR au:ødegaard' }))).toEqual(['2501.00001', '2501.00002']);
  });
});

describe.skipIf(!hasSharedData)(`FileSource over recorded feeds and the 2025 corpus ${SKIP_REASON}`, () => {
  const feed = (name: string) => fs.readFileSync(path.join(FEEDS, 'feeds', name), 'utf8');


  it('streams the 100-entry "testing" page into the same papers as parsing it whole', async () => {
    const xml = feed('q_testing_s0_m100_cfe7536492ca.xml');
    const papers = await collect(new FileSource(tempFile('testing.xml', xml)), { query: 'testing' });
    expect(papers).toHaveLength(100);
    expect(papers).toEqual(parseAtomFeed(xml).papers);
  });

  it('applies max, categories and dates to an Atom file', async () => {
    const xml = feed('q_testing_s0_m100_cfe7536492ca.xml');
    const source = new FileSource(tempFile('testing.xml', xml));
    const expected = parseAtomFeed(xml).papers.filter((p) => p.categories.includes('cs.SE') && p.published! >= '2020-01-01');
    expect(expected.length).toBeGreaterThan(3);
    const papers = await collect(source, { query: 'testing', categories: ['cs.SE'], since: '2020-01-01', max: 3 });
    expect(ids(papers)).toEqual(ids(expected.slice(0, 3)));
  });

  it('reads the one-entry feed of 2104.12255v1, whose title is "0"', async () => {
    const source = new FileSource(tempFile('zero.xml', feed('id_2104.12255v1_s0_m100_6ae69987ffe1.xml')));
    const [paper, ...rest] = await collect(source, { query: 'ti:0' });
    expect(rest).toEqual([]);
    expect(paper).toMatchObject({ arxivId: '2104.12255', version: 1, title: '0', categories: ['cs.CR'], pdfUrl: 'https://arxiv.org/pdf/2104.12255v1' });
  });

  it('reads real corpus lines as JSON Lines and as gzipped JSON Lines alike', async () => {
    const lines = await corpusLines(200);
    const expected = lines.map((line) => snapshotToPaper(JSON.parse(line)));
    const plain = new FileSource(tempFile('corpus.jsonl', `${lines.join('\n')}\n`));
    const gzipped = new FileSource(tempFile('corpus.jsonl.gz', zlib.gzipSync(`${lines.join('\n')}\n`)));

    expect(await collect(plain, { query: 'cat:cs.*' })).toEqual(expected);
    expect(await collect(gzipped, { query: 'cat:cs.*' })).toEqual(expected);

    const vision = await collect(gzipped, { query: 'abs:"prosthetic vision"' });
    expect(ids(vision)).toContain('2503.11677');
    expect(await collect(gzipped, { query: 'cat:cs.*', categories: ['cs.HC'], max: 5 })).toEqual(
      expected.filter((p) => p.categories.includes('cs.HC')).slice(0, 5),
    );
  });

  it('reads the real corpus file itself and stops at max', async () => {
    const papers = await collect(new FileSource(CORPUS), { query: 'cat:cs.CV', max: 25 });
    expect(papers).toHaveLength(25);
    for (const paper of papers) expect(paper.categories).toContain('cs.CV');
  });
});

describe('resolveSource', () => {
  it('turns "sample" and "arxiv" into their sources', () => {
    expect(resolveSource('sample', config)).toBeInstanceOf(SampleSource);
    expect(resolveSource('arxiv', config).spec).toBe('arxiv');
  });

  it.each([['Sample'], ['arxiv.org'], [''], ['papers.jsonl'], ['http://arxiv.org']])('rejects the unknown source %j', (spec) => {
    expect(() => resolveSource(spec, config)).toThrow(UsageError);
    expect(() => resolveSource(spec, config)).toThrow(`unknown source "${spec}": use arxiv, sample or file:PATH`);
  });

  it('asks for a path after "file:"', () => {
    expect(() => resolveSource('file:', config)).toThrow(/source "file:" needs a path/);
  });
});

describe('arxivSearchQuery', () => {
  it('is the query alone when nothing else is asked for', () => {
    expect(arxivSearchQuery(request({ query: 'GAN' }))).toBe('all:GAN');
    expect(arxivSearchQuery(request({ query: 'large language models' }))).toBe('(all:large AND all:language) AND all:models');
  });

  it('ANDs the query with any of the categories and the submitted-date window', () => {
    expect(arxivSearchQuery(request({
      query: 'ti:"diffusion model" OR abs:diffusion',
      categories: ['cs.CV', 'cs.LG'],
      since: '2024-01-01',
      until: '2024-06-30',
    }))).toBe('(ti:"diffusion model" OR abs:diffusion) AND (cat:cs.CV OR cat:cs.LG) AND (submittedDate:[202401010000 TO 202406302359])');
  });

  it('opens the date window on the side that is not given', () => {
    expect(arxivSearchQuery(request({ since: '2025-03-01' }))).toBe('(all:GAN) AND (submittedDate:[202503010000 TO 299912312359])');
    expect(arxivSearchQuery(request({ until: '2016-12-31', categories: ['cs.CV'] }))).toBe(
      '(all:GAN) AND (cat:cs.CV) AND (submittedDate:[199101010000 TO 201612312359])',
    );
  });

  it('rejects a malformed query before anything is sent', () => {
    expect(() => arxivSearchQuery(request({ query: 'GAN AND' }))).toThrow(UsageError);
  });
});
