import { describe, expect, it } from 'vitest';
import { analysePaper } from '../../agents/analyst/analyse-paper.js';
import type { Paper } from '../../db/schema.js';
import { escapeLabel, MAX_LABEL, renderFlowchart, type Flowchart } from '../../src/mermaid/flowchart.js';
import { parseMermaid } from '../helpers/mermaid.js';

type Vertex = { id: string; text: string };
type Edge = { start: string; end: string; text: string };
type Subgraph = { id: string; title: string; nodes: string[] };

/**
 * What mermaid read from a diagram: parseMermaid validates it (and loads mermaid under jsdom first), then
 * the flowchart's own database gives the nodes, edges and subgraphs that would be drawn.
 */
async function readDiagram(source: string) {
  const parsed = await parseMermaid(source);
  const mermaid = (await import('mermaid')).default;
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const db = diagram.db as unknown as {
    getVertices(): Map<string, Vertex>;
    getEdges(): Edge[];
    getSubGraphs(): Subgraph[];
  };
  return { ...parsed, vertices: [...db.getVertices().values()], edges: db.getEdges(), subgraphs: db.getSubGraphs() };
}

/** The text mermaid shows for a label: its entity placeholders decoded the way the renderer does. */
function shown(text: string): string {
  const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };
  return text
    .replace(/ﬂ°°(\d+)¶ß/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/ﬂ°(\w+)¶ß/g, (_, name: string) => named[name] ?? `&${name};`);
}

