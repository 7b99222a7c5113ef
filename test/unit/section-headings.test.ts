import { describe, expect, it } from 'vitest';
import { prepareText, sectionHeadings } from '../../src/nlp/prepare.js';

describe('sectionHeadings', () => {
  it('finds capitalised and numbered headings, not the title line, prose, wraps or table rows', () => {
    const text = [
      'Balanced Cuts Of Sparse Matrices',
      'ABSTRACT',
      'We study cuts. Our method',
      'works on meshes and',
      '1. INTRODUCTION',
      'Graph partitioning is old.',
      '3.1 Locality-Sensitive Hashing',
      '2. Related work',
      '4 Meg',
      '10 RM',
      '3. Structure',
      'In Section 2 we show that',
      'THE SUBSOURCE SOMEWHERE EXTRACTOR',
      'Results:',
      'NP',
    ].join('\n');
    expect(sectionHeadings(text)).toEqual([
      'ABSTRACT', '1. INTRODUCTION', '3.1 Locality-Sensitive Hashing', '2. Related work', '3. Structure',
      'THE SUBSOURCE SOMEWHERE EXTRACTOR',
    ]);
  });

  it('renders LaTeX in headings and looks for none in an abstract-sized text', () => {
    expect(sectionHeadings('Title\n2 Bounds for $\\alpha$-Stable Laws')).toEqual(['2 Bounds for α-Stable Laws']);
    expect(prepareText('', 'A short abstract\nMETHODS\nwith a heading-like line.').headings).toEqual([]);
  });
});
