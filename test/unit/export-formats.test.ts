import { parse as parseBibtex, type Creator, type Entry, type Options } from '@retorquere/bibtex-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseAtomFeed } from '../../agents/fetcher/atom.js';
import { SampleSource } from '../../agents/fetcher/sources.js';
import type { PaperCard } from '../../agents/reporter/schema.js';
import type { Paper } from '../../db/schema.js';
import { InvariantError } from '../../src/errors.js';
import { bibtexKeys, toBibtex } from '../../src/export/bibtex.js';
import { PAPERS_CSV_COLUMNS, papersCsv, toCsv } from '../../src/export/csv.js';

/** The real 10-paper arXiv sample feed. */
const SAMPLE = parseAtomFeed(SampleSource.loadFeed()).papers;

/** A realistic paper (Attention Is All You Need) with the given fields changed. */
function paper(fields: Partial<Paper> = {}): Paper {
  return {
    arxivId: '1706.03762',
    version: 7,
    title: 'Attention Is All You Need',
    abstract: 'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks.',
    authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar', 'Jakob Uszkoreit'],
    published: '2017-06-12T17:57:34Z',
    updated: '2023-08-02T00:41:18Z',
    primaryCategory: 'cs.CL',
    categories: ['cs.CL', 'cs.LG'],
    absUrl: 'http://arxiv.org/abs/1706.03762v7',
    pdfUrl: 'http://arxiv.org/pdf/1706.03762v7',
    doi: null,
    comment: '15 pages, 5 figures',
    journalRef: null,
    ...fields,
  };
}

/**
 * Entries as a maintained BibTeX parser reads them, LaTeX decoded. Sentence-casing is off (unless asked
 * for) so titles come back as written; a parse error fails the test.
 */
function readBibtex(bib: string, options: Options = { sentenceCase: false }): Entry[] {
  const library = parseBibtex(bib, options);
  expect(library.errors).toEqual([]);
  return library.entries;
}

/** An author as a person would write it: "First von Last", or the braced name as it stands. */
function authorText(creator: Creator): string {
  return creator.name ?? [creator.firstName, creator.prefix, creator.lastName, creator.suffix].filter(Boolean).join(' ');
}

