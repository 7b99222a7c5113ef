import { describe, expect, it } from 'vitest';
import { prepareText, sectionHeadings, withoutStandardParts } from '../../src/nlp/prepare.js';

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

  it('finds unnumbered headings in title case after the end of a paragraph, not wrapped lines of text', () => {
    const text = [
      'Protected Interactive 3D Graphics Via Remote Rendering',
      'We render on a server.',
      'Remote Rendering System',
      'The client sends requests',
      'Lee and Clyde',
      'proposed a variant.',
      'Size of',
      'In Section',
      'the cluster.',
      'Extension to an Approximation Search',
      'Bayesian Bagging works online.',
      'Update',
    ].join('\n');
    expect(sectionHeadings(text)).toEqual(['Remote Rendering System', 'Extension to an Approximation Search']);
  });

  it('renders LaTeX in headings and looks for none in an abstract-sized text', () => {
    expect(sectionHeadings('Title\n2 Bounds for $\\alpha$-Stable Laws')).toEqual(['2 Bounds for α-Stable Laws']);
    expect(prepareText('', 'A short abstract\nMETHODS\nwith a heading-like line.').headings).toEqual([]);
  });
});

describe('withoutStandardParts', () => {
  it('drops the lines that only name a standard part and the labels of index lines, ending the line before', () => {
    const text = [
      'Fast Nearest Neighbour Search',
      'Abstract',
      'We search metric spaces.',
      'Categories and Subject Descriptors:',
      'H.3.3 [Information Search and Retrieval]',
      'Keywords: nearest neighbour search, TLAESA',
      '1. INTRODUCTION',
      'Perceptual user interfaces',
      'see.',
      'PART II. INTRODUCTION AND MOTIVATION',
      'Results in the',
      'introduction',
      'Summary statistics of the runs',
    ].join('\n');
    expect(withoutStandardParts(text).split('\n')).toEqual([
      // the title keeps its line and now ends a sentence
      'Fast Nearest Neighbour Search.',
      '',
      'We search metric spaces.',
      '',
      'H.3.3 [Information Search and Retrieval].',
      'nearest neighbour search, TLAESA.',
      '',
      'Perceptual user interfaces',
      'see.',
      '',
      // a wrapped line in lower case and a line that goes on are text, not headings
      'Results in the',
      'introduction',
      'Summary statistics of the runs',
    ]);
    expect(withoutStandardParts('Title\nNo headings here')).toBe('Title\nNo headings here');
  });
});

