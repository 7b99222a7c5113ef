import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PaperSchema } from '../../agents/fetcher/schema.js';
import { snapshotToPaper } from '../../agents/fetcher/snapshot.js';
import { corpusLines, hasSharedData, SKIP_REASON } from '../helpers/shared-data.js';


/** A snapshot record as arXiv writes it (0704.0001, arXiv's first new-style id), with overrides. */
function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '0704.0001',
    submitter: 'Pavel Nadolsky',
    authors: "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan",
    title: 'Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies',
    comments: '37 pages, 15 figures; published version',
    'journal-ref': 'Phys.Rev.D76:013009,2007',
    doi: '10.1103/PhysRevD.76.013009',
    'report-no': 'ANL-HEP-PR-07-12',
    categories: 'hep-ph',
    license: null,
    abstract: '  A fully differential calculation in perturbative quantum chromodynamics is\npresented for the production of massive photon pairs.\n',
    versions: [
      { version: 'v1', created: 'Mon, 2 Apr 2007 19:18:42 GMT' },
      { version: 'v2', created: 'Tue, 24 Jul 2007 20:10:27 GMT' },
    ],
    update_date: '2008-11-13',
    authors_parsed: [
      ['Balázs', 'C.', ''],
      ['Berger', 'E. L.', ''],
      ['Nadolsky', 'P. M.', ''],
      ['Yuan', 'C. -P.', ''],
    ],
    ...overrides,
  };
}

describe('snapshotToPaper on hand-made records', () => {
  it('converts a full record: latest version, "First Last" authors in order, ISO dates, links', () => {
    expect(snapshotToPaper(record())).toEqual({
      arxivId: '0704.0001',
      version: 2,
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      abstract: 'A fully differential calculation in perturbative quantum chromodynamics is presented for the production of massive photon pairs.',
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan'],
      published: '2007-04-02T19:18:42.000Z',
      updated: '2007-07-24T20:10:27.000Z',
      primaryCategory: 'hep-ph',
      categories: ['hep-ph'],
      absUrl: 'https://arxiv.org/abs/0704.0001v2',
      pdfUrl: 'https://arxiv.org/pdf/0704.0001v2',
      doi: '10.1103/PhysRevD.76.013009',
      comment: '37 pages, 15 figures; published version',
      journalRef: 'Phys.Rev.D76:013009,2007',
    });
  });

  it('takes the highest version number, even past v9', () => {
    const versions = Array.from({ length: 12 }, (_, i) => ({ version: `v${i + 1}`, created: `Mon, ${i + 1} Jan 2024 10:00:00 GMT` }));
    const paper = snapshotToPaper(record({ versions }));
    expect(paper.version).toBe(12);
    expect(paper.absUrl).toBe('https://arxiv.org/abs/0704.0001v12');
    expect(paper.published).toBe('2024-01-01T10:00:00.000Z');
    expect(paper.updated).toBe('2024-01-12T10:00:00.000Z');
  });

  it('keeps a name suffix after the last name and drops empty first names', () => {
    const paper = snapshotToPaper(record({ authors_parsed: [['King', 'Martin Luther', 'Jr.'], ['ATLAS Collaboration', '', '']] }));
    expect(paper.authors).toEqual(['Martin Luther King Jr.', 'ATLAS Collaboration']);
  });

  it('splits the authors string when authors_parsed is missing', () => {
    const paper = snapshotToPaper(record({ authors_parsed: null, authors: 'Ada Lovelace, Charles Babbage and Alan  Turing' }));
    expect(paper.authors).toEqual(['Ada Lovelace', 'Charles Babbage', 'Alan Turing']);
  });

  it('lists categories in the snapshot order, primary first', () => {
    const paper = snapshotToPaper(record({ categories: 'cs.CL cs.AI  cs.LG' }));
    expect(paper.primaryCategory).toBe('cs.CL');
    expect(paper.categories).toEqual(['cs.CL', 'cs.AI', 'cs.LG']);
  });

  it('has no primary category when the record has none', () => {
    const paper = snapshotToPaper(record({ categories: null }));
    expect(paper.primaryCategory).toBeNull();
    expect(paper.categories).toEqual([]);
  });

  it('falls back to update_date when there are no versions', () => {
    const paper = snapshotToPaper(record({ versions: null }));
    expect(paper.version).toBe(1);
    expect(paper.published).toBe('2008-11-13T00:00:00.000Z');
    expect(paper.updated).toBe('2008-11-13T00:00:00.000Z');
    expect(paper.absUrl).toBe('https://arxiv.org/abs/0704.0001v1');
  });

  it('reads an old-style id and builds its links', () => {
    const paper = snapshotToPaper(record({ id: 'astro-ph/0601001', versions: [{ version: 'v1', created: 'Mon, 2 Jan 2006 14:57:58 GMT' }] }));
    expect(paper.arxivId).toBe('astro-ph/0601001');
    expect(paper.published).toBe('2006-01-02T14:57:58.000Z');
    expect(paper.pdfUrl).toBe('https://arxiv.org/pdf/astro-ph/0601001v1');
  });

  it('maps missing optional fields to null', () => {
    const paper = snapshotToPaper(record({ comments: null, 'journal-ref': undefined, doi: '' }));
    expect(paper.comment).toBeNull();
    expect(paper.journalRef).toBeNull();
    expect(paper.doi).toBeNull();
  });

  it('names the bad field when the record is not a snapshot record', () => {
    expect(() => snapshotToPaper(record({ title: undefined }))).toThrow(/"title"/);
    expect(() => snapshotToPaper(record({ versions: 'v1' }))).toThrow(/"versions"/);
    expect(() => snapshotToPaper({ hello: 'world' })).toThrow(/"id"/);
  });

  it('rejects an id that is not an arXiv id, naming it', () => {
    expect(() => snapshotToPaper(record({ id: 'paper-42' }))).toThrow('snapshot record has an id that is not an arXiv id: "paper-42"');
  });
});

