import { z } from 'zod';
import { TERMS_PROMPT } from '../../prompts/terms.js';
import type { ConceptGraph, KeyTerm, Paper } from '../../db/schema.js';
import { callStructured, type CallContext, type Check, type Failure, type ModelHandle, type Success } from '../../src/llm/structured.js';
import { parseText } from '../../src/nlp/document.js';
import { GENERIC_HEADS } from '../../src/nlp/stopwords.js';
import { MAX_ABSTRACT_CHARS, oneLine } from '../summarizer/llm.js';
import { PAPER_GRAPH_EDGES, PAPER_GRAPH_NODES } from '../synthesizer/paper-graph.js';
import { displayWord, unitKey } from './candidates.js';

/** What the model returns: terms and relations as JSON (it never writes Mermaid). */
export const LlmConceptsSchema = z.object({
  terms: z.array(z.string()).describe('key terms, most important first'),
  relations: z.array(z.object({
    source: z.string().describe('a term of the list'),
    target: z.string().describe('another term of the list'),
    label: z.string().describe('a short verb phrase'),
  })).describe('relations between terms'),
});
export type LlmConcepts = z.infer<typeof LlmConceptsSchema>;

export const MIN_TERMS = 5;
export const MAX_TERMS = 15;
const MAX_TERM_WORDS = 6;
const MAX_LABEL_WORDS = 5;

/** The key terms and concept graph the LLM term extractor produces. */
export type LlmKeyConcepts = { terms: KeyTerm[]; conceptGraph: ConceptGraph };

/**
 * A term as a key term, or null when it is not one: longer than six words, no letter, or nothing but
 * function words and generic words ("we", "is", "that", "the method"). Quotes and trailing punctuation go.
 */
export function cleanTerm(raw: string): { term: string; key: string } | null {
  const text = oneLine(raw).replace(/^["'“”‘’`*\s-]+|["'“”‘’`*.,;:!?\s-]+$/g, '');
  const words = text.split(' ').filter(Boolean);
  if (words.length === 0 || words.length > MAX_TERM_WORDS || text.length > 80 || !/\p{L}/u.test(text)) return null;
  const tokens = parseText(text, 0, true).tokens;
  const content = tokens.filter((t) => !t.stop && t.pos !== 'PUNCT' && t.pos !== 'SYM' && !GENERIC_HEADS.has(t.lower));
  if (content.length === 0 || content.every((t) => t.pos === 'VERB' || t.pos === 'AUX' || t.pos === 'PRON' || t.pos === 'ADP')) return null;
  return { term: words.map(displayWord).join(' '), key: unitKey(words) };
}

/** Keeps the usable terms (deduplicated by normal form) and the relations between kept terms. */
export function checkConcepts(value: LlmConcepts): ReturnType<Check<LlmConcepts>> {
  const seen = new Map<string, string>();
  const rejected: string[] = [];
  for (const raw of value.terms) {
    const clean = cleanTerm(raw);
    if (!clean) rejected.push(raw);
    else if (!seen.has(clean.key) && seen.size < MAX_TERMS) seen.set(clean.key, clean.term);
  }
  if (seen.size < 3) {
    return { ok: false, problem: `"terms" must hold at least ${MIN_TERMS} noun phrases of the paper (not usable: ${rejected.slice(0, 5).map((r) => JSON.stringify(r.slice(0, 40))).join(', ') || 'none given'})` };
  }
  const relations: LlmConcepts['relations'] = [];
  for (const r of value.relations) {
    const s = cleanTerm(r.source);
    const t = cleanTerm(r.target);
    const label = oneLine(r.label).split(' ').slice(0, MAX_LABEL_WORDS).join(' ').slice(0, 40);
    if (!s || !t || s.key === t.key || !seen.has(s.key) || !seen.has(t.key)) continue;
    relations.push({ source: s.key, target: t.key, label });
  }
  return { ok: true, value: { terms: [...seen.values()], relations } };
}

/** Turns the checked reply into key terms (scored by rank) and a concept graph with labelled relations. */
export function toKeyConcepts(value: LlmConcepts): LlmKeyConcepts {
  const terms: KeyTerm[] = value.terms.map((term, i) => ({ term, key: unitKey(term.split(' ')), score: value.terms.length - i }));
  const nodes = terms.slice(0, PAPER_GRAPH_NODES).map((t) => ({ id: t.key, label: t.term, weight: t.score }));
  const ids = new Set(nodes.map((n) => n.id));
  const edges: ConceptGraph['edges'] = [];
  const seen = new Set<string>();
  for (const r of value.relations) {
    const pair = [r.source, r.target].sort().join('\u0000');
    if (!ids.has(r.source) || !ids.has(r.target) || seen.has(pair)) continue;
    seen.add(pair);
    edges.push({ source: r.source, target: r.target, weight: 1, ...(r.label ? { label: r.label } : {}) });
  }
  return { terms, conceptGraph: { nodes, edges: edges.slice(0, PAPER_GRAPH_EDGES) } };
}

/** The LLM term extractor: key terms and their relations, or a Failure for the deterministic one to take over. */
export async function llmKeyConcepts(handle: ModelHandle, paper: Pick<Paper, 'title' | 'abstract'>, context: Omit<CallContext, 'agent'>): Promise<Success<LlmKeyConcepts> | Failure> {
  const result = await callStructured(
    handle,
    TERMS_PROMPT,
    { title: { data: paper.title, maxChars: 500 }, abstract: { data: paper.abstract, maxChars: MAX_ABSTRACT_CHARS }, minTerms: MIN_TERMS, maxTerms: MAX_TERMS, maxRelations: PAPER_GRAPH_EDGES },
    LlmConceptsSchema,
    checkConcepts,
    { ...context, agent: 'terms' },
  );
  return result.ok ? { ...result, value: toKeyConcepts(result.value) } : result;
}
