import { UndirectedGraph } from 'graphology';
import { compareStrings, mostFrequent } from '../../src/compare.js';
import { renderFlowchart } from '../../src/mermaid/flowchart.js';
import { louvain } from '../../src/nlp/graph.js';
import { distinctTerms } from '../term-extractor/distinct.js';
import type { Synthesis, SynthesisInputPaper } from './schema.js';

/** Size bounds that keep the consolidated map readable and renderable. */
export const MAP_LIMITS = { nodes: 30, edges: 45, edgeLabelPapers: 3, demand: 15, evidence: 3 } as const;

/** The analysed papers of a run, readable more than once (an array, or a function that reads them again). */
export type SynthesisSource = readonly SynthesisInputPaper[] | (() => Iterable<SynthesisInputPaper>);

const read = (source: SynthesisSource): Iterable<SynthesisInputPaper> => (typeof source === 'function' ? source() : source);

/** Label counts of a kept node or term. */
type Labels = Map<string, number>;
type MergedNode = { labels: Labels; papers: number[] };
type MergedEdge = { source: string; target: string; papers: number[]; weight: number };
/** A top term's label counts and best evidence as (rank, paper) packed in one number, best first. */
type DemandTerm = { labels: Labels; evidence: number[] };

const addLabel = (labels: Labels, label: string) => labels.set(label, (labels.get(label) ?? 0) + 1);

/** A deterministic random source (mulberry32), so Louvain gives the same themes for the same library. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rank and paper index in one number (ranks are far below 1,000), ordering by rank, then paper. */
const pack = (rank: number, paper: number) => rank * 1e9 + paper;

/**
 * Merges the papers' concept graphs into one map: concepts merged by normal form, the most shared kept,
 * themes found by Louvain community detection, each relation labelled by the papers that make it.
 * Also ranks key terms by the number of papers naming them (the first cut of the demand report).
 *
 * Two passes over the papers, none kept in memory: the first only counts (papers per concept, papers
 * and rank sum per term), the second gathers labels, papers and relations of what the first selected.
 * A 40,717-paper run names ~460,000 distinct terms and ~400,000 relations; counting them all in full
 * took 270 MB, counting only what is kept takes a fraction of that.
 */
