import { stemKey } from '../../src/nlp/words.js';
import { describe, expect, it } from 'vitest';
import { analysePaper } from '../../agents/analyst/analyse-paper.js';
import { consolidate, MAP_LIMITS } from '../../agents/synthesizer/consolidate.js';
import { buildConceptGraph, conceptGraphToMermaid, PAPER_GRAPH_EDGES, PAPER_GRAPH_NODES } from '../../agents/synthesizer/paper-graph.js';
import { SynthesisSchema, type SynthesisInputPaper } from '../../agents/synthesizer/schema.js';
import type { RankedTerm } from '../../agents/term-extractor/schema.js';
import type { Paper } from '../../db/schema.js';
import { parseMermaid } from '../helpers/mermaid.js';

/** A ranked term as the term extractor gives it: key, label, score, sentences where it occurs. */
const term = (key: string, label: string, score: number, sentences: number[]): RankedTerm => ({ key, term: label, score, sentences });

/** Undirected edge as "a|b" with the ends sorted. */
const pair = (e: { source: string; target: string }) => [e.source, e.target].sort().join('|');

/** What mermaid read: number of nodes, edges and subgraphs actually drawn. */
async function drawn(source: string) {
  const parsed = await parseMermaid(source);
  const mermaid = (await import('mermaid')).default;
  const db = (await mermaid.mermaidAPI.getDiagramFromText(source)).db as unknown as {
    getVertices(): Map<string, unknown>; getEdges(): unknown[]; getSubGraphs(): unknown[];
  };
  return { config: parsed.config, nodes: db.getVertices().size, edges: db.getEdges().length, subgraphs: db.getSubGraphs().length };
}

