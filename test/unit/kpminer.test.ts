import { describe, expect, it } from 'vitest';
import { kpMinerRanker } from '../../src/eval/kpminer.js';

describe('the KP-Miner baseline (as pke implements it)', () => {
  it('keeps n-grams seen three times, weighs count · idf, longer candidates at the highest idf', () => {
    const docs = [
      { title: '', text: 'Graph mining finds patterns. Graph mining is hard. Graph mining helps. Mining matters. Patterns, patterns and patterns.' },
      { title: '', text: 'Patterns everywhere.' },
    ];
    // N = 3. "graph mining": 3 · log2(3) = 4.75; "mining": 4 · log2(3 / 2) = 2.34; "graph": 3 · log2(3 / 2)
    // = 1.75; "patterns" occurs in both documents: 4 · log2(3 / 3) = 0. "finds", "hard", "helps", "matters"
    // occur once; "is" and "and" are stop words, so "mining is hard" and "patterns and patterns" are no
    // candidates.
    expect(kpMinerRanker(docs)(0, 10)).toEqual(['graph mining', 'mining', 'graph', 'patterns']);
    expect(kpMinerRanker(docs)(0, 2)).toEqual(['graph mining', 'mining']);
  });

  it('drops candidates first seen after the first 400 words, and merges by stems', () => {
    const filler = Array.from({ length: 410 }, (_, i) => `w${i}`).join(' ');
    const docs = [{ title: '', text: `Sparse coding works. ${filler}. Late phrase, late phrases, late phrase. Sparse codes and sparse coding.` }];
    // "late phrase" is seen three times (as "phrases" once) but only after word 400; "sparse coding" and
    // "sparse codes" share their stems, so it is seen three times, first at word 0.
    const ranked = kpMinerRanker(docs)(0, 10);
    expect(ranked).toContain('sparse coding');
    expect(ranked.some((p) => p.includes('late'))).toBe(false);
  });
});
