import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAtomEntry, parseAtomFeed } from '../../agents/fetcher/atom.js';
import { parseArxivId, PaperSchema } from '../../agents/fetcher/schema.js';
import { SampleSource } from '../../agents/fetcher/sources.js';
import { ArxivApiError } from '../../src/errors.js';
import { FEEDS, hasSharedData, SKIP_REASON } from '../helpers/shared-data.js';

/** A feed in today's arXiv format around the given entries. */
function feedOf(entries: string, total = 1): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/x</id>
  <title>arXiv Query</title>
  <opensearch:itemsPerPage>100</opensearch:itemsPerPage>
  <opensearch:totalResults>${total}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  ${entries}
</feed>`;
}

/** The error a parse raises, so a test can check its type, message and retryability. */
function apiError(parse: () => unknown): ArxivApiError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ArxivApiError) return error;
    throw error;
  }
  throw new Error('expected an ArxivApiError');
}

describe('parseArxivId', () => {
  it.each([
    ['2104.12255', { arxivId: '2104.12255', version: null }],
    ['2104.12255v1', { arxivId: '2104.12255', version: 1 }],
    ['0704.0001', { arxivId: '0704.0001', version: null }],
    ['http://arxiv.org/abs/2104.12255v1', { arxivId: '2104.12255', version: 1 }],
    ['https://arxiv.org/pdf/1701.06264v6', { arxivId: '1701.06264', version: 6 }],
    ['https://export.arxiv.org/abs/2503.11677', { arxivId: '2503.11677', version: null }],
    ['arXiv:2503.11677v12', { arxivId: '2503.11677', version: 12 }],
    ['  2104.12255v2\n', { arxivId: '2104.12255', version: 2 }],
    ['astro-ph/0601001', { arxivId: 'astro-ph/0601001', version: null }],
    ['http://arxiv.org/abs/hep-ex/0406020v1', { arxivId: 'hep-ex/0406020', version: 1 }],
    ['quant-ph/0201082v1', { arxivId: 'quant-ph/0201082', version: 1 }],
    ['math.GT/0309136', { arxivId: 'math.GT/0309136', version: null }],
  ])('reads %j', (raw, expected) => {
    expect(parseArxivId(raw)).toEqual(expected);
  });

  it.each([
    'abc',
    '',
    'https://arxiv.org/api/errors#incorrect_id_format_for_abc',
    '2104.12255v',
    '2104.123',
    'astro-ph/060100',
    'https://example.org/abs/2104.12255',
  ])('rejects %j', (raw) => {
    expect(parseArxivId(raw)).toBeNull();
  });
});

describe('parseAtomFeed on hand-made feeds', () => {
  const entry = (extra: string, id = 'http://arxiv.org/abs/2501.01234v3') => `<entry>
    <id>${id}</id>
    <title>A  Title
      wrapped at 80 columns</title>
    <summary>  An abstract &amp; more:
