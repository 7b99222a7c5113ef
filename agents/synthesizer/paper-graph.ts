import type { ConceptGraph } from '../../db/schema.js';
import { compareStrings } from '../../src/compare.js';
import { renderFlowchart } from '../../src/mermaid/flowchart.js';
import { distinctTerms } from '../term-extractor/distinct.js';
import type { RankedTerm } from '../term-extractor/schema.js';

/** Most concepts drawn for one paper. */
export const PAPER_GRAPH_NODES = 8;
/** Most relations drawn for one paper (a complete graph of 8 would be unreadable). */
export const PAPER_GRAPH_EDGES = 12;

function containsWords(longer: string, shorter: string): boolean {
  return ` ${longer} `.includes(` ${shorter} `) && longer !== shorter;
}

/**
 * A paper's concept graph: its top distinct key terms (no fragments of a better term), joined when they occur in the same sentences (weight =
 * sentences shared) or when one term refines another ("conditional GAN" refines "GAN"). The strongest
 * relations are kept, so the graph shows structure rather than a chain of terms in rank order.
 */
export function buildConceptGraph(terms: RankedTerm[], maxNodes = PAPER_GRAPH_NODES, maxEdges = PAPER_GRAPH_EDGES): ConceptGraph {
  const top = distinctTerms(terms, maxNodes);
  const edges: ConceptGraph['edges'] = [];
  for (let i = 0; i < top.length; i++) {
    for (let j = i + 1; j < top.length; j++) {
      const a = top[i]!;
      const b = top[j]!;
      const shared = a.sentences.filter((s) => b.sentences.includes(s)).length;
      const refines = containsWords(a.key, b.key) || containsWords(b.key, a.key);
      const weight = shared + (refines ? 1 : 0);
      if (weight > 0) edges.push({ source: a.key, target: b.key, weight });
    }
  }
  edges.sort((x, y) => y.weight - x.weight || compareStrings(x.source, y.source) || compareStrings(x.target, y.target));
  return {
    nodes: top.map((t) => ({ id: t.key, label: t.term, weight: t.score })),
    edges: edges.slice(0, maxEdges),
  };
}

/** A concept graph as a Mermaid flowchart; relations seen in two or more sentences are drawn thick, labelled ones labelled. */
export function conceptGraphToMermaid(graph: ConceptGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `c${i}`]));
  return renderFlowchart({
    direction: 'LR',
    nodes: graph.nodes.map((n, i) => ({ id: `c${i}`, label: n.label, shape: i === 0 ? 'stadium' : 'round' })),
    edges: graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ from: ids.get(e.source)!, to: ids.get(e.target)!, strength: e.weight >= 2 ? 'thick' : 'normal', ...(e.label ? { label: e.label } : {}) })),
  });
}