export function consolidate(source: SynthesisSource): Synthesis {
  // Pass 1: counts.
  const nodeCounts = new Map<string, number>();
  const termCounts = new Map<string, { papers: number; rankSum: number }>();
  for (const paper of read(source)) {
    for (const n of paper.conceptGraph.nodes) nodeCounts.set(n.id, (nodeCounts.get(n.id) ?? 0) + 1);
    distinctKeyTerms(paper).forEach(({ key }, rank) => {
      const t = termCounts.get(key);
      if (t) {
        t.papers++;
        t.rankSum += rank;
      } else termCounts.set(key, { papers: 1, rankSum: rank });
    });
  }
  const keptIds = [...nodeCounts.entries()]
    .sort(([ka, a], [kb, b]) => b - a || compareStrings(ka, kb))
    .slice(0, MAP_LIMITS.nodes)
    .map(([k]) => k);
  const topTerms = [...termCounts.entries()]
    .sort(([ka, a], [kb, b]) => b.papers - a.papers || a.rankSum / a.papers - b.rankSum / b.papers || compareStrings(ka, kb))
    .slice(0, MAP_LIMITS.demand);
  nodeCounts.clear();
  termCounts.clear();

  // Pass 2: what the kept concepts, their relations and the top terms need.
  const papers: Synthesis['papers'] = [];
  const nodes = new Map<string, MergedNode>(keptIds.map((id) => [id, { labels: new Map(), papers: [] }]));
  const edges = new Map<string, MergedEdge>();
  const demand = new Map<string, DemandTerm>(topTerms.map(([key]) => [key, { labels: new Map(), evidence: [] }]));
  for (const paper of read(source)) {
    const p = papers.length;
    papers.push({ ref: paper.ref, arxivId: paper.arxivId, title: paper.title });
    for (const n of paper.conceptGraph.nodes) {
      const m = nodes.get(n.id);
      if (!m) continue;
      addLabel(m.labels, n.label);
      if (m.papers.at(-1) !== p) m.papers.push(p);
    }
    for (const e of paper.conceptGraph.edges) {
      if (!nodes.has(e.source) || !nodes.has(e.target)) continue;
      const [a, b] = e.source < e.target ? [e.source, e.target] : [e.target, e.source];
      const key = `${a}\u0000${b}`;
      let m = edges.get(key);
      if (!m) edges.set(key, (m = { source: a, target: b, papers: [], weight: 0 }));
      if (m.papers.at(-1) !== p) m.papers.push(p);
      m.weight += e.weight;
    }
    distinctKeyTerms(paper).forEach((t, rank) => {
      const d = demand.get(t.key);
      if (!d) return;
      addLabel(d.labels, t.term);
      // Evidence: the papers where the term ranks highest, earliest first among equals.
      if (d.evidence.length < MAP_LIMITS.evidence || pack(rank, p) < d.evidence.at(-1)!) {
        d.evidence.push(pack(rank, p));
        d.evidence.sort((x, y) => x - y);
        if (d.evidence.length > MAP_LIMITS.evidence) d.evidence.pop();
      }
    });
  }

  const refOf = (i: number) => papers[i]!.ref;
  const labelOf = (id: string) => mostFrequent(nodes.get(id)!.labels)!;
  const keptEdges = [...edges.values()]
    .sort((a, b) => b.papers.length - a.papers.length || b.weight - a.weight || compareStrings(a.source, b.source) || compareStrings(a.target, b.target))
    .slice(0, MAP_LIMITS.edges);

  // Themes: Louvain communities of the kept concepts, weighted by how many papers relate them. Graph
  // nodes are the map's own ids (n0, n1, ...): term keys like "constructor" break graphology.
  const mapIds = new Map(keptIds.map((k, i) => [k, `n${i}`]));
  const graph = new UndirectedGraph();
  for (const id of keptIds) graph.addNode(mapIds.get(id)!);
  for (const e of keptEdges) graph.addEdge(mapIds.get(e.source)!, mapIds.get(e.target)!, { weight: e.papers.length });
  const degree = (id: string) => graph.degree(mapIds.get(id)!);
  const community = graph.size > 0 ? louvain(graph, { getEdgeWeight: 'weight', rng: seeded(42) }) : {};
  const groups = new Map<number, string[]>();
  for (const id of keptIds) {
    if (degree(id) === 0) continue;
    const c = community[mapIds.get(id)!]!;
    groups.set(c, [...(groups.get(c) ?? []), id]);
  }
  const themes = [...groups.values()]
    .filter((members) => members.length >= 2)
    .sort((a, b) => b.length - a.length || compareStrings(a[0]!, b[0]!))
    .map((members, i) => {
      const sorted = [...members].sort((a, b) => degree(b) - degree(a) || nodes.get(b)!.papers.length - nodes.get(a)!.papers.length || compareStrings(a, b));
      const themePapers = new Set(members.flatMap((m) => nodes.get(m)!.papers));
      return {
        id: `T${i + 1}`,
        name: sorted.slice(0, 2).map(labelOf).join(' · '),
        nodes: members,
        papers: [...themePapers].sort((a, b) => a - b).map(refOf),
      };
    });
  const themeOf = new Map(themes.flatMap((t) => t.nodes.map((n) => [n, t.id] as const)));

  const synthesis: Omit<Synthesis, 'mermaid' | 'narrative'> = {
    papers,
    themes,
    nodes: keptIds.map((id) => {
      const m = nodes.get(id)!;
      return { id, label: labelOf(id), theme: themeOf.get(id) ?? null, papers: m.papers.map(refOf), weight: m.papers.length };
    }),
    edges: keptEdges.map((e) => ({ source: e.source, target: e.target, papers: e.papers.map(refOf), weight: e.weight })),
    demand: topTerms.map(([key, t]) => {
      const d = demand.get(key)!;
      return {
        term: mostFrequent(d.labels)!,
        papers: t.papers,
        share: papers.length ? t.papers / papers.length : 0,
        evidence: d.evidence.map((e) => papers[e % 1e9]!.arxivId),
      };
    }),
  };
  return { ...synthesis, mermaid: synthesisMermaid(synthesis), narrative: null };
}

/**
 * The concept map as a Mermaid flowchart: one subgraph per theme ("T1: name"), relations labelled by
 * the papers that make them, thick when two or more do. Drawn again when themes are renamed.
 */
export function synthesisMermaid(synthesis: Pick<Synthesis, 'themes' | 'nodes' | 'edges'>): string {
  const mapIds = new Map(synthesis.nodes.map((n, i) => [n.id, `n${i}`]));
  return renderFlowchart({
    direction: 'LR',
    nodes: synthesis.nodes.map((n) => ({ id: mapIds.get(n.id)!, label: n.label, shape: 'round' })),
    subgraphs: synthesis.themes.map((t, i) => ({ id: `t${i}`, title: `${t.id}: ${t.name}`, nodes: t.nodes.map((n) => mapIds.get(n)!) })),
    edges: synthesis.edges
      .filter((e) => mapIds.has(e.source) && mapIds.has(e.target))
      .map((e) => ({ from: mapIds.get(e.source)!, to: mapIds.get(e.target)!, label: refLabel(e.papers), strength: e.papers.length >= 2 ? 'thick' : 'normal' })),
  });
}

/** A paper's distinct key terms (no fragments of better ones), best first, each normal form once. */
function distinctKeyTerms(paper: SynthesisInputPaper): { key: string; term: string }[] {
  const seen = new Set<string>();
  return distinctTerms(paper.terms, paper.terms.length).filter((t) => !seen.has(t.key) && seen.add(t.key));
}

/** "P1, P3, P4 +2": the first papers of a relation, then how many more. */
function refLabel(refs: string[]): string {
  const max = MAP_LIMITS.edgeLabelPapers;
  return refs.length > max ? `${refs.slice(0, max).join(', ')} +${refs.length - max}` : refs.join(', ');
}
