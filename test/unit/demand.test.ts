import { describe, expect, it } from 'vitest';
import { change, computeDemand } from '../../agents/demand/compute.js';
import type { DemandPaper } from '../../agents/demand/schema.js';
import { compileTaxonomy } from '../../src/skills/match.js';
import { TaxonomySchema } from '../../src/skills/taxonomy.js';
import { twoProportionPValue } from '../../src/stats.js';
import { parseMermaid } from '../helpers/mermaid.js';

const matcher = compileTaxonomy(TaxonomySchema.parse({
  version: 1,
  skills: [
    { id: 'pytorch', name: 'PyTorch', category: 'framework', aliases: ['PyTorch'] },
    { id: 'jax', name: 'JAX', category: 'framework', exact: ['JAX'] },
    { id: 'cuda', name: 'CUDA', category: 'hardware', exact: ['CUDA'] },
    { id: 'rag', name: 'Retrieval / RAG', category: 'method', aliases: ['retrieval-augmented generation'], exact: ['RAG'] },
  ],
}));

let n = 0;
function paper(day: string, title: string, abstract: string, terms: string[] = []): DemandPaper {
  n++;
  return { arxivId: `2501.${String(n).padStart(5, '0')}`, title, abstract, day, terms: terms.map((t) => ({ key: t, term: t })) };
}

describe('computeDemand on a hand-counted library', () => {
  const papers = [
    paper('2025-03-02', 'Fast PyTorch kernels', 'We write CUDA kernels for PyTorch. PyTorch again.', ['kernel fusion']),
    paper('2025-03-10', 'A study', 'We use JAX and CUDA on TPUs.', ['kernel fusion']),
    paper('2025-04-01', 'Retrieval', 'Retrieval-augmented generation (RAG) with PyTorch.'),
    paper('2025-06-20', 'Nothing here', 'A good Ajax page, no skills at all.'),
    paper('2025-07-01', 'JAX for science', 'Differentiable physics in JAX.', ['kernel fusion']),
  ];

  it('counts papers, shares and mentions per skill, most-demanded first', () => {
    const d = computeDemand(papers, { matcher, window: { from: null, to: null } });
    expect(d.window.papers).toBe(5);
    // PyTorch: 3 mentions in paper 1 (title and twice in the abstract), 1 in paper 3; JAX: papers 2 and 5;
    // CUDA: papers 1 and 2; RAG: paper 3, named twice ("retrieval-augmented generation (RAG)")
    expect(d.skills.map((s) => [s.id, s.papers, s.mentions])).toEqual([
      ['pytorch', 2, 4],
      ['jax', 2, 3],
      ['cuda', 2, 2],
      ['rag', 1, 2],
    ]);
    const pytorch = d.skills.find((s) => s.id === 'pytorch')!;
    expect(pytorch.share).toBeCloseTo(2 / 5, 10);
    // evidence: papers naming it in the title first
    expect(pytorch.evidence[0]!.title).toBe('Fast PyTorch kernels');
    // "Ajax" is not JAX
    expect(d.skills.find((s) => s.id === 'jax')!.evidence.map((e) => e.title)).not.toContain('Nothing here');
  });

  it('counts the skills named together', () => {
    const d = computeDemand(papers, { matcher, window: { from: null, to: null } });
    expect(d.cooccurrence).toContainEqual({ a: 'cuda', b: 'pytorch', papers: 1 });
    expect(d.cooccurrence).toContainEqual({ a: 'cuda', b: 'jax', papers: 1 });
    expect(d.cooccurrence).toContainEqual({ a: 'pytorch', b: 'rag', papers: 1 });
  });

  it('limits the count to the window and compares it with an explicit one', () => {
    const d = computeDemand(papers, { matcher, window: { from: '2025-06-01', to: '2025-12-31' }, compareTo: { from: '2025-03-01', to: '2025-04-30' } });
    expect(d.window.papers).toBe(2);
    expect(d.comparison).toMatchObject({ before: { papers: 3 }, after: { papers: 2 }, automatic: false });
    const jax = d.skills.find((s) => s.id === 'jax')!;
    expect(jax.papers).toBe(1);
    expect(jax.change).toMatchObject({ beforePapers: 1, afterPapers: 1, trend: 'steady' });
    expect(jax.change!.absolute).toBeCloseTo(100 * (1 / 2 - 1 / 3), 10);
  });

  it('compares the two halves of the period when no window is given', () => {
    const d = computeDemand(papers, { matcher, window: { from: null, to: null } });
    expect(d.comparison).toMatchObject({ automatic: true, before: { from: '2025-03-02' }, after: { to: '2025-07-01' } });
    expect(d.comparison!.before.papers + d.comparison!.after.papers).toBe(5);
  });

  it('makes no comparison when the papers span under 60 days', () => {
    const d = computeDemand(papers.slice(0, 3), { matcher, window: { from: null, to: null } });
    expect(d.comparison).toBeNull();
    expect(d.skills.every((s) => s.change === null)).toBe(true);
  });

  it('draws a chart and a co-occurrence graph that mermaid accepts', async () => {
    const d = computeDemand(papers, { matcher, window: { from: null, to: null } });
    expect(d.mermaid.chart).toContain('bar [40, 40, 40, 20]');
    await expect(parseMermaid(d.mermaid.chart)).resolves.toMatchObject({ diagramType: 'xychart' });
    await expect(parseMermaid(d.mermaid.cooccurrence)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });
});

describe('trends are called only when significant', () => {
  it('does not call 2 -> 4 papers of a thousand a doubling trend', () => {
    const c = change(2, 1000, 4, 1000);
    expect(c.relative).toBeCloseTo(1, 10);
    expect(c.pValue).toBeGreaterThan(0.3);
    expect(c.trend).toBe('steady');
  });

  it('calls a large, well-supported rise rising and a fall falling', () => {
    expect(change(20, 1000, 80, 1000).trend).toBe('rising');
    expect(change(80, 1000, 20, 1000).trend).toBe('falling');
    expect(twoProportionPValue(20, 1000, 80, 1000)).toBeLessThan(0.001);
  });

  it('reports emerging terms only with enough support and a significant rise', () => {
    const before = Array.from({ length: 200 }, (_, i) => paper('2025-03-01', `b${i}`, 'text', i < 2 ? ['tiny term'] : []));
    const after = Array.from({ length: 200 }, (_, i) => paper('2025-09-01', `a${i}`, 'text', [...(i < 40 ? ['state space models'] : []), ...(i < 4 ? ['tiny term'] : [])]));
    const d = computeDemand([...before, ...after], { matcher, window: { from: '2025-08-01', to: null }, compareTo: { from: '2025-01-01', to: '2025-06-30' }, minSupport: 5 });
    expect(d.emerging.map((e) => e.term)).toEqual(['state space models']);
    expect(d.emerging[0]).toMatchObject({ papers: 40, change: { beforePapers: 0, afterPapers: 40, trend: 'rising' } });
  });
});