function onlyEntry(p: Paper): Entry {
  const entries = readBibtex(toBibtex([p]));
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

describe('toBibtex', () => {
  it('round-trips every field of the sample feed through a BibTeX parser', () => {
    const keys = bibtexKeys(SAMPLE);
    const entries = readBibtex(toBibtex(SAMPLE));
    expect(entries).toHaveLength(SAMPLE.length);
    SAMPLE.forEach((p, i) => {
      const entry = entries[i]!;
      expect(entry.type).toBe('misc');
      expect(entry.key).toBe(keys[i]);
      expect(entry.fields.title).toBe(p.title);
      expect(entry.fields.author?.map(authorText)).toEqual(p.authors);
      expect(entry.fields.year).toBe(p.published!.slice(0, 4));
      expect(entry.fields.month).toBe(String(Number(p.published!.slice(5, 7))));
      expect(entry.fields.eprint).toBe(p.arxivId);
      expect(entry.fields.archiveprefix).toBe('arXiv');
      expect(entry.fields.primaryclass).toBe(p.primaryCategory);
      expect(entry.fields.url).toBe(`https://arxiv.org/abs/${p.arxivId}`);
      expect(entry.fields.note).toBe([p.journalRef, p.comment].filter(Boolean).join('; ') || undefined);
    });
  });

  it('keys the sample papers by first author, year and first title word', () => {
    expect(bibtexKeys(SAMPLE)).toEqual([
      'ghojogh2021generative', 'suarez2019gan', 'pathak2023sequential', 'marusaki2020capsule', 'qi2017loss',
      'muttakin2023stylized', 'ham2020unbalanced', 'weng2019gan', 'rhijn2021monte', 'wang2016wm',
    ]);
  });

  it('writes the documented entry layout, entries separated by a blank line', () => {
    const bib = toBibtex([paper({ doi: '10.48550/arXiv.1706.03762', journalRef: 'NeurIPS 2017' }), paper({ arxivId: '1810.04805', authors: ['Jacob Devlin'], title: 'BERT', published: null, primaryCategory: null, comment: null })]);
    expect(bib).toBe(`@misc{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Ashish Vaswani and Noam Shazeer and Niki Parmar and Jakob Uszkoreit},
  year = {2017},
  month = jun,
  eprint = {1706.03762},
  archivePrefix = {arXiv},
  primaryClass = {cs.CL},
  url = {https://arxiv.org/abs/1706.03762},
  doi = {10.48550/arXiv.1706.03762},
  note = {NeurIPS 2017; 15 pages, 5 figures}
}

@misc{devlinndbert,
  title = {{BERT}},
  author = {Jacob Devlin},
  eprint = {1810.04805},
  archivePrefix = {arXiv},
  url = {https://arxiv.org/abs/1810.04805}
}
`);
    expect(toBibtex([])).toBe('');
  });

  it.each([
    'Sorting in $O(n \\log n)$ Time with $\\mathcal{O}(1)$ Memory',
    'Costs: 50% & 20$ for #1 of under_score_names',
    'Sets {a, b} and ~tilde and x^2 and an unbalanced { brace',
    'a closing } brace only',
    'Back\\slash and \\emph{not a command} and a trailing backslash \\',
    '\\begin{document} \\end{document} \\\\ \\\\',
    'Dashes -- and --- and ``quotes\'\' and ,,low\'\' and <angles> and |pipes| and ?` !`',
    'Emoji 🚀 and 中文 and Ünïcödé, "double" and \'single\' quotes @ home',
    'GAN You Do the GAN GAN?',
  ])('shows the hostile title %j as written', (title) => {
    const entry = onlyEntry(paper({ title }));
    expect(entry.fields.title).toBe(title);
    expect(entry.key).toMatch(/^[a-z0-9]+$/);
  });

  it('escapes comments and journal refs in the note and collapses whitespace in every field', () => {
    const entry = onlyEntry(paper({
      title: 'Attention\n   Is All\tYou Need',
      authors: ['Ashish\n  Vaswani', '  Noam Shazeer '],
      comment: 'Code at \\url{https://github.com/x/y_z}; 100% reproducible\n(see #12)',
      journalRef: 'Adv. Neural Inf. Process. Syst. 30 & 31',
    }));
    expect(entry.fields.title).toBe('Attention Is All You Need');
    expect(entry.fields.author?.map(authorText)).toEqual(['Ashish Vaswani', 'Noam Shazeer']);
    expect(entry.fields.note).toBe('Adv. Neural Inf. Process. Syst. 30 & 31; Code at \\url{https://github.com/x/y_z}; 100% reproducible (see #12)');
  });

  it('keeps acronyms and mixed case when a reader sentence-cases titles', () => {
    const wm = SAMPLE.find((p) => p.arxivId === '1611.08337')!;
    const gan = SAMPLE.find((p) => p.arxivId === '1904.00724')!;
    const entries = readBibtex(toBibtex([wm, gan, paper({ title: 'Sorting in $O(n \\log n)$ Time' })]), {});
    expect(entries.map((e) => e.fields.title)).toEqual([
      '"WM"-shaped growth of GaN on patterned sapphire substrates',
      'GAN you do the GAN GAN?',
      'Sorting in $O(n \\log n)$ time',
    ]);
  });

  it('keeps unicode names, and a name with a comma or "and" as one author', () => {
    const authors = ['Thomas Müller', 'Smith, John', 'AT&T Labs and Friends', '李明', 'Björn Ólafsson', 'Jorino van Rhijn', 'others'];
    const entry = onlyEntry(paper({ authors }));
    expect(entry.fields.author?.map(authorText)).toEqual(authors);
  });

  it.each([
    ['Thomas Müller', 'muller'],
    ['Björn Ólafsson', 'olafsson'],
    ['Hans Straße', 'strasse'],
    ['Lech Wałęsa', 'walesa'],
    ['Smith, John', 'smith'],
    ['John Smith Jr.', 'smith'],
    ["Conan O'Brien", 'obrien'],
    ['李明', 'anon'],
    ['Владимир Иванов', 'anon'],
  ])('keys a paper by %j as %j', (author, last) => {
    expect(bibtexKeys([paper({ authors: [author] })])).toEqual([`${last}2017attention`]);
  });

  it.each([
    ['The Unreasonable Effectiveness of Data', 'unreasonable'],
    ['On the $\\epsilon$-Net Argument', 'net'],
    ['\\emph{Über} Pre-training', 'uber'],
    ["What's in a Name?", 'whats'],
    ['机器学习', ''],
  ])('takes the first real title word of %j', (title, word) => {
    expect(bibtexKeys([paper({ title })])).toEqual([`vaswani2017${word}`]);
  });

  it('suffixes duplicate keys by arXiv id, the same whatever the input order, never reusing a key', () => {
    const papers = [
      paper({ arxivId: '2005.14165', title: 'GAN for Speech', authors: ['Tom Brown'], published: '2020-05-28T17:29:03Z' }),
      paper({ arxivId: '2001.00001', title: 'GAN Training Tricks', authors: ['Alice Brown'], published: '2020-01-01T00:00:00Z' }),
      paper({ arxivId: '2003.01234', title: 'Gana: a Tool', authors: ['Bob Brown'], published: '2020-03-02T00:00:00Z' }),
    ];
    // Two papers share brown2020gan; the third's own key brown2020gana is not handed out as a suffix.
    const keys = bibtexKeys(papers);
    expect(keys).toEqual(['brown2020ganc', 'brown2020ganb', 'brown2020gana']);
    expect(bibtexKeys([...papers].reverse())).toEqual([...keys].reverse());
    expect(readBibtex(toBibtex(papers)).map((e) => e.key)).toEqual(keys);

    const twins = [paper({ arxivId: '1706.03762' }), paper({ arxivId: '1706.03763' })];
    expect(bibtexKeys(twins)).toEqual(['vaswani2017attentiona', 'vaswani2017attentionb']);
    expect(bibtexKeys([...twins].reverse())).toEqual(['vaswani2017attentionb', 'vaswani2017attentiona']);
  });

  it('writes old-style ids as eprints, with [a-z0-9] keys and their abs URL', () => {
    const papers = [
      paper({ arxivId: 'astro-ph/0601001', title: 'Dark Energy Survey', authors: ['Jane Doe'], primaryCategory: 'astro-ph' }),
      paper({ arxivId: 'math.GT/0309136', title: 'Knot Theory', authors: ['Jane Doe-Roe'], primaryCategory: 'math.GT' }),
    ];
    const entries = readBibtex(toBibtex(papers));
    expect(entries.map((e) => e.key)).toEqual(['doe2017dark', 'doeroe2017knot']);
    expect(entries.map((e) => e.fields.eprint)).toEqual(['astro-ph/0601001', 'math.GT/0309136']);
    expect(entries.map((e) => e.fields.url)).toEqual(['https://arxiv.org/abs/astro-ph/0601001', 'https://arxiv.org/abs/math.GT/0309136']);
    expect(entries.map((e) => e.fields.primaryclass)).toEqual(['astro-ph', 'math.GT']);
  });

  it('omits year and month without a published date and keys the paper "nd"', () => {
    const entry = onlyEntry(paper({ published: null }));
    expect(entry.key).toBe('vaswanindattention');
    expect(entry.fields.year).toBeUndefined();
    expect(entry.fields.month).toBeUndefined();
  });

  it('writes a DOI verbatim and leaves out absent optional fields', () => {
    const doi = '10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0';
    expect(onlyEntry(paper({ doi })).fields.doi).toBe(doi);
    expect(onlyEntry(paper({ doi: '10.1016/j.cell_2020.01.001' })).fields.doi).toBe('10.1016/j.cell_2020.01.001');
    const bare = toBibtex([paper({ doi: null, comment: null, journalRef: null, primaryCategory: null, authors: [] })]);
    expect(bare).not.toMatch(/doi|note|primaryClass|author/);
    expect(bibtexKeys([paper({ authors: ['  ', 'Noam Shazeer'] })])).toEqual(['shazeer2017attention']);
    expect(readBibtex(bare)[0]!.key).toBe('anon2017attention');
  });
});

/** A paper as an analysed report card (rouge1 F = 1/3), or as a failed one when `analysed` is false. */
function card(p: Paper, i: number, analysed = true): PaperCard {
  const rouge1 = { p: 0.5, r: 0.25, f: 1 / 3 };
  const analysis: PaperCard['analysis'] = {
    analyserVersion: 'a1',
    tldr: `${p.title} in one sentence.`,
    summary: p.abstract,
    terms: [{ term: 'generative adversarial network', key: 'gener adversari network', score: 2 }, { term: 'GAN', key: 'GAN', score: 1 }],
    rouge: { rouge1, rouge2: rouge1, rougeL: rouge1 },
    titleWords: 5,
    summaryWords: 40,
    mermaid: 'flowchart LR',
    provenance: null,
    llmUsage: null,
  };
  return analysed
    ? { ...p, ref: `P${i + 1}`, status: 'analysed', error: null, analysis }
    : { ...p, ref: `P${i + 1}`, status: 'failed', error: 'timeout', analysis: null };
}

describe('toCsv', () => {
  const HOSTILE = [
    'comma, inside', 'say "hi"', '"', 'two\r\nlines', 'lone\nLF', 'lone\rCR', 'emoji 🚀🧪 and 中文',
    '=HYPERLINK("http://evil.example","click")', '+1', '-2', '@SUM(A1)', '  padded  ', '',
  ];

  it('round-trips hostile fields exactly through a CSV parser', () => {
    const header = HOSTILE.map((_, i) => `c${i}`);
    const rows = [HOSTILE, [...HOSTILE].reverse()];
    const records = parseCsv(toCsv(header, rows)) as string[][];
    expect(records).toEqual([header, ...rows]);
  });

  it('keeps a leading = + - @ as written: no spreadsheet-formula rewriting', () => {
    const out = toCsv(['formula'], [['=1+2'], ['+1'], ['-2'], ['@x']]);
    expect(out).toBe('formula\r\n=1+2\r\n+1\r\n-2\r\n@x\r\n');
  });

  it('ends every record with CRLF and quotes fields holding a comma, quote, CR or LF', () => {
    const out = toCsv(['a', 'b', 'c'], [['x,y', 'say "hi"', 'plain'], ['cr\rhere', 'lf\nhere', 3.25], [null, undefined, 0]]);
    expect(out).toBe('a,b,c\r\n"x,y","say ""hi""",plain\r\n"cr\rhere","lf\nhere",3.25\r\n,,0\r\n');
  });

  it('refuses a row whose width differs from the header', () => {
    const wrongWidth = () => toCsv(['a', 'b'], [['1', '2'], ['3']]);
    expect(wrongWidth).toThrow(InvariantError);
    expect(wrongWidth).toThrow(/row 2 has 1 fields, expected 2/);
  });
});

describe('papersCsv', () => {
  type Row = Record<(typeof PAPERS_CSV_COLUMNS)[number], string>;
  const read = (csv: string) => parseCsv(csv, { columns: true }) as Row[];

  it('writes one row per card under the documented header', () => {
    const csv = papersCsv(SAMPLE.map((p, i) => card(p, i)));
    expect(csv.split('\r\n')[0]).toBe(
      'ref,arxiv_id,version,title,authors,published,primary_category,categories,status,tldr,key_terms,rouge1_f,abs_url,pdf_url,doi',
    );
    const rows = read(csv);
    expect(rows).toHaveLength(SAMPLE.length);
    const lsgan = rows[4]!;
    const p = SAMPLE[4]!;
    expect(lsgan).toEqual({
      ref: 'P5', arxiv_id: '1701.06264', version: '6', title: p.title, authors: 'Guo-Jun Qi', published: '2017-01-23',
      primary_category: 'cs.CV', categories: 'cs.CV', status: 'analysed', tldr: `${p.title} in one sentence.`,
      key_terms: 'generative adversarial network; GAN', rouge1_f: '0.3333', abs_url: p.absUrl, pdf_url: p.pdfUrl, doi: '',
    });
    expect(rows[0]!.authors).toBe('Benyamin Ghojogh; Ali Ghodsi; Fakhri Karray; Mark Crowley');
    expect(rows[0]!.categories).toBe('cs.LG cs.CV eess.IV stat.ML');
    expect(rows[2]!.title).toBe(SAMPLE[2]!.title);
  });

  it('leaves analysis columns empty for a failed paper and dates empty when unknown', () => {
    const failed = card(paper({ published: null, pdfUrl: null, doi: '10.1/x' }), 0, false);
    expect(read(papersCsv([failed]))[0]).toMatchObject({
      status: 'failed', tldr: '', key_terms: '', rouge1_f: '', published: '', pdf_url: '', doi: '10.1/x', version: '7',
    });
  });

  it('rounds rouge1_f to four decimals as a plain number', () => {
    const base = card(paper(), 0);
    const withF = (f: number): PaperCard => ({ ...base, analysis: { ...base.analysis!, rouge: { ...base.analysis!.rouge, rouge1: { p: 1, r: 1, f } } } });
    expect(read(papersCsv([withF(0.123456), withF(1), withF(0), withF(0.00004)])).map((r) => r.rouge1_f)).toEqual(['0.1235', '1', '0', '0']);
  });
});
