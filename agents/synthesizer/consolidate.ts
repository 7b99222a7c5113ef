import { UndirectedGraph } from 'graphology';
import { renderFlowchart } from '../../src/mermaid/flowchart.js';
import { louvain } from '../../src/nlp/graph.js';
import { stemKey } from '../../src/nlp/words.js';
import type { Synthesis, SynthesisInputPaper } from './schema.js';

/** Size bounds that keep the consolidated map readable and renderable. */
export const MAP_LIMITS = { nodes: 30, edges: 45, edgeLabelPapers: 3, demand: 15, evidence: 3 } as const;

type Merged = { label: string; labels: Map<string, number>; papers: Set<number>; weight: number };

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

const byNumber = (a: number, b: number) => a - b;

function labelList(papers: Set<number>, max: number, refOf: (i: number) => string): string {
  const refs = [...papers].sort(byNumber).map(refOf);
  return refs.length > max ? `${refs.slice(0, max).join(', ')} +${refs.length - max}` : refs.join(', ');
}

/**
 * Merges the papers' concept graphs into one map: concepts merged by normal form, the most shared kept,
 * themes found by Louvain community detection, each relation labelled by the papers that make it.
 * Also ranks key terms by the number of papers naming them (the first cut of the demand report).
 */
export function consolidate(papers: SynthesisInputPaper[]): Synthesis {
  const refOf = (i: number) => papers[i]!.ref;
  const nodes = new Map<string, Merged>();
  const edges = new Map<string, { source: string; target: string; papers: Set<number>; weight: number }>();
  papers.forEach((paper, p) => {
    for (const n of paper.conceptGraph.nodes) {
      const m = nodes.get(n.id) ?? { label: n.label, labels: new Map(), papers: new Set(), weight: 0 };
      m.labels.set(n.label, (m.labels.get(n.label) ?? 0) + 1);
      m.papers.add(p);
      m.weight += 1;
      nodes.set(n.id, m);
    }
    for (const e of paper.conceptGraph.edges) {
      const [source, target] = [e.source, e.target].sort() as [string, string];
      const key = `${source}\u0000${target}`;
      const m = edges.get(key) ?? { source, target, papers: new Set(), weight: 0 };
      m.papers.add(p);
      m.weight += e.weight;
      edges.set(key, m);
    }
  });
  for (const m of nodes.values()) {
    m.label = [...m.labels.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  }

  const rankedNodes = [...nodes.entries()]
    .sort(([ka, a], [kb, b]) => b.papers.size - a.papers.size || b.weight - a.weight || ka.localeCompare(kb))
    .slice(0, MAP_LIMITS.nodes);
  const kept = new Set(rankedNodes.map(([k]) => k));
  const keptEdges = [...edges.values()]
    .filter((e) => kept.has(e.source) && kept.has(e.target))
    .sort((a, b) => b.papers.size - a.papers.size || b.weight - a.weight || a.source.localeCompare(b.source) || a.target.localeCompare(b.target))
    .slice(0, MAP_LIMITS.edges);

  // Themes: Louvain communities of the kept concepts, weighted by how many papers relate them.
  // Graph nodes are the map's own ids (n0, n1, ...): term keys like "constructor" break graphology.
  const mapIds = new Map(rankedNodes.map(([k], i) => [k, `n${i}`]));
  const graph = new UndirectedGraph();
  for (const [id] of rankedNodes) graph.addNode(mapIds.get(id)!);
  for (const e of keptEdges) graph.addEdge(mapIds.get(e.source)!, mapIds.get(e.target)!, { weight: e.papers.size });
  const degree = (id: string) => graph.degree(mapIds.get(id)!);
  const community = graph.size > 0 ? louvain(graph, { getEdgeWeight: 'weight', rng: seeded(42) }) : {};
  const groups = new Map<number, string[]>();
  for (const [id] of rankedNodes) {
    if (degree(id) === 0) continue;
    const c = community[mapIds.get(id)!]!;
    groups.set(c, [...(groups.get(c) ?? []), id]);
  }
  const themes = [...groups.values()]
    .filter((members) => members.length >= 2)
    .sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!))
    .map((members, i) => {
      const sorted = [...members].sort((a, b) => degree(b) - degree(a) || nodes.get(b)!.papers.size - nodes.get(a)!.papers.size || a.localeCompare(b));
      const themePapers = new Set(members.flatMap((m) => [...nodes.get(m)!.papers]));
      return {
        id: `T${i + 1}`,
        name: sorted.slice(0, 2).map((m) => nodes.get(m)!.label).join(' · '),
        nodes: members,
        papers: [...themePapers].sort(byNumber).map(refOf),
      };
    });
  const themeOf = new Map(themes.flatMap((t) => t.nodes.map((n) => [n, t.id] as const)));

  const mermaid = renderFlowchart({
    direction: 'LR',
    nodes: rankedNodes.map(([k, m]) => ({ id: mapIds.get(k)!, label: m.label, shape: 'round' })),
    subgraphs: themes.map((t, i) => ({ id: `t${i}`, title: `${t.id}: ${t.name}`, nodes: t.nodes.map((n) => mapIds.get(n)!) })),
    edges: keptEdges.map((e) => ({
      from: mapIds.get(e.source)!,
      to: mapIds.get(e.target)!,
      label: labelList(e.papers, MAP_LIMITS.edgeLabelPapers, refOf),
      strength: e.papers.size >= 2 ? 'thick' : 'normal',
    })),
  });

  return {
    papers: papers.map((p) => ({ ref: p.ref, arxivId: p.arxivId, title: p.title })),
    themes,
    nodes: rankedNodes.map(([id, m]) => ({
      id,
      label: m.label,
      theme: themeOf.get(id) ?? null,
      papers: [...m.papers].sort(byNumber).map(refOf),
      weight: m.weight,
    })),
    edges: keptEdges.map((e) => ({ source: e.source, target: e.target, papers: [...e.papers].sort(byNumber).map(refOf), weight: e.weight })),
    demand: rankDemand(papers),
    mermaid,
  };
}

/** Key terms ranked by the number of papers naming them (ties: better average rank), with evidence. */
function rankDemand(papers: SynthesisInputPaper[]): Synthesis['demand'] {
  const terms = new Map<string, { labels: Map<string, number>; hits: { paper: number; rank: number }[] }>();
  papers.forEach((paper, p) => {
    const seen = new Set<string>();
    paper.terms.forEach((t, rank) => {
      const key = stemKey(t.term);
      if (!key || seen.has(key)) return;
      seen.add(key);
      const entry = terms.get(key) ?? { labels: new Map<string, number>(), hits: [] as { paper: number; rank: number }[] };
      entry.labels.set(t.term, (entry.labels.get(t.term) ?? 0) + 1);
      entry.hits.push({ paper: p, rank });
      terms.set(key, entry);
    });
  });
  const avgRank = (h: { rank: number }[]) => h.reduce((s, x) => s + x.rank, 0) / h.length;
  return [...terms.entries()]
    .sort(([ka, a], [kb, b]) => b.hits.length - a.hits.length || avgRank(a.hits) - avgRank(b.hits) || ka.localeCompare(kb))
    .slice(0, MAP_LIMITS.demand)
    .map(([, e]) => ({
      term: [...e.labels.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0],
      papers: e.hits.length,
      share: papers.length ? e.hits.length / papers.length : 0,
      evidence: [...e.hits].sort((a, b) => a.rank - b.rank || a.paper - b.paper).slice(0, MAP_LIMITS.evidence).map((h) => papers[h.paper]!.arxivId),
    }));
}
