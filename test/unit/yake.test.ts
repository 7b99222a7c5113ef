import { describe, expect, it } from 'vitest';
import { yakeKeyphrases } from '../../src/eval/yake.js';

const stopWords = (w: string) => w === 'is' || w === 'the';

describe('the YAKE baseline', () => {
  it('scores every candidate as the reference algorithm does', () => {
    // Expected scores: the reference implementation's algorithm (LIAAD/yake, n = 3, window 1, bigram
    // weights for inner stop words), restated independently in Python over the same words.
    const expected: Record<string, number> = {
      'finds frequent patterns': 0.047160900115641155,
      'mining finds frequent': 0.06361845291951845,
      'graph mining finds': 0.06361845291951847,
      'frequent patterns': 0.07979613519770601,
      'finds frequent': 0.1043784361272353,
      'graph mining': 0.10587294265172466,
      'frequent patterns help': 0.12266351076754486,
      'graph mining community': 0.12316539998041404,
      'mining finds': 0.13636667147291323,
      mining: 0.1570105737819926,
      graph: 0.1854911847125664,
      frequent: 0.1854911847125664,
      patterns: 0.1854911847125664,
      'patterns help': 0.25215161401992464,
      finds: 0.254764902116228,
      'mining community': 0.25530409190899883,
      community: 0.4317761759389085,
      'help the graph': 0.46127849418453853,
      hard: 0.5254098636162131,
      help: 0.54281465473133,
      'mining is hard': 0.7049000484100586,
    };
    const text = 'Graph mining finds frequent patterns. Frequent patterns help the graph mining community. Mining is hard.';
    const got = yakeKeyphrases('', text, 100, { isStopWord: stopWords });
    expect(got.map((r) => r.phrase).sort()).toEqual(Object.keys(expected).sort());
    for (const r of got) expect(r.score, r.phrase).toBeCloseTo(expected[r.phrase]!, 12);
    for (let i = 1; i < got.length; i++) expect(got[i]!.score).toBeGreaterThanOrEqual(got[i - 1]!.score);
  });

  it('keeps numbers, stop-word edges and near-duplicates out, and stops at k', () => {
    const text = 'We train 3 neural networks on 2,000 images. The neural network is small. Neural networks of the web are large.';
    const got = yakeKeyphrases('Neural networks', text, 5).map((r) => r.phrase);
    expect(got).toHaveLength(5);
    for (const p of got) {
      expect(p).not.toMatch(/\d/);
      expect(p).not.toMatch(/^(we|the|is|of|on|are) |\s(we|the|is|of|on|are)$/);
    }
    // "neural network" is within YAKE's 0.9 Levenshtein similarity of "neural networks": one of them only
    expect(got.filter((p) => p.startsWith('neural network') && p.split(' ').length === 2)).toHaveLength(1);
  });

  it('joins hyphenated words, splits off punctuation and contractions', () => {
    const got = yakeKeyphrases('', "GPU-based training (of models) isn't cheap. GPU-based training's cost grows.", 20).map((r) => r.phrase);
    expect(got).toContain('gpu-based training');
    expect(got.some((p) => /[()'’]|n't/.test(p))).toBe(false);
  });

  it('returns nothing for a text of stop words and numbers', () => {
    expect(yakeKeyphrases('', 'It is 42. We are.', 10)).toEqual([]);
  });
});
