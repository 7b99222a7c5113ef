import { describe, expect, it } from 'vitest';
import { browsePapers, categoryCounts, filterRanked } from '../../db/browse.js';
import { openLibrary } from '../../db/index.js';
import type { Paper } from '../../db/schema.js';
import { indexSkills, indexSkillsChunk, skillIndexState, taxonomyDigest } from '../../src/skills/paper-index.js';
import { freshDbPath, freshLibrary } from '../helpers/db.js';
import { defaultSkills } from '../helpers/research.js';

function paper(i: number, fields: Partial<Paper> = {}): Paper {
  const id = `2501.${String(i).padStart(5, '0')}`;
  return {
    arxivId: id, version: 1, title: `Paper ${i}`, abstract: 'We study graphs.', authors: ['A. Author'],
    published: `2025-01-${String((i % 28) + 1).padStart(2, '0')}T12:00:00Z`, updated: null,
    primaryCategory: i % 2 ? 'cs.CV' : 'cs.LG', categories: i % 2 ? ['cs.CV'] : ['cs.LG', 'stat.ML'],
    absUrl: `https://arxiv.org/abs/${id}`, pdfUrl: null, doi: null, comment: null, journalRef: null, ...fields,
  };
}

describe('the library page queries', () => {
  it('pages newest first without gaps or repeats, and counts what the filters keep', () => {
    const library = freshLibrary();
    library.transaction(() => { for (let i = 0; i < 120; i++) library.papers.upsert(paper(i)); });
    const pages = [0, 50, 100].map((offset) => browsePapers(library, {}, { offset, limit: 50 }, 'nlp-4'));
    expect(pages.map((p) => p.total)).toEqual([120, 120, 120]);
    const all = pages.flatMap((p) => p.rows);
    expect(new Set(all.map((r) => r.arxivId)).size).toBe(120);
    expect(all.map((r) => r.published)).toEqual([...all.map((r) => r.published)].sort().reverse());

    const cv = browsePapers(library, { category: 'cs.CV' }, { offset: 0, limit: 500 }, 'nlp-4');
    expect(cv.total).toBe(60);
    expect(cv.rows.every((r) => r.categories.includes('cs.CV'))).toBe(true);
    // A bare archive name takes all its categories; "until" takes the whole day.
    expect(browsePapers(library, { category: 'stat' }, { offset: 0, limit: 1 }, 'nlp-4').total).toBe(60);
    const day = browsePapers(library, { since: '2025-01-03', until: '2025-01-03' }, { offset: 0, limit: 50 }, 'nlp-4');
    expect(day.rows.map((r) => r.published!.slice(0, 10))).toEqual(Array(day.total).fill('2025-01-03'));
    expect(day.total).toBeGreaterThan(0);
    expect(categoryCounts(library)).toEqual([{ category: 'cs.CV', papers: 60 }, { category: 'cs.LG', papers: 60 }]);
  });

  it('keeps the order of ranked ids while applying the filters', () => {
    const library = freshLibrary();
    const ids = library.transaction(() => Array.from({ length: 6 }, (_, i) => library.papers.upsert(paper(i)).id));
    const ranked = [ids[5]!, ids[0]!, ids[3]!, ids[2]!];
    expect(filterRanked(library, ranked, {}, 'nlp-4').map((r) => r.title)).toEqual(['Paper 5', 'Paper 0', 'Paper 3', 'Paper 2']);
    expect(filterRanked(library, ranked, { category: 'cs.LG' }, 'nlp-4').map((r) => r.title)).toEqual(['Paper 0', 'Paper 2']);
  });
});

describe('the skill index', () => {
  it('indexes every paper once, again after a new version, and filters by skill', async () => {
    const library = freshLibrary();
    const skills = defaultSkills();
    const taxonomy = taxonomyDigest(skills);
    library.transaction(() => {
      for (let i = 0; i < 900; i++) library.papers.upsert(paper(i, i % 3 === 0 ? { abstract: 'We train the model with PyTorch on GPUs.' } : {}));
    });
    expect(skillIndexState(library, taxonomy)).toEqual({ taxonomy, indexed: 0, papers: 900 });
    expect(indexSkillsChunk(library, skills, taxonomy)).toBe(400);
    await indexSkills(library, skills);
    expect(skillIndexState(library, taxonomy)).toEqual({ taxonomy, indexed: 900, papers: 900 });
    expect(indexSkillsChunk(library, skills, taxonomy)).toBe(0);
    const pytorch = { id: 'pytorch', taxonomy };
    expect(browsePapers(library, { skill: pytorch }, { offset: 0, limit: 1 }, 'nlp-4').total).toBe(300);

    // A new version that drops PyTorch: indexed again, and no longer found.
    library.papers.upsert(paper(0, { version: 2, abstract: 'We study graphs.' }));
    expect(skillIndexState(library, taxonomy).indexed).toBe(899);
    expect(indexSkillsChunk(library, skills, taxonomy)).toBe(1);
    expect(browsePapers(library, { skill: pytorch }, { offset: 0, limit: 1 }, 'nlp-4').total).toBe(299);
    // Another taxonomy has its own index.
    expect(skillIndexState(library, 'another').indexed).toBe(0);
  });

  it("changeStamp moves with this connection's writes and with other processes' commits", () => {
    const file = freshDbPath();
    const library = freshLibrary(file);
    const stamp = library.changeStamp();
    expect(library.changeStamp()).toBe(stamp);
    library.papers.upsert(paper(1));
    const after = library.changeStamp();
    expect(after).not.toBe(stamp);
    const other = openLibrary(file);
    other.papers.upsert(paper(2));
    other.close();
    expect(library.changeStamp()).not.toBe(after);
  });
});
