import { UndirectedGraph } from 'graphology';
import { pagerank } from '../../src/nlp/graph.js';
import type { PreparedText } from '../../src/nlp/prepare.js';
import { prepareText } from '../../src/nlp/prepare.js';
import { acronymDefinitions, candidateOccurrences, toUnits, type Occurrence } from './candidates.js';
import { TermExtractorInputSchema, type RankedTerm, type TermExtractorInput, type TermExtractorOutput } from './schema.js';

/** Co-occurrence window, in candidate words, for the word graph. */
const WINDOW = 4;

/**
 * Word importance by PageRank over a graph of candidate words that occur near each other. Graph nodes
 * are numbered, not keyed by the words: graphology keeps adjacency in plain objects, where a word like
 * "constructor" collides with Object.prototype and breaks edge look-ups (seen on the 2025 corpus).
 */
function wordScores(occurrences: Occurrence[]): Map<string, number> {
  const graph = new UndirectedGraph();
  const index = new Map<string, string>();
  const sequence: string[] = [];
  for (const o of occurrences) {
    for (const w of o.key.split(' ')) {
      let node = index.get(w);
      if (!node) {
        node = `w${index.size}`;
        index.set(w, node);
        graph.addNode(node);
      }
      sequence.push(node);
    }
  }
  for (let i = 0; i < sequence.length; i++) {
    for (let j = i + 1; j < Math.min(sequence.length, i + WINDOW); j++) {
      const a = sequence[i]!;
      const b = sequence[j]!;
      if (a === b) continue;
      const edge = graph.edge(a, b);
      if (edge) graph.updateEdgeAttribute(edge, 'weight', (w: number) => w + 1);
      else graph.addEdge(a, b, { weight: 1 });
    }
  }
  const ranks = graph.size > 0 ? pagerank(graph, { getEdgeWeight: 'weight', alpha: 0.85, maxIterations: 100, tolerance: 1e-6 }) : {};
  return new Map([...index].map(([word, node]) => [word, ranks[node] ?? 1]));
}

/**
 * Ranks the candidate phrases of a prepared text: the PageRank of their words, boosted for phrases that
 * recur, appear early or in the title. Acronyms count as their expansion.
 */
export function rankTerms(text: PreparedText, limit = 20): RankedTerm[] {
  const units = toUnits(text.tokens);
  const occurrences = candidateOccurrences(units);
  const acronyms = acronymDefinitions(units, occurrences);
  for (const o of occurrences) {
    const expansion = acronyms.get(o.key);
    if (expansion) Object.assign(o, { key: expansion, viaAcronym: true });
  }
  const words = wordScores(occurrences);

  const phrases = new Map<string, { surfaces: Map<string, number>; sentences: Set<number>; count: number; first: number; inTitle: boolean }>();
  for (const o of occurrences) {
    let p = phrases.get(o.key);
    if (!p) {
      p = { surfaces: new Map(), sentences: new Set(), count: 0, first: o.position, inTitle: false };
      phrases.set(o.key, p);
    }
    if (!o.viaAcronym) p.surfaces.set(o.surface, (p.surfaces.get(o.surface) ?? 0) + 1);
    p.sentences.add(o.sentence);
    p.count++;
    if (o.sentence < text.titleSentences) p.inTitle = true;
  }

  const total = Math.max(1, units.length);
  const ranked: RankedTerm[] = [];
  for (const [key, p] of phrases) {
    const wordSum = key.split(' ').reduce((s, w) => s + (words.get(w) ?? 0), 0);
    const position = 1 + 1 / (1 + (10 * p.first) / total);
    const score = wordSum * (1 + Math.log(p.count)) * position * (p.inTitle ? 1.5 : 1);
    const surface = [...p.surfaces.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    if (!surface) continue;
    ranked.push({ key, term: surface, score, sentences: [...p.sentences].sort((a, b) => a - b) });
  }
  ranked.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  return ranked.slice(0, limit).map((t) => ({ ...t, score: Math.round(t.score * 1e4) / 1e4 }));
}

/** The term extractor agent: ranked key phrases of a paper. Deterministic: same input, same output. */
export function extractKeyTerms(input: TermExtractorInput, limit = 20): TermExtractorOutput {
  const parsed = TermExtractorInputSchema.parse(input);
  return { terms: rankTerms(prepareText(parsed.title, parsed.abstract), limit).map(({ term, score }) => ({ term, score })) };
}