describe('buildConceptGraph', () => {
  it('joins terms that share sentences, not neighbours in rank order', () => {
    // rank order a, b, c, d; a and c share sentence 1, b and d share sentences 2 and 3
    const graph = buildConceptGraph([
      term('a', 'alpha', 4, [1]),
      term('b', 'beta', 3, [2, 3]),
      term('c', 'gamma', 2, [1, 4]),
      term('d', 'delta', 1, [2, 3]),
    ]);
    expect(graph.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(graph.edges).toEqual([
      { source: 'b', target: 'd', weight: 2 },
      { source: 'a', target: 'c', weight: 1 },
    ]);
    // no a-b or b-c or c-d chain
    const pairs = graph.edges.map(pair);
    for (const chain of ['a|b', 'b|c', 'c|d']) expect(pairs).not.toContain(chain);
  });

  it('relates a term to the one it refines ("conditional GAN" refines "GAN") even without a shared sentence', () => {
    const graph = buildConceptGraph([
      term('GAN', 'GAN', 3, [1]),
      term('condit GAN', 'conditional GAN', 2, [2]),
      term('imag', 'images', 1, [3]),
    ]);
    expect(graph.edges).toEqual([{ source: 'GAN', target: 'condit GAN', weight: 1 }]);
  });

  it(`keeps at most ${PAPER_GRAPH_NODES} nodes and ${PAPER_GRAPH_EDGES} edges, strongest first`, () => {
    // 20 terms all in sentence 1; the first 5 also share sentences 2 and 3
    const terms = Array.from({ length: 20 }, (_, i) => term(`t${i}`, `term ${i}`, 20 - i, i < 5 ? [1, 2, 3] : [1]));
    const graph = buildConceptGraph(terms);
    expect(graph.nodes).toHaveLength(PAPER_GRAPH_NODES);
    expect(graph.nodes.map((n) => n.id)).toEqual(terms.slice(0, PAPER_GRAPH_NODES).map((t) => t.key));
    expect(graph.edges).toHaveLength(PAPER_GRAPH_EDGES);
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const e of graph.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    // the 10 pairs among the first five share 3 sentences and come first
    expect(graph.edges.slice(0, 10).every((e) => e.weight === 3)).toBe(true);
    for (let i = 1; i < graph.edges.length; i++) expect(graph.edges[i]!.weight).toBeLessThanOrEqual(graph.edges[i - 1]!.weight);
    const custom = buildConceptGraph(terms, 4, 2);
    expect(custom.nodes).toHaveLength(4);
    expect(custom.edges).toHaveLength(2);
  });

  it('gives an empty graph for no terms and no edges for unrelated terms', () => {
    expect(buildConceptGraph([])).toEqual({ nodes: [], edges: [] });
    expect(buildConceptGraph([term('a', 'a', 2, [1]), term('b', 'b', 1, [2])]).edges).toEqual([]);
  });

  it('draws relations seen in two or more sentences thick, and the mermaid parses', async () => {
    const graph = buildConceptGraph([term('a', 'alpha', 3, [1, 2]), term('b', 'beta', 2, [1, 2]), term('c', 'gamma', 1, [2])]);
    const source = conceptGraphToMermaid(graph);
    expect(source).toContain('c0 === c1');
    expect(source).toContain('c0 --- c2');
    const d = await drawn(source);
    expect(d).toEqual({ config: {}, nodes: 3, edges: 3, subgraphs: 0 });
  });

  it('on a real abstract, only relates terms that share a sentence or refine each other', () => {
    const paper: Paper = {
      arxivId: '1406.2661', version: 1, title: 'Generative Adversarial Networks', authors: [], published: null, updated: null,
      primaryCategory: null, categories: [], absUrl: '', pdfUrl: null, doi: null, comment: null, journalRef: null,
      abstract:
        'We propose a new framework for estimating generative models via an adversarial process, in which we simultaneously ' +
        'train two models: a generative model G that captures the data distribution, and a discriminative model D that ' +
        'estimates the probability that a sample came from the training data rather than G. The training procedure for G ' +
        'is to maximize the probability of D making a mistake. This framework corresponds to a minimax two-player game. ' +
        'In the case where G and D are defined by multilayer perceptrons, the entire system can be trained with backpropagation.',
    };
    const { conceptGraph } = analysePaper(paper);
    expect(conceptGraph.nodes.length).toBeGreaterThan(2);
    expect(conceptGraph.nodes.length).toBeLessThanOrEqual(PAPER_GRAPH_NODES);
    expect(conceptGraph.edges.length).toBeLessThanOrEqual(PAPER_GRAPH_EDGES);
    // not a chain in rank order: some edge skips a rank, or some neighbours in rank are not related
    const rank = new Map(conceptGraph.nodes.map((n, i) => [n.id, i]));
    const isChain = conceptGraph.edges.length === conceptGraph.nodes.length - 1 &&
      conceptGraph.edges.every((e) => Math.abs(rank.get(e.source)! - rank.get(e.target)!) === 1);
    expect(isChain).toBe(false);
  });
});

/** A hand-made three-paper run; refs P1, P3, P4 (P2 failed and is absent), to show refs are not positions. */
function fixture(): SynthesisInputPaper[] {
  const node = (id: string, label: string, weight = 1) => ({ id, label, weight });
  return [
    {
      ref: 'P1', arxivId: '2501.00001', title: 'GANs for faces',
      terms: [
        { term: 'generative adversarial networks', key: stemKey('generative adversarial networks'), score: 3 },
        { term: 'image synthesis', key: stemKey('image synthesis'), score: 2 },
        { term: 'mode collapse', key: stemKey('mode collapse'), score: 1 },
        { term: 'Mode Collapse', key: stemKey('Mode Collapse'), score: 0.5 },
      ],
      conceptGraph: {
        nodes: [node('gener adversari network', 'generative adversarial networks'), node('imag synthesi', 'image synthesis'), node('mode collaps', 'mode collapse')],
        edges: [
          { source: 'gener adversari network', target: 'mode collaps', weight: 2 },
          { source: 'gener adversari network', target: 'imag synthesi', weight: 1 },
        ],
      },
    },
    {
      ref: 'P3', arxivId: '2501.00003', title: 'Stable GAN training',
      terms: [
        { term: 'generative adversarial networks', key: stemKey('generative adversarial networks'), score: 3 },
        { term: 'mode collapse', key: stemKey('mode collapse'), score: 2 },
        { term: 'diffusion models', key: stemKey('diffusion models'), score: 1 },
      ],
      conceptGraph: {
        nodes: [node('gener adversari network', 'generative adversarial networks'), node('mode collaps', 'mode collapse'), node('diffus model', 'diffusion models')],
        edges: [
          // the same relation written the other way round
          { source: 'mode collaps', target: 'gener adversari network', weight: 1 },
          { source: 'gener adversari network', target: 'diffus model', weight: 1 },
        ],
      },
    },
    {
      ref: 'P4', arxivId: '2501.00004', title: 'Diffusion beats GANs',
      terms: [
        { term: 'diffusion model', key: stemKey('diffusion model'), score: 3 },
        { term: 'image synthesis', key: stemKey('image synthesis'), score: 2 },
        { term: 'Generative Adversarial Network', key: stemKey('Generative Adversarial Network'), score: 1 },
      ],
      conceptGraph: {
        nodes: [node('diffus model', 'diffusion model'), node('imag synthesi', 'image synthesis'), node('gener adversari network', 'Generative Adversarial Network')],
        edges: [
          { source: 'diffus model', target: 'imag synthesi', weight: 2 },
          { source: 'gener adversari network', target: 'diffus model', weight: 1 },
        ],
      },
    },
  ];
}

describe('consolidate', () => {
  it('merges concepts by normal form across papers and keeps the most common label', () => {
    const s = consolidate(fixture());
    expect(SynthesisSchema.parse(s)).toEqual(s);
    expect(s.nodes.map((n) => n.id)).toEqual(['gener adversari network', 'diffus model', 'imag synthesi', 'mode collaps']);
    const gan = s.nodes[0]!;
    expect(gan.label).toBe('generative adversarial networks');
    expect(gan.papers).toEqual(['P1', 'P3', 'P4']);
    expect(gan.weight).toBe(3);
    const diffusion = s.nodes.find((n) => n.id === 'diffus model')!;
    // one "diffusion models", one "diffusion model": the tie goes to the first in alphabetical order
    expect(diffusion.label).toBe('diffusion model');
    expect(diffusion.papers).toEqual(['P3', 'P4']);
  });

  it('merges a relation written in either direction and labels it by the papers that make it', () => {
    const s = consolidate(fixture());
    const edges = new Map(s.edges.map((e) => [pair(e), e]));
    expect(s.edges).toHaveLength(4);
    expect(edges.get('gener adversari network|mode collaps')).toMatchObject({ papers: ['P1', 'P3'], weight: 3 });
    expect(edges.get('diffus model|gener adversari network')).toMatchObject({ papers: ['P3', 'P4'], weight: 2 });
    expect(edges.get('gener adversari network|imag synthesi')).toMatchObject({ papers: ['P1'], weight: 1 });
    expect(edges.get('diffus model|imag synthesi')).toMatchObject({ papers: ['P4'], weight: 2 });
    // the map labels each relation with the refs, and draws shared ones thick
    expect(s.mermaid).toMatch(/===\|"P1, P3"\|/);
    expect(s.mermaid).toMatch(/===\|"P3, P4"\|/);
    expect(s.mermaid).toMatch(/---\|"P1"\|/);
    expect(s.mermaid).toMatch(/---\|"P4"\|/);
    expect(s.mermaid).not.toMatch(/P2/);
  });

  it('counts demand by papers naming a term (once per paper), ties broken by average rank', () => {
    const s = consolidate(fixture());
    expect(s.demand).toEqual([
      { term: 'generative adversarial networks', papers: 3, share: 1, evidence: ['2501.00001', '2501.00003', '2501.00004'] },
      // diffusion: ranks 2 (P3) and 0 (P4), average 1; image synthesis: ranks 1 and 1, average 1; key order decides
      { term: 'diffusion model', papers: 2, share: 2 / 3, evidence: ['2501.00004', '2501.00003'] },
      { term: 'image synthesis', papers: 2, share: 2 / 3, evidence: ['2501.00001', '2501.00004'] },
      // "mode collapse" and "Mode Collapse" in P1 count once
      { term: 'mode collapse', papers: 2, share: 2 / 3, evidence: ['2501.00003', '2501.00001'] },
    ]);
  });

  it('lists the papers synthesised with their refs', () => {
    expect(consolidate(fixture()).papers).toEqual([
      { ref: 'P1', arxivId: '2501.00001', title: 'GANs for faces' },
      { ref: 'P3', arxivId: '2501.00003', title: 'Stable GAN training' },
      { ref: 'P4', arxivId: '2501.00004', title: 'Diffusion beats GANs' },
    ]);
  });

  it('groups related concepts into themes named by their terms, and draws them as subgraphs', async () => {
    const s = consolidate(fixture());
    expect(s.themes.length).toBeGreaterThanOrEqual(1);
    const inThemes = s.themes.flatMap((t) => t.nodes);
    expect(new Set(inThemes).size).toBe(inThemes.length);
    for (const t of s.themes) {
      expect(t.nodes.length).toBeGreaterThanOrEqual(2);
      for (const id of t.nodes) expect(s.nodes.find((n) => n.id === id)?.theme).toBe(t.id);
    }
    const d = await drawn(s.mermaid);
    expect(d).toEqual({ config: {}, nodes: s.nodes.length, edges: s.edges.length, subgraphs: s.themes.length });
  });

  it('is deterministic: the same input gives identical JSON', () => {
    const a = JSON.stringify(consolidate(fixture()));
    const b = JSON.stringify(consolidate(fixture()));
    expect(b).toBe(a);
  });

  it(`bounds the map to ${MAP_LIMITS.nodes} concepts and ${MAP_LIMITS.edges} relations on a large run, and the mermaid parses`, async () => {
    // 40 papers, each with 8 concepts: 4 shared by all, 4 of its own, fully related
    const papers: SynthesisInputPaper[] = Array.from({ length: 40 }, (_, p) => {
      const ids = [...['s0', 's1', 's2', 's3'], ...[0, 1, 2, 3].map((k) => `own${p}x${k}`)];
      const edges = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => ({ source: a, target: b, weight: 1 })));
      return {
        ref: `P${p + 1}`, arxivId: `2501.${String(p).padStart(5, '0')}`, title: `paper ${p}`,
        terms: ids.map((id, i) => ({ term: `term ${id}`, key: `term ${id}`, score: 8 - i })),
        conceptGraph: { nodes: ids.map((id) => ({ id, label: `label "${id}" <b>`, weight: 1 })), edges },
      };
    });
    const s = consolidate(papers);
    expect(s.nodes).toHaveLength(MAP_LIMITS.nodes);
    expect(s.edges).toHaveLength(MAP_LIMITS.edges);
    expect(s.demand).toHaveLength(MAP_LIMITS.demand);
    for (const d of s.demand) expect(d.evidence.length).toBeLessThanOrEqual(MAP_LIMITS.evidence);
    // the concepts shared by every paper are kept first
    expect(s.nodes.slice(0, 4).map((n) => n.id)).toEqual(['s0', 's1', 's2', 's3']);
    expect(s.nodes[0]!.papers).toHaveLength(40);
    // a relation made by 40 papers is labelled with the first three refs and a count
    expect(s.mermaid).toContain('|"P1, P2, P3 +37"|');
    const kept = new Set(s.nodes.map((n) => n.id));
    for (const e of s.edges) expect(kept.has(e.source) && kept.has(e.target)).toBe(true);
    const d = await drawn(s.mermaid);
    expect(d).toEqual({ config: {}, nodes: MAP_LIMITS.nodes, edges: MAP_LIMITS.edges, subgraphs: s.themes.length });
  });

  it('handles a run with one paper and no relations', async () => {
    const only: SynthesisInputPaper = {
      ref: 'P1', arxivId: '2501.00001', title: 't', terms: [{ term: 'graph', key: stemKey('graph'), score: 1 }],
      conceptGraph: { nodes: [{ id: 'graph', label: 'graph', weight: 1 }], edges: [] },
    };
    const s = consolidate([only]);
    expect(s.themes).toEqual([]);
    expect(s.nodes).toEqual([{ id: 'graph', label: 'graph', theme: null, papers: ['P1'], weight: 1 }]);
    expect(s.demand).toEqual([{ term: 'graph', papers: 1, share: 1, evidence: ['2501.00001'] }]);
    expect((await drawn(s.mermaid)).nodes).toBe(1);
  });
});

describe('consolidate: terms named like JavaScript object keys', () => {
  it('merges and groups "constructor" and "__proto__" like any other term', () => {
    const graph = { nodes: [{ id: 'constructor', label: 'constructor', weight: 1 }, { id: '__proto__', label: '__proto__', weight: 1 }, { id: 'tostr', label: 'toString', weight: 1 }], edges: [{ source: 'constructor', target: '__proto__', weight: 2 }, { source: 'constructor', target: 'tostr', weight: 1 }] };
    const papers = [1, 2].map((i) => ({ ref: `P${i}`, arxivId: `2501.0000${i}`, title: `paper ${i}`, terms: graph.nodes.map((n) => ({ term: n.label, key: n.id, score: 1 })), conceptGraph: graph }));
    const synthesis = consolidate(papers);
    expect(synthesis.nodes.map((n) => n.id).sort()).toEqual(['__proto__', 'constructor', 'tostr']);
    expect(synthesis.edges).toHaveLength(2);
    expect(synthesis.themes).toHaveLength(1);
  });
});