describe.skipIf(!hasSharedData)(`snapshotToPaper on the real 2025 corpus ${SKIP_REASON}`, () => {
  it('converts the first line of arxiv-cs-2025.jsonl.gz', async () => {
    const [line] = await corpusLines(1);
    const paper = snapshotToPaper(JSON.parse(line!));
    expect(paper).toMatchObject({
      arxivId: '2503.11677',
      version: 1,
      title: 'Simulation of prosthetic vision with PRIMA system and enhancement of face representation',
      authors: ['Jungyeon Park', 'Anna Kochnev Goldstein', 'Yueming Zhou', 'Nathan Jensen', 'Daniel Palanker'],
      published: '2025-03-18T00:00:00.000Z',
      updated: '2025-03-18T00:00:00.000Z',
      primaryCategory: 'cs.HC',
      categories: ['cs.HC', 'cs.CV'],
      absUrl: 'https://arxiv.org/abs/2503.11677v1',
      pdfUrl: 'https://arxiv.org/pdf/2503.11677v1',
      doi: null,
      comment: null,
      journalRef: null,
    });
    expect(paper.abstract).toMatch(/^Objective\. Patients implanted with the PRIMA photovoltaic subretinal prosthesis in/);
    expect(paper.abstract).not.toMatch(/\n/);
  });

  it('converts the first 500 lines into valid Papers with the authors of the authors field', async () => {
    const lines = await corpusLines(500);
    expect(lines).toHaveLength(500);
    for (const line of lines) {
      const raw = JSON.parse(line) as { id: string; authors: string; categories: string; update_date: string };
      const paper = PaperSchema.parse(snapshotToPaper(raw));
      expect(paper.arxivId).toBe(raw.id);
      expect(paper.primaryCategory).toBe(raw.categories.split(' ')[0]);
      expect(paper.authors.length).toBeGreaterThan(0);
      // authors_parsed gives the same people as the display string, in the same order.
      expect(paper.authors[0]!.split(' ').at(-1)).toBe(raw.authors.split(', ')[0]!.split(' ').at(-1));
      expect(paper.published?.slice(0, 10)).toBe(raw.update_date);
    }
  });
});
