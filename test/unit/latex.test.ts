import { describe, expect, it } from 'vitest';
import { latexToText } from '../../src/nlp/latex.js';

describe('latexToText', () => {
  it('leaves plain text as it is but for whitespace', () => {
    expect(latexToText('  Graph neural\n networks   for 3D\tscenes (GNNs): 2.5x faster. ')).toBe('Graph neural networks for 3D scenes (GNNs): 2.5x faster.');
  });

  it('rewrites math, commands, escapes, dashes, TeX quotes and ties, each also alone in a text', () => {
    expect(latexToText('$\\alpha$-stable laws')).toBe('α-stable laws');
    expect(latexToText('see \\cite{x} and \\emph{this}')).toBe('see and this');
    expect(latexToText('50\\% of it')).toBe('50% of it');
    expect(latexToText('pages 1--2 --- or so')).toBe('pages 1–2 — or so');
    expect(latexToText("``quoted''")).toBe('"quoted"');
    expect(latexToText('Fig.~3')).toBe('Fig. 3');
  });
});
