import { describe, expect, it } from 'vitest';
import { bestRouge, keyphrasePrf, normalisePhrase } from '../../src/eval/metrics.js';

describe('key-phrase metrics (Porter-stemmed exact match)', () => {
  it('normalises case, punctuation and inflection, as the protocol does', () => {
    expect(normalisePhrase('Neural Networks')).toBe(normalisePhrase('neural network'));
    expect(normalisePhrase('state-of-the-art')).toBe('state of the art');
    expect(normalisePhrase('Learning-to-Rank')).toBe(normalisePhrase('learning to rank'));
    expect(normalisePhrase('graph')).not.toBe(normalisePhrase('graphs theory'));
  });

  it('scores the first k distinct predictions against all gold phrases', () => {
    const gold = ['neural networks', 'graph mining', 'absent phrase', 'another absent one'];
    // 10 predictions, two of them gold (one written in another inflection), one duplicate after stemming
    const predicted = ['Neural Network', 'neural networks', 'graph mining', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const at10 = keyphrasePrf(predicted, gold, 10);
    expect(at10.p).toBeCloseTo(2 / 10, 10);
    expect(at10.r).toBeCloseTo(2 / 4, 10);
    expect(at10.f).toBeCloseTo((2 * 0.2 * 0.5) / 0.7, 10);
    const at1 = keyphrasePrf(predicted, gold, 1);
    expect(at1).toEqual({ p: 1, r: 0.25, f: 0.4 });
  });

  it('divides precision by the predictions made when there are fewer than k, and scores no gold as 0', () => {
    expect(keyphrasePrf(['graph mining'], ['graph mining', 'x'], 10)).toEqual({ p: 1, r: 0.5, f: 2 / 3 });
    expect(keyphrasePrf([], ['x'], 10)).toEqual({ p: 0, r: 0, f: 0 });
    expect(keyphrasePrf(['x'], [], 10)).toEqual({ p: 0, r: 0, f: 0 });
  });
});

describe('TLDR metric', () => {
  it('takes the best score over the gold targets, per ROUGE variant', () => {
    const candidate = 'we propose a sparse vision transformer';
    const best = bestRouge(candidate, ['a dense convolutional network', 'we propose a sparse vision transformer for speed']);
    expect(best.rouge1).toBeCloseTo((2 * 1 * (6 / 8)) / (1 + 6 / 8), 10);
    expect(bestRouge(candidate, ['completely unrelated words'])).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
  });
});
