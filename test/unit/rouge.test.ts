import { describe, expect, it } from 'vitest';
import { extractRouge, rouge } from '../../src/nlp/rouge.js';
import { stemmedTokens } from '../../src/nlp/words.js';

const f = (p: number, r: number) => (2 * p * r) / (p + r);

describe('rouge', () => {
  it('scores a candidate that is a prefix of the reference: full precision, partial recall', () => {
    // candidate: the cat sat (3 tokens); reference: the cat sat on the mat (6 tokens)
    const s = rouge('the cat sat', 'the cat sat on the mat');
    // ROUGE-1: 3 of 3 candidate unigrams match; recall 3/6
    expect(s.rouge1.p).toBeCloseTo(1, 10);
    expect(s.rouge1.r).toBeCloseTo(3 / 6, 10);
    expect(s.rouge1.f).toBeCloseTo(f(1, 0.5), 10);
    // ROUGE-2: candidate bigrams "the cat", "cat sat" both in the reference; reference has 5 bigrams
    expect(s.rouge2.p).toBeCloseTo(1, 10);
    expect(s.rouge2.r).toBeCloseTo(2 / 5, 10);
    expect(s.rouge2.f).toBeCloseTo(f(1, 0.4), 10);
    // ROUGE-L: LCS = 3
    expect(s.rougeL.p).toBeCloseTo(1, 10);
    expect(s.rougeL.r).toBeCloseTo(3 / 6, 10);
  });

  it('clips repeated candidate words to their count in the reference', () => {
    // candidate: the the the the (4); reference: the cat on the mat (5, "the" twice)
    const s = rouge('the the the the', 'the cat on the mat');
    expect(s.rouge1.p).toBeCloseTo(2 / 4, 10);
    expect(s.rouge1.r).toBeCloseTo(2 / 5, 10);
    expect(s.rouge1.f).toBeCloseTo(f(0.5, 0.4), 10);
    // bigram "the the" never occurs in the reference
    expect(s.rouge2).toEqual({ p: 0, r: 0, f: 0 });
    // LCS: "the ... the" = 2
    expect(s.rougeL.p).toBeCloseTo(2 / 4, 10);
    expect(s.rougeL.r).toBeCloseTo(2 / 5, 10);
  });

  it('stems words, so "models" matches "model" and "training" matches "trained"', () => {
    expect(stemmedTokens('models')).toEqual(stemmedTokens('model'));
    const s = rouge('Language models', 'language model');
    expect(s.rouge1).toEqual({ p: 1, r: 1, f: 1 });
    expect(s.rouge2).toEqual({ p: 1, r: 1, f: 1 });
    expect(s.rougeL).toEqual({ p: 1, r: 1, f: 1 });
    expect(rouge('trained models', 'training model').rouge1.f).toBe(1);
  });

  it('ignores case and punctuation', () => {
    const s = rouge('Deep, NETWORKS!', 'deep networks');
    expect(s.rouge1.f).toBe(1);
    expect(s.rouge2.f).toBe(1);
  });

  it('computes ROUGE-L from the longest common subsequence, not contiguous overlap', () => {
    // candidate: a b c d e (5); reference: a x c y e z (6); LCS = a c e = 3
    const s = rouge('alpha beta gamma delta epsilon', 'alpha xray gamma yankee epsilon zulu');
    expect(s.rougeL.p).toBeCloseTo(3 / 5, 10);
    expect(s.rougeL.r).toBeCloseTo(3 / 6, 10);
    expect(s.rougeL.f).toBeCloseTo(f(3 / 5, 3 / 6), 10);
    // no bigram is shared
    expect(s.rouge2.f).toBe(0);
  });

  it('ROUGE-L respects order where ROUGE-1 does not', () => {
    // reversed: all unigrams match, LCS is 1
    const s = rouge('gamma beta alpha', 'alpha beta gamma');
    expect(s.rouge1.f).toBe(1);
    expect(s.rougeL.p).toBeCloseTo(1 / 3, 10);
    expect(s.rougeL.r).toBeCloseTo(1 / 3, 10);
  });

  it('gives 0, never NaN, for empty candidate, empty reference or both', () => {
    for (const [c, r] of [['', 'the cat'], ['the cat', ''], ['', ''], ['!!!', '...']] as const) {
      const s = rouge(c, r);
      for (const m of [s.rouge1, s.rouge2, s.rougeL]) {
        expect(m).toEqual({ p: 0, r: 0, f: 0 });
      }
    }
  });

  it('gives 0 for ROUGE-2 on one-word texts (no bigrams) without NaN', () => {
    const s = rouge('transformer', 'transformer');
    expect(s.rouge1.f).toBe(1);
    expect(s.rouge2).toEqual({ p: 0, r: 0, f: 0 });
    expect(s.rougeL.f).toBe(1);
  });

  it('gives 0 when nothing overlaps', () => {
    const s = rouge('quantum chemistry', 'graph neural networks');
    expect(s.rouge1).toEqual({ p: 0, r: 0, f: 0 });
    expect(s.rougeL).toEqual({ p: 0, r: 0, f: 0 });
  });

  it('counts non-English letters and digits as word characters', () => {
    // "résumé" stays one token; "über" matches "Über"
    const s = rouge('Über résumé 2024', 'über résumé 2024 extra');
    expect(s.rouge1.p).toBe(1);
    expect(s.rouge1.r).toBeCloseTo(3 / 4, 10);
  });
});

describe('extractRouge', () => {
  /** Every choice of sentences (as index lists, ascending) of n sentences. */
  const choices = (n: number): number[][] =>
    Array.from({ length: (1 << n) - 1 }, (_, mask) => [...Array(n).keys()].filter((i) => ((mask + 1) >> i) & 1));

  it('gives what rouge() gives for every choice of sentences, also with bigrams repeated across the gaps', () => {
    const sentences = [
      'Models learn.',
      'Learn models fast, then models learn.',
      '(!)',
      'Fast models learn models.',
      'İstanbul naïve 𝑥-models, 3.5 learn.',
      'Learn.',
    ];
    const reference = sentences.join(' ');
    for (const chosen of choices(sentences.length)) {
      expect(extractRouge(sentences, chosen, reference), chosen.join(',')).toEqual(rouge(chosen.map((i) => sentences[i]).join(' '), reference));
    }
  });

  it('answers as rouge() when the sentences do not hold the reference\'s words', () => {
    const sentences = ['We propose a model.', 'It works.'];
    expect(extractRouge(sentences, [1], 'We propose a model. It works well.')).toEqual(rouge('It works.', 'We propose a model. It works well.'));
    expect(extractRouge(sentences, [1, 0], 'We propose a model. It works.')).toEqual(rouge('It works. We propose a model.', 'We propose a model. It works.'));
  });
});

