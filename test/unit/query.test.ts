import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAtomFeed } from '../../agents/fetcher/atom.js';
import { matchesQuery, parseQuery, toArxivSyntax, type MatchableRecord, type QueryNode } from '../../agents/fetcher/query.js';
import { UsageError } from '../../src/errors.js';
import { FEEDS, hasSharedData, SKIP_REASON } from '../helpers/shared-data.js';

/** A record with only the fields a test cares about; the rest empty. */
function record(fields: Partial<MatchableRecord>): MatchableRecord {
  return { arxivId: '2501.00001', title: '', abstract: '', authors: [], categories: [], comment: null, journalRef: null, ...fields };
}

const matches = (query: string, fields: Partial<MatchableRecord>) => matchesQuery(parseQuery(query), record(fields));

/** The error a bad query raises, so a test can check both its type and its message. */
function queryError(query: string): UsageError {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected parseQuery(${JSON.stringify(query)}) to throw a UsageError`);
}

const term = (field: string, value: string, phrase = false): QueryNode => ({ kind: 'term', field, value, phrase }) as QueryNode;

describe('parseQuery', () => {
  it('joins free-text words with an implicit AND over all fields', () => {
    expect(parseQuery('large language models')).toEqual({
      kind: 'and',
      left: { kind: 'and', left: term('all', 'large'), right: term('all', 'language') },
      right: term('all', 'models'),
    });
  });

  it.each([
    ['ti:transformer', 'ti'],
    ['au:del_maestro', 'au'],
    ['abs:diffusion', 'abs'],
    ['cat:cs.CL', 'cat'],
    ['all:GAN', 'all'],
    ['co:workshop', 'co'],
    ['jr:IJCV', 'jr'],
    ['id:2104.12255v1', 'id'],
  ])('reads the field prefix of %s', (query, field) => {
    const node = parseQuery(query);
    expect(node).toEqual(term(field, query.slice(query.indexOf(':') + 1)));
  });

  it('keeps an old-style id with its slash as one term', () => {
    expect(parseQuery('id:astro-ph/0601001')).toEqual(term('id', 'astro-ph/0601001'));
  });

  it('reads a quoted phrase, with or without a field prefix', () => {
    expect(parseQuery('ti:"diffusion model"')).toEqual(term('ti', 'diffusion model', true));
    expect(parseQuery('"large language model"')).toEqual(term('all', 'large language model', true));
    expect(parseQuery('  "  padded phrase "  ')).toEqual(term('all', 'padded phrase', true));
  });

  it('reads AND, OR and ANDNOT with parentheses into the tree arXiv evaluates', () => {
    expect(parseQuery('ti:"diffusion model" AND (cat:cs.CV OR cat:cs.LG) ANDNOT au:smith')).toEqual({
      kind: 'andnot',
      left: {
        kind: 'and',
        left: term('ti', 'diffusion model', true),
        right: { kind: 'or', left: term('cat', 'cs.CV'), right: term('cat', 'cs.LG') },
      },
      right: term('au', 'smith'),
    });
  });

  it('binds AND (explicit or implicit) tighter than OR', () => {
    expect(parseQuery('a OR b c')).toEqual({ kind: 'or', left: term('all', 'a'), right: { kind: 'and', left: term('all', 'b'), right: term('all', 'c') } });
    expect(parseQuery('a OR b AND c')).toEqual(parseQuery('a OR b c'));
  });

  it('treats lower-case and/or/andnot as search words, as arXiv does', () => {
    const node = parseQuery('rock and roll');
    expect(toArxivSyntax(node)).toBe('(all:rock AND all:and) AND all:roll');
  });

  it('reads nested parentheses', () => {
    expect(toArxivSyntax(parseQuery('((a OR b) AND (c OR (d ANDNOT e)))'))).toBe(
      '(all:a OR all:b) AND (all:c OR (all:d ANDNOT all:e))',
    );
  });

  it.each([
    ['', /query is empty/],
    ['   ', /query is empty/],
    ['(transformer OR attention', /unclosed parenthesis: \(transformer OR attention/],
    ['transformer OR attention)', /unmatched "\)": transformer OR attention\)/],
    ['transformer AND', /ends with an operator: transformer AND/],
    ['transformer ANDNOT', /ends with an operator/],
    ['transformer OR', /ends with an operator/],
    ['OR transformer', /"OR" where a search term was expected: OR transformer/],
    ['transformer AND AND attention', /"AND" where a search term was expected/],
    ['()', /"\)" where a search term was expected/],
    ['ti:"diffusion model', /unclosed quote: ti:"diffusion model/],
    ['diffusion"', /unclosed quote/],
    ['ti:', /field "ti:" has no value/],
    ['cat: cs.CL', /field "cat:" has no value/],
  ])('rejects %j with a UsageError that says what is wrong', (query, message) => {
    const error = queryError(query);
    expect(error.code).toBe('E_USAGE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
  });
});

describe('toArxivSyntax', () => {
  it('renders free text with explicit fields and grouping', () => {
    expect(toArxivSyntax(parseQuery('large language models'))).toBe('(all:large AND all:language) AND all:models');
  });

  it('keeps phrases quoted and operators in upper case', () => {
    expect(toArxivSyntax(parseQuery('ti:"diffusion model" AND (cat:cs.CV OR cat:cs.LG) ANDNOT au:smith'))).toBe(
      '(ti:"diffusion model" AND (cat:cs.CV OR cat:cs.LG)) ANDNOT au:smith',
    );
  });

  it('drops quotes inside a phrase so the rendered query stays balanced', () => {
    expect(toArxivSyntax(term('ti', 'say "hi"', true))).toBe('ti:"say hi"');
  });

  it.each([
    'large language models',
    'au:del_maestro ANDNOT (ti:checkerboard OR ti:Pyrochlore)',
    'ti:"diffusion model" AND (cat:cs.CV OR cat:cs.LG) ANDNOT au:smith',
    'a OR b c',
    'id:astro-ph/0601001 OR id:2104.12255v1',
    'cat:cs.* AND abs:"graph neural network"',
  ])('renders %j so that arXiv (and parseQuery) reads the same query back', (query) => {
    const node = parseQuery(query);
    expect(parseQuery(toArxivSyntax(node))).toEqual(node);
  });
});

describe('matchesQuery', () => {
  it('selects every record with a bare wildcard, and nothing else matches everything', () => {
    expect(matches('*', { title: 'Anything at all' })).toBe(true);
    expect(matches('all:*', { title: '' })).toBe(true);
    expect(matches('gan*', { title: 'Nothing here' })).toBe(false);
  });

  it('never matches a phrase across two authors or from the title into the abstract', () => {
    const paper = { title: 'Quantum Criticality', abstract: 'Bosons in nanopores.', authors: ['Adrian Del Maestro', 'Subir Sachdev'] };
    expect(matches('au:"Maestro Subir"', paper)).toBe(false);
    expect(matches('"criticality bosons"', paper)).toBe(false);
    expect(matches('au:"Del Maestro"', paper)).toBe(true);
    expect(matches('"quantum criticality"', paper)).toBe(true);
  });

  it('matches stems: "model" finds "models" and "models" finds "model"', () => {
    expect(matches('model', { title: 'Diffusion Models Beat GANs' })).toBe(true);
    expect(matches('ti:models', { title: 'A Diffusion Model for Speech' })).toBe(true);
    expect(matches('ti:learning', { title: 'Learned Index Structures' })).toBe(true);
    expect(matches('ti:model', { title: 'Modern Hopfield Networks' })).toBe(false);
  });

  it('requires every free-text word, in any field', () => {
    const paper = { title: 'Attention Is All You Need', abstract: 'We propose the Transformer.', authors: ['Ashish Vaswani'] };
    expect(matches('attention transformer', paper)).toBe(true);
    expect(matches('attention vaswani', paper)).toBe(true);
    expect(matches('attention recurrence', paper)).toBe(false);
  });

  it('looks only in the named field', () => {
    const paper = { title: 'Attention Is All You Need', abstract: 'We propose the Transformer.' };
    expect(matches('abs:transformer', paper)).toBe(true);
    expect(matches('ti:transformer', paper)).toBe(false);
    expect(matches('co:workshop', { comment: 'Accepted at the NeurIPS workshop' })).toBe(true);
    expect(matches('jr:IJCV', { journalRef: 'International Journal of Computer Vision (IJCV), 2019' })).toBe(true);
    expect(matches('jr:IJCV', { title: 'IJCV' })).toBe(false);
  });

  it('matches a phrase only as consecutive words in that order, comparing stems', () => {
    expect(matches('ti:"diffusion models"', { title: 'Guided Diffusion Model Sampling' })).toBe(true);
    expect(matches('ti:"diffusion models"', { title: 'Models of Diffusion' })).toBe(false);
    expect(matches('ti:"diffusion models"', { title: 'Diffusion-based Generative Models' })).toBe(false);
    expect(matches('"large language model"', { abstract: 'We fine-tune large language models on code.' })).toBe(true);
  });

  it('matches authors by whole words: au:del_maestro finds "Adrian Del Maestro"', () => {
    const paper = { authors: ['Adrian Del Maestro', 'Subir Sachdev'] };
    expect(matches('au:del_maestro', paper)).toBe(true);
    expect(matches('au:"Del Maestro"', paper)).toBe(true);
    expect(matches('au:maestro', paper)).toBe(true);
    expect(matches('au:sachdev', paper)).toBe(true);
    expect(matches('au:maestro_del', paper)).toBe(false);
    expect(matches('au:sachdevs', paper)).toBe(false);
    expect(matches('au:smith', { authors: ['Jane Smithson'] })).toBe(false);
  });

  it('matches a trailing * as a word prefix', () => {
    expect(matches('ti:gener*', { title: 'Generative Adversarial Networks' })).toBe(true);
    expect(matches('ti:gener*', { title: 'A GAN Tutorial' })).toBe(false);
    expect(matches('au:del*', { authors: ['Adrian Del Maestro'] })).toBe(true);
  });

  it('matches categories exactly, by archive, and by wildcard', () => {
    const paper = { categories: ['cs.LG', 'stat.ML'] };
    expect(matches('cat:cs.LG', paper)).toBe(true);
    expect(matches('cat:cs.lg', paper)).toBe(true);
    expect(matches('cat:cs.*', paper)).toBe(true);
    expect(matches('cat:cs', paper)).toBe(true);
    expect(matches('cat:cs.L', paper)).toBe(false);
    expect(matches('cat:cs.CV', paper)).toBe(false);
    expect(matches('cat:math.*', paper)).toBe(false);
    expect(matches('cat:math', { categories: ['math-ph'] })).toBe(false);
    expect(matches('cat:astro-ph', { categories: ['astro-ph'] })).toBe(true);
    expect(matches('cat:astro-ph', { categories: ['astro-ph.CO'] })).toBe(true);
  });

  it('matches ids with or without a version, new and old style', () => {
    expect(matches('id:2104.12255', { arxivId: '2104.12255' })).toBe(true);
    expect(matches('id:2104.12255v1', { arxivId: '2104.12255' })).toBe(true);
    expect(matches('id:2104.1225', { arxivId: '2104.12255' })).toBe(false);
    expect(matches('id:astro-ph/0601001', { arxivId: 'astro-ph/0601001' })).toBe(true);
    expect(matches('id:hep-ex/0406020v1', { arxivId: 'hep-ex/0406020' })).toBe(true);
  });

  it('evaluates AND, OR and ANDNOT', () => {
    const paper = { title: 'From stripe to checkerboard order', authors: ['Adrian Del Maestro'], categories: ['cond-mat.str-el'] };
    expect(matches('au:del_maestro AND ti:checkerboard', paper)).toBe(true);
    expect(matches('au:del_maestro ANDNOT (ti:checkerboard OR ti:Pyrochlore)', paper)).toBe(false);
    expect(matches('au:del_maestro ANDNOT ti:pyrochlore', paper)).toBe(true);
    expect(matches('ti:pyrochlore OR cat:cond-mat.*', paper)).toBe(true);
    expect(matches('ti:pyrochlore OR cat:cs.*', paper)).toBe(false);
  });
});

describe.skipIf(!hasSharedData)(`matchesQuery agrees with arXiv on recorded searches ${SKIP_REASON}`, () => {
  const feed = (name: string) => parseAtomFeed(fs.readFileSync(path.join(FEEDS, 'feeds', name), 'utf8')).papers;

  it.each([
    ['q_testing_s0_m100_cfe7536492ca.xml', 'testing', 100],
    ['search_query=au_del_maestro.xml', 'au:del_maestro', 10],
    ['search_query=au_del_maestro_ANDNOT_(ti_checkerboard_OR_ti_Pyrochlore).xml', 'au:del_maestro ANDNOT (ti:checkerboard OR ti:Pyrochlore)', 10],
    ['search_query=au_del_maestro_AND_ti_checkerboard.xml', 'au:del_maestro AND ti:checkerboard', 1],
    ['search_query=au_del_maestro_AND_ti_quantum_criticality.xml', 'au:del_maestro AND ti:"quantum criticality"', 2],
  ])('every paper arXiv returned in %s matches %j', (file, query, count) => {
    const papers = feed(file);
    const node = parseQuery(query);
    expect(papers).toHaveLength(count);
    expect(papers.filter((p) => !matchesQuery(node, p)).map((p) => p.arxivId)).toEqual([]);
  });

  it('filtering arXiv\'s au:del_maestro page locally gives arXiv\'s own ANDNOT and AND answers', () => {
    const all = feed('search_query=au_del_maestro.xml');
    const andNot = parseQuery('au:del_maestro ANDNOT (ti:checkerboard OR ti:Pyrochlore)');
    const kept = all.filter((p) => matchesQuery(andNot, p)).map((p) => p.arxivId);
    // arXiv's ANDNOT page lists the same papers in the same order (then two more beyond this page).
    const arxivAndNot = feed('search_query=au_del_maestro_ANDNOT_(ti_checkerboard_OR_ti_Pyrochlore).xml').map((p) => p.arxivId);
    expect(kept).toEqual(arxivAndNot.slice(0, kept.length));
    expect(kept).toHaveLength(8);

    const dropped = all.filter((p) => !matchesQuery(andNot, p)).map((p) => p.title);
    expect(dropped).toHaveLength(2);
    for (const title of dropped) expect(title).toMatch(/checkerboard|pyrochlore/i);

    const and = parseQuery('au:del_maestro AND ti:checkerboard');
    const arxivAnd = feed('search_query=au_del_maestro_AND_ti_checkerboard.xml').map((p) => p.arxivId);
    expect(all.filter((p) => matchesQuery(and, p)).map((p) => p.arxivId)).toEqual(arxivAnd);
  });
});
