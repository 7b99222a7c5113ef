import { describe, expect, it } from 'vitest';
import { extractiveAnswer, renderAnswer } from '../../agents/answerer/answer.js';
import { questionTerms } from '../../agents/answerer/query.js';
import type { RetrievedPaper } from '../../agents/answerer/schema.js';
import { citationsIn, verifyAnswerText, verifyCitations } from '../../agents/answerer/verify.js';
import { analysePaper } from '../../agents/analyst/analyse-paper.js';
import { retrieve } from '../../agents/answerer/retrieve.js';
import type { Paper } from '../../db/schema.js';
import { freshLibrary } from '../helpers/db.js';
import { defaultSkills } from '../helpers/research.js';

const skills = defaultSkills();

describe('reading a question', () => {
  it('keeps the content words and drops stop words and question words', () => {
    expect(questionTerms('Which papers combine MPI with Dask?', skills).words).toEqual(['combine', 'mpi', 'dask']);
  });

  it('spells out an acronym the taxonomy knows, and adds the key phrases of the question', () => {
    const terms = questionTerms('How do GPUs speed up reinforcement learning from human feedback?', skills);
    expect(terms.words).toContain('gpus');
    expect(terms.expansions).toContain('reinforcement learning');
  });

  it('turns FTS syntax, SQL, quotes and emoji into plain words that retrieval can search', () => {
    const library = freshLibrary();
    const paper: Paper = {
      arxivId: '2501.00001', version: 1, title: 'RAG for Arabic questions', abstract: 'Retrieval with foo and bar for ما هي النماذج.',
      authors: [], published: '2025-01-01T00:00:00Z', updated: null, primaryCategory: 'cs.CL', categories: ['cs.CL'],
      absUrl: 'https://arxiv.org/abs/2501.00001', pdfUrl: null, doi: null, comment: null, journalRef: null,
    };
    library.analyses.save(library.papers.upsert(paper).id, { ...analysePaper(paper), createdAt: '2025-01-02T00:00:00Z' });
    for (const hostile of ['foo AND (', '"unbalanced', 'NEAR(a b', 'title:x* OR abstract:y', "'); DROP TABLE papers; --", '🚀 RAG 🚀', 'ما هي النماذج']) {
      const terms = questionTerms(hostile, skills);
      // single words only (letters and digits): each is one quoted FTS5 token, nothing survives as syntax
      for (const word of terms.words) expect(word).toMatch(/^[\p{L}\p{N}]+$/u);
      expect(() => retrieve(library, terms, { k: 5 })).not.toThrow();
    }
    expect(questionTerms('foo AND (', skills).words).toEqual(['foo']);
    expect(retrieve(library, questionTerms('foo AND (', skills), { k: 5 }).map((p) => p.arxivId)).toEqual(['2501.00001']);
    expect(questionTerms('?!', skills).words).toEqual([]);
  });

  it('reads at most 24 words of a 10 KB question', () => {
    const long = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');
    expect(questionTerms(long, skills).words).toHaveLength(24);
  });
});

describe('citation verification', () => {
  const retrieved = ['2104.12255', '1706.03762'];

  it('keeps statements citing retrieved papers and removes forged or unretrieved ids', () => {
    const { kept, removed } = verifyCitations([
      { text: 'Attention is all you need [arXiv:1706.03762]', citations: ['1706.03762'] },
      { text: 'A forged claim [arXiv:9999.99999]', citations: ['9999.99999'] },
      { text: 'Mixed [arXiv:1706.03762] and [arXiv:2501.00001]', citations: ['1706.03762'] },
      { text: 'Versioned ids count as the paper [arXiv:2104.12255v1]', citations: [] },
      { text: 'No citation at all', citations: [] },
    ], retrieved);
    expect(kept.map((s) => s.text)).toEqual(['Attention is all you need [arXiv:1706.03762]', 'Versioned ids count as the paper [arXiv:2104.12255v1]']);
    expect(removed).toHaveLength(3);
  });

  it('checks a written answer sentence by sentence', () => {
    const text = 'Transformers use attention [arXiv:1706.03762]. BLS signatures break on zero [arXiv:2104.12255]. Magic happens [arXiv:2401.00001]. Background needs no citation.';
    expect(citationsIn(text)).toEqual(['1706.03762', '2104.12255', '2401.00001']);
    expect(verifyAnswerText(text, retrieved)).toEqual({
      text: 'Transformers use attention [arXiv:1706.03762]. BLS signatures break on zero [arXiv:2104.12255].',
      removed: ['Magic happens [arXiv:2401.00001].', 'Background needs no citation.'],
    });
    expect(verifyAnswerText(text, retrieved, true).text).toContain('Background needs no citation.');
  });
});

describe('the extractive answer', () => {
  const paper = (arxivId: string, title: string, abstract: string): RetrievedPaper => ({ paperId: 1, arxivId, title, abstract, absUrl: '', published: '2025-01-01', score: 1 });

  it('quotes the sentences that answer, each with its citation, and lists the cited papers', () => {
    const papers = [
      paper('2501.00001', 'Dask on MPI', 'Clusters are busy. We run Dask task graphs on top of MPI for scientific workflows. Results are good.'),
      paper('2501.00002', 'Unrelated', 'Nothing about the question here. Really nothing.'),
    ];
    const sentences = extractiveAnswer(questionTerms('which papers combine MPI with Dask?', skills), papers);
    expect(sentences).toEqual([{ text: 'We run Dask task graphs on top of MPI for scientific workflows. [arXiv:2501.00001]', citations: ['2501.00001'] }]);
    const text = renderAnswer(sentences, papers);
    expect(text).toContain('1. [arXiv:2501.00001] Dask on MPI (2025) — https://arxiv.org/abs/2501.00001');
    expect(text).not.toContain('2501.00002');
  });

  it('says plainly when nothing answers', () => {
    expect(renderAnswer([], [])).toMatch(/^Nothing found/);
  });
});

describe('retrieval', () => {
  it('keeps the best k: the first k of the longest list (50), in the same order, whatever k', () => {
    const library = freshLibrary();
    // Papers covering one, two or all three of the question's words, in many lengths: ties in coverage
    // that BM25F must order, and papers that can never reach the top.
    const words = ['sparse attention kernels', 'sparse mixture routing', 'attention kernels for long documents', 'kernels', 'sparse'];
    library.transaction(() => {
      for (let i = 0; i < 80; i++) {
        const id = `2501.${String(i).padStart(5, '0')}`;
        const paper: Paper = {
          arxivId: id, version: 1, title: `On ${words[i % words.length]} ${i}`,
          abstract: `We study ${words[(i * 3) % words.length]}. ${'Experiments on benchmarks follow. '.repeat(i % 7)}We report results on ${words[(i * 7) % words.length]}.`,
          authors: [], published: '2025-01-01T00:00:00Z', updated: null, primaryCategory: 'cs.LG', categories: ['cs.LG'],
          absUrl: `https://arxiv.org/abs/${id}`, pdfUrl: null, doi: null, comment: null, journalRef: null,
        };
        const paperId = library.papers.upsert(paper).id;
        library.analyses.save(paperId, { ...analysePaper(paper), createdAt: '2025-01-02T00:00:00Z' });
      }
    });
    const terms = questionTerms('sparse attention kernels', skills);
    const all = retrieve(library, terms, { k: 50 }).map((p) => p.arxivId);
    expect(all.length).toBeGreaterThan(20);
    for (const k of [1, 3, 5, 10, 20]) expect(retrieve(library, terms, { k }).map((p) => p.arxivId)).toEqual(all.slice(0, k));
  });
});