x &lt; y.</summary>
    <published>2025-01-03T10:00:00Z</published>
    <updated>2025-02-01T09:30:00Z</updated>
    <author><name>Ada   Lovelace</name></author>
    <author><name>Charles Babbage</name></author>
    ${extra}
  </entry>`;

  it('collapses whitespace, decodes entities and keeps author order', () => {
    const [paper] = parseAtomFeed(feedOf(entry('<category term="cs.LG"/>'))).papers;
    expect(paper).toMatchObject({
      arxivId: '2501.01234',
      version: 3,
      title: 'A Title wrapped at 80 columns',
      abstract: 'An abstract & more: x < y.',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      published: '2025-01-03T10:00:00Z',
      updated: '2025-02-01T09:30:00Z',
    });
  });

  it('puts the primary category first, adding it when the list lacks it', () => {
    const reordered = parseAtomFeed(feedOf(entry('<category term="cs.LG"/><category term="cs.CL"/><arxiv:primary_category term="cs.CL"/>'))).papers[0]!;
    expect(reordered.primaryCategory).toBe('cs.CL');
    expect(reordered.categories).toEqual(['cs.CL', 'cs.LG']);

    const added = parseAtomFeed(feedOf(entry('<category term="cs.LG"/><arxiv:primary_category term="stat.ML"/>'))).papers[0]!;
    expect(added.categories).toEqual(['stat.ML', 'cs.LG']);

    const none = parseAtomFeed(feedOf(entry('<category term="cs.IR"/><category term="cs.DL"/>'))).papers[0]!;
    expect(none.primaryCategory).toBe('cs.IR');
  });

  it('falls back to canonical https links when the entry has none', () => {
    const [paper] = parseAtomFeed(feedOf(entry(''))).papers;
    expect(paper?.absUrl).toBe('https://arxiv.org/abs/2501.01234v3');
    expect(paper?.pdfUrl).toBe('https://arxiv.org/pdf/2501.01234v3');
  });

  it('counts an entry id without a version as version 1', () => {
    const [paper] = parseAtomFeed(feedOf(entry('', 'http://arxiv.org/abs/2501.01234'))).papers;
    expect(paper?.version).toBe(1);
    expect(paper?.absUrl).toBe('https://arxiv.org/abs/2501.01234v1');
  });

  it('treats empty optional elements as absent', () => {
    const [paper] = parseAtomFeed(feedOf(entry('<arxiv:comment>  </arxiv:comment><arxiv:doi/>'))).papers;
    expect(paper?.comment).toBeNull();
    expect(paper?.doi).toBeNull();
    expect(paper?.journalRef).toBeNull();
  });

  it('rejects an entry whose id is not an arXiv id, naming the id', () => {
    const error = apiError(() => parseAtomFeed(feedOf(entry('', 'https://example.org/paper/42'))));
    expect(error.message).toContain('"https://example.org/paper/42"');
  });

  it('reads a feed without entries as 0 papers', () => {
    expect(parseAtomFeed(feedOf('', 0))).toEqual({ totalResults: 0, startIndex: 0, papers: [] });
  });

  it('reports a cut-off response as malformed XML that is worth retrying', () => {
    const full = feedOf(entry('<category term="cs.LG"/>'));
    const error = apiError(() => parseAtomFeed(full.slice(0, full.length - 40)));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe('E_ARXIV');
    expect(error.message).toMatch(/malformed XML/);
  });

  it('reports well-formed XML that is not an Atom feed as retryable', () => {
    const error = apiError(() => parseAtomFeed('<html><body>Service Unavailable</body></html>'));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/not an Atom feed/);
  });

  it('reports a plain-text answer as malformed XML', () => {
    expect(apiError(() => parseAtomFeed('Rate exceeded.')).retryable).toBe(true);
  });
});

describe('parseAtomFeed on the sample feed arxiv-api-ts ships (2024 format, inline namespaces)', () => {
  const page = parseAtomFeed(SampleSource.loadFeed());

  it('reads totalResults and startIndex declared with inline xmlns', () => {
    expect(page.totalResults).toBe(10468);
    expect(page.startIndex).toBe(0);
    expect(page.papers).toHaveLength(10);
  });

  it('reads version, journal ref, comment and links of a revised paper', () => {
    const lsGan = page.papers.find((p) => p.arxivId === '1701.06264');
    expect(lsGan).toMatchObject({
      version: 6,
      title: 'Loss-Sensitive Generative Adversarial Networks on Lipschitz Densities',
      authors: ['Guo-Jun Qi'],
      published: '2017-01-23T04:46:22Z',
      updated: '2018-03-19T03:54:50Z',
      primaryCategory: 'cs.CV',
      categories: ['cs.CV'],
      journalRef: 'in International Journal of Computer Vision (IJCV), 2019',
      absUrl: 'http://arxiv.org/abs/1701.06264v6',
      pdfUrl: 'http://arxiv.org/pdf/1701.06264v6',
    });
    expect(lsGan?.comment).toMatch(/^The source codes for both LS-GAN and GLS-GAN are available at \\url\{https:\/\/github.com\/maple-research-lab\}\. /);
  });

  it('yields papers that satisfy the Paper contract', () => {
    for (const paper of page.papers) expect(() => PaperSchema.parse(paper)).not.toThrow();
  });
});

describe.skipIf(!hasSharedData)(`parseAtomFeed on recorded arXiv responses ${SKIP_REASON}`, () => {
  const read = (name: string) => fs.readFileSync(path.join(FEEDS, 'feeds', name), 'utf8');
  // Read while collecting tests, so only when the data is there (vitest collects skipped suites too).
  const manifest = (hasSharedData ? JSON.parse(fs.readFileSync(path.join(FEEDS, 'manifest.json'), 'utf8')) : []) as Array<{
    file: string;
    status: number | null;
    entries: number;
    totalResults: string;
  }>;

  it.each(manifest.filter((m) => m.status !== 400).map((m) => [path.basename(m.file), m.entries, Number(m.totalResults)] as const))(
    '%s: %i papers, totalResults %i, each a valid Paper',
    (file, entries, total) => {
      const page = parseAtomFeed(read(file));
      expect(page.papers).toHaveLength(entries);
      expect(page.totalResults).toBe(total);
      for (const paper of page.papers) expect(() => PaperSchema.parse(paper)).not.toThrow();
    },
  );

  it('reads totalResults and startIndex from a new-format page', () => {
    const page = parseAtomFeed(read('q_testing_s10_m10_34e56e15aaac.xml'));
    expect(page.totalResults).toBe(214881);
    expect(page.startIndex).toBe(10);
    expect(page.papers).toHaveLength(10);
  });

  it('reads totalResults and the arxiv: elements of a 2016 feed that declares namespaces inline', () => {
    const page = parseAtomFeed(read('search_query=au_del_maestro.xml'));
    expect(page.totalResults).toBe(31);
    expect(page.papers[0]).toMatchObject({
      arxivId: '1201.4869',
      version: 1,
      title: 'A Luttinger Liquid Core Inside Helium-4 Filled Nanopores',
      authors: ['Adrian Del Maestro'],
      doi: '10.1142/S021797921244002X',
      comment: '26 pages, 10 figures',
      journalRef: 'Int. J. Mod. Phys. B, 26, 1244002 (2012)',
      primaryCategory: 'cond-mat.mes-hall',
      categories: ['cond-mat.mes-hall', 'cond-mat.other'],
      pdfUrl: 'http://arxiv.org/pdf/1201.4869v1',
    });
  });

  it('keeps the title "0" of 2104.12255v1 as the string "0"', () => {
    const page = parseAtomFeed(read('id_2104.12255v1_s0_m100_6ae69987ffe1.xml'));
    expect(page.totalResults).toBe(1);
    expect(page.papers).toEqual([
      expect.objectContaining({
        arxivId: '2104.12255',
        version: 1,
        title: '0',
        authors: ['Quan Thoi Minh Nguyen'],
        published: '2021-04-20T16:07:14Z',
        primaryCategory: 'cs.CR',
        categories: ['cs.CR'],
        absUrl: 'https://arxiv.org/abs/2104.12255v1',
        pdfUrl: 'https://arxiv.org/pdf/2104.12255v1',
      }),
    ]);
    expect(page.papers[0]?.abstract).toMatch(/^What is the funniest number in cryptography\? 0\./);
  });

  it('reads an old-style id (astro-ph/0601001) with its authors, comment and journal ref', () => {
    const [paper] = parseAtomFeed(read('id_astro-ph_0601001_s0_m100_3150dca9dc76.xml')).papers;
    expect(paper).toMatchObject({
      arxivId: 'astro-ph/0601001',
      version: 1,
      authors: ['Andrew Gould', 'Susan Dorsher', 'B. Scott Gaudi', 'Andrzej Udalski'],
      primaryCategory: 'astro-ph',
      categories: ['astro-ph'],
      journalRef: 'ActaAstron.56:1-50,2006',
      absUrl: 'https://arxiv.org/abs/astro-ph/0601001v1',
      pdfUrl: 'https://arxiv.org/pdf/astro-ph/0601001v1',
    });
    expect(paper?.abstract).toContain('following Gould & Morgan (2003)');
    expect(paper?.abstract).toContain('V_max<17.5');
    expect(paper?.comment).toMatch(/^62 pages including 16 figures and 9 tables\./);
  });

  it.each([
    ['id_hep-ex_0406020v1_s0_m100_84b15d66c0ce.xml', 'hep-ex/0406020', 1],
    ['id_quant-ph_0201082v1_s0_m100_86989fe779ef.xml', 'quant-ph/0201082', 1],
    ['id_list=1111.2011v2.xml', '1111.2011', 2],
  ])('reads the versioned id in %s', (file, arxivId, version) => {
    const [paper] = parseAtomFeed(read(file)).papers;
    expect(paper?.arxivId).toBe(arxivId);
    expect(paper?.version).toBe(version);
  });

  it('collapses a title that arXiv wrapped over two lines', () => {
    const [paper] = parseAtomFeed(read('id_list=1111.2011v2.xml')).papers;
    expect(paper?.title).toBe('Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit');
  });

  it('reads an empty result (id 0000.0000) as 0 papers', () => {
    expect(parseAtomFeed(read('id_0000.0000_s0_m100_8b51d9633a68.xml'))).toEqual({ totalResults: 0, startIndex: 0, papers: [] });
  });

  it('turns the HTTP 400 error feed into an ArxivApiError carrying arXiv\'s message', () => {
    const error = apiError(() => parseAtomFeed(read('id_abc_s0_m100_b79c8dcf6bc3.xml')));
    expect(error.message).toContain('incorrect id format for abc');
    expect(error.retryable).toBe(false);
    expect(error.code).toBe('E_ARXIV');
  });

  it('reports the 100-entry page cut off mid-entry as malformed and retryable', () => {
    const xml = read('q_testing_s0_m100_cfe7536492ca.xml');
    const error = apiError(() => parseAtomFeed(xml.slice(0, Math.floor(xml.length / 2))));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/malformed XML .* at line \d+/);
  });

  describe('parseAtomEntry', () => {
    const fragmentOf = (xml: string, n = 0) => {
      const starts = [...xml.matchAll(/<entry>/g)].map((m) => m.index);
      const start = starts[n]!;
      return xml.slice(start, xml.indexOf('</entry>', start) + '</entry>'.length);
    };

    it('reads one <entry> cut out of a feed exactly as the whole feed reads it', () => {
      for (const file of ['id_astro-ph_0601001_s0_m100_3150dca9dc76.xml', 'search_query=au_del_maestro.xml', 'id_2104.12255v1_s0_m100_6ae69987ffe1.xml']) {
        const xml = read(file);
        expect(parseAtomEntry(fragmentOf(xml))).toEqual(parseAtomFeed(xml).papers[0]);
      }
      const testing = read('q_testing_s0_m100_cfe7536492ca.xml');
      expect(parseAtomEntry(fragmentOf(testing, 99))).toEqual(parseAtomFeed(testing).papers[99]);
    });

    it('turns the error entry into an ArxivApiError', () => {
      const error = apiError(() => parseAtomEntry(fragmentOf(read('id_abc_s0_m100_b79c8dcf6bc3.xml'))));
      expect(error.message).toContain('incorrect id format for abc');
    });

    it('rejects a cut-off entry and a fragment with no entry', () => {
      const fragment = fragmentOf(read('id_astro-ph_0601001_s0_m100_3150dca9dc76.xml'));
      expect(apiError(() => parseAtomEntry(fragment.slice(0, 200))).message).toMatch(/malformed Atom entry/);
      expect(apiError(() => parseAtomEntry('<feed><title>x</title></feed>')).message).toMatch(/no <entry>/);
    });
  });
});