/** Node declarations in the source (`id(`, `id[`, `id([` at the start of a line). */
function declarations(source: string): number {
  return source.split('\n').filter((l) => /^\s*[A-Za-z][A-Za-z0-9]*[[(]/.test(l) && !/^\s*subgraph\b/.test(l)).length;
}

const HOSTILE = [
  'say "hi" to \'them\'',
  'a [b] (c) {d} ([e]) [[f]] ((g))',
  'x | y || z',
  'end',
  'subgraph',
  'end\nsubgraph evil\n',
  '🚀 emoji 🧪 and 中文 and é',
  '%%{init: {"theme":"dark"}}%%',
  'x --- y\n%%{init: {"securityLevel":"loose"}}%%',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  'line one\nline two\r\nline three\ttab',
  '`code` and ``markdown``',
  'a --> b; c --- d',
  '"]) --> evil(["',
  'click a call alert()',
  '#quot; &amp; #35; &lt;',
  'back\\slash \\n',
  '__bold__ *it* ~~strike~~',
  ':::className',
  'style a fill:#f00;',
  'classDef evil fill:#f00;',
  'A & B',
  '\u2028separators\u2029',
];

/** Three nodes (one per shape), one in a subgraph, two edges: every label and title is `label`. */
function chartWith(label: string): Flowchart {
  return {
    direction: 'LR',
    nodes: [
      { id: 'a', label, shape: 'round' },
      { id: 'b', label, shape: 'stadium' },
      { id: 'c', label, shape: 'rect' },
    ],
    subgraphs: [{ id: 's1', title: label, nodes: ['c'] }],
    edges: [
      { from: 'a', to: 'b', label },
      { from: 'b', to: 'c', label, strength: 'thick' },
      { from: 'a', to: 'c', strength: 'dotted' },
    ],
  };
}

describe('renderFlowchart with hostile labels', () => {
  for (const label of HOSTILE) {
    it(`parses and keeps the diagram unchanged for ${JSON.stringify(label)}`, async () => {
      const source = renderFlowchart(chartWith(label));
      const d = await readDiagram(source);
      expect(d.diagramType).toBe('flowchart-v2');
      // no directive picked up from a label
      expect(d.config).toEqual({});
      // exactly the nodes, edges and subgraph declared: a label opened nothing
      expect(declarations(source)).toBe(3);
      expect(source.split('\n')).toHaveLength(1 + 3 + 3 + 2);
      expect(d.vertices.map((v) => v.id).sort()).toEqual(['a', 'b', 'c']);
      expect(d.edges.map((e) => `${e.start}>${e.end}`)).toEqual(['a>b', 'b>c', 'a>c']);
      expect(d.subgraphs).toHaveLength(1);
      expect(d.subgraphs[0]!.nodes).toEqual(['c']);
      // and the label reads as written (whitespace collapsed, edge labels cut at 40)
      const plain = label.replace(/[\u0000-\u001f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
      expect([...plain].length).toBeLessThanOrEqual(MAX_LABEL);
      for (const v of d.vertices) expect(shown(v.text)).toBe(plain);
      expect(shown(d.subgraphs[0]!.title)).toBe(plain);
      const edgeLabel = shown(d.edges[0]!.text);
      if ([...plain].length <= 40) expect(edgeLabel).toBe(plain);
      else expect(edgeLabel.endsWith('…') && plain.startsWith(edgeLabel.slice(0, -1))).toBe(true);
      expect(d.edges[2]!.text).toBe('');
    });
  }

  it('never writes a raw character that could end a label or open markup', () => {
    for (const label of HOSTILE) {
      const escaped = escapeLabel(label);
      expect(escaped).not.toMatch(/["<>`|[\]{}()%\\\n\r]/);
      expect(escaped).not.toMatch(/%%/);
    }
  });

  it('draws edge strengths as written: thick, dotted, normal', async () => {
    const d = await readDiagram(renderFlowchart(chartWith('x')));
    expect(d.edges.map((e) => (e as unknown as { stroke: string }).stroke)).toEqual(['normal', 'thick', 'dotted']);
  });
});

describe('renderFlowchart ids', () => {
  const unsafe = ['end', 'END', 'subgraph', 'graph', 'flowchart', 'style', 'classDef', 'click', 'a b', 'a-b', '1a', '', 'a"', 'a;b', 'a[x]', 'ünï', 'a\nb'];

  it('rejects unsafe node ids', () => {
    for (const id of unsafe) {
      expect(() => renderFlowchart({ nodes: [{ id, label: 'x' }], edges: [] }), id).toThrow(/unsafe Mermaid id/);
    }
  });

  it('rejects unsafe ids in edges and subgraphs', () => {
    const nodes = [{ id: 'a', label: 'x' }, { id: 'b', label: 'y' }];
    for (const id of unsafe) {
      expect(() => renderFlowchart({ nodes, edges: [{ from: id, to: 'b' }] })).toThrow(/unsafe Mermaid id/);
      expect(() => renderFlowchart({ nodes, edges: [{ from: 'a', to: id }] })).toThrow(/unsafe Mermaid id/);
      expect(() => renderFlowchart({ nodes, edges: [], subgraphs: [{ id, title: 't', nodes: ['a'] }] })).toThrow(/unsafe Mermaid id/);
    }
  });

  it('accepts generated alphanumeric ids, including ones that merely start with a keyword', async () => {
    const source = renderFlowchart({ nodes: [{ id: 'n0', label: 'x' }, { id: 'endpoint', label: 'y' }, { id: 'c12', label: 'z' }], edges: [{ from: 'n0', to: 'endpoint' }] });
    const d = await readDiagram(source);
    expect(d.vertices.map((v) => v.id).sort()).toEqual(['c12', 'endpoint', 'n0']);
  });
});

describe('escapeLabel truncation', () => {
  it(`cuts labels longer than MAX_LABEL (${MAX_LABEL}) at a word boundary with an ellipsis`, () => {
    const long = 'a very long title about generative adversarial networks for high resolution image synthesis';
    const out = escapeLabel(long);
    expect([...out].length).toBeLessThanOrEqual(MAX_LABEL);
    expect(out.endsWith('…')).toBe(true);
    const kept = out.slice(0, -1);
    expect(long.startsWith(kept)).toBe(true);
    // cut between words, not inside one
    expect(long[kept.length]).toBe(' ');
  });

  it('leaves labels of exactly MAX_LABEL characters whole', () => {
    const exact = 'x'.repeat(MAX_LABEL);
    expect(escapeLabel(exact)).toBe(exact);
    expect(escapeLabel(`${exact}y`)).toBe(`${'x'.repeat(MAX_LABEL - 1)}…`);
  });

  it('counts characters, not UTF-16 units, and never splits an emoji', () => {
    const out = escapeLabel('🧪'.repeat(100));
    expect([...out]).toHaveLength(MAX_LABEL);
    expect(out).toBe(`${'🧪'.repeat(MAX_LABEL - 1)}…`);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('truncates before escaping, so an entity is never cut in half', async () => {
    const out = escapeLabel('"'.repeat(100));
    expect(out).toBe(`${'#quot;'.repeat(MAX_LABEL - 1)}…`);
    const d = await readDiagram(renderFlowchart({ nodes: [{ id: 'a', label: '<'.repeat(100) }], edges: [] }));
    expect(shown(d.vertices[0]!.text)).toBe(`${'<'.repeat(MAX_LABEL - 1)}…`);
  });

  it('cuts edge labels at 40 characters', async () => {
    const refs = Array.from({ length: 30 }, (_, i) => `P${i + 1}`).join(', ');
    const source = renderFlowchart({ nodes: [{ id: 'a', label: 'x' }, { id: 'b', label: 'y' }], edges: [{ from: 'a', to: 'b', label: refs }] });
    const d = await readDiagram(source);
    const label = shown(d.edges[0]!.text);
    expect([...label].length).toBeLessThanOrEqual(40);
    expect(label.endsWith('…')).toBe(true);
    expect(refs.startsWith(label.slice(0, -1))).toBe(true);
  });
});

function paper(arxivId: string, title: string, abstract: string): Paper {
  return {
    arxivId, version: 1, title, abstract, authors: ['A. Author'], published: '2025-01-01T00:00:00Z', updated: null,
    primaryCategory: 'cs.LG', categories: ['cs.LG'], absUrl: `https://arxiv.org/abs/${arxivId}`, pdfUrl: null, doi: null,
    comment: null, journalRef: null,
  };
}

describe('concept graphs of real-looking papers', () => {
  const papers = [
    paper('1406.2661', 'Generative Adversarial Networks',
      'We propose a new framework for estimating generative models via an adversarial process, in which we simultaneously ' +
      'train two models: a generative model G that captures the data distribution, and a discriminative model D that ' +
      'estimates the probability that a sample came from the training data rather than G. The training procedure for G ' +
      'is to maximize the probability of D making a mistake. This framework corresponds to a minimax two-player game. ' +
      'In the space of arbitrary functions G and D, a unique solution exists, with G recovering the training data ' +
      'distribution and D equal to 1/2 everywhere. In the case where G and D are defined by multilayer perceptrons, the ' +
      'entire system can be trained with backpropagation.'),
    paper('1706.03762', 'Attention Is All You Need',
      'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks that ' +
      'include an encoder and a decoder. The best performing models also connect the encoder and decoder through an ' +
      'attention mechanism. We propose a new simple network architecture, the Transformer, based solely on attention ' +
      'mechanisms, dispensing with recurrence and convolutions entirely. Experiments on two machine translation tasks ' +
      'show these models to be superior in quality while being more parallelizable and requiring significantly less ' +
      'time to train. Our model achieves 28.4 BLEU on the WMT 2014 English-to-German translation task.'),
    paper('2501.00001', 'Hostile "title" with [brackets] | pipes & <b>tags</b> %%{init: {"theme":"dark"}}%%',
      'We study "quoted terms", [bracketed terms] and `code spans` in large language models (LLMs). LLMs with ' +
      'retrieval-augmented generation (RAG) use an $O(n \\log n)$ index; the end-to-end subgraph search runs on ' +
      'GPU-based clusters. We show that RAG improves LLMs on long-context question answering.'),
  ];

  for (const p of papers) {
    it(`draws a concept graph that mermaid parses, for ${p.arxivId}`, async () => {
      const analysis = analysePaper(p);
      const d = await readDiagram(analysis.mermaid);
      expect(d.config).toEqual({});
      expect(analysis.conceptGraph.nodes.length).toBeGreaterThan(1);
      expect(d.vertices).toHaveLength(analysis.conceptGraph.nodes.length);
      expect(d.edges).toHaveLength(analysis.conceptGraph.edges.length);
      expect(d.vertices.map((v) => shown(v.text)).sort()).toEqual(analysis.conceptGraph.nodes.map((n) => n.label).sort());
    });
  }
});
