import { UndirectedGraph } from 'graphology';
import { pagerank } from '../../src/nlp/graph.js';
import { prepareText, type PreparedText } from '../../src/nlp/prepare.js';
import { rouge } from '../../src/nlp/rouge.js';
import { GENERIC_HEADS } from '../../src/nlp/stopwords.js';
import { stem } from '../../src/nlp/words.js';
import { SummarizerInputSchema, type SummarizerInput, type SummarizerOutput } from './schema.js';

/** Phrases with which authors state their contribution; a sentence holding one is a TLDR candidate. */
const CONTRIBUTION_CUES = /\b(we (?:propose|present|introduce|develop|design|show|demonstrate|describe|study|investigate|analy[sz]e|provide|derive|prove|find|establish|explore|address|formulate|release|report|extend|apply|build|construct|offer|devise|tackle)|this (?:paper|work|article|study|letter|note|thesis|survey|tutorial) (?:propose|present|introduce|develop|describe|stud|investigate|explore|address|show|provide|report|review|discuss|analy)|(?:here|in this (?:paper|work|article|study)),? we)/i;
/** Openers of background sentences, which rarely say what this paper does. */
const BACKGROUND_CUES = /^(?:recent(?:ly)?|in recent years|over the (?:past|last)|despite|although|however|while|traditionally|existing|current|many|most|with the)\b/i;

type Scored = { index: number; text: string; centrality: number; score: number };

/** Content words (stems) of a sentence: nouns, adjectives, verbs and proper nouns, no stop words. */
function contentStems(text: PreparedText, sentence: number): Set<string> {
  const stems = new Set<string>();
  for (const t of text.tokens) {
    if (t.sentence !== sentence || t.stop) continue;
    if (t.pos !== 'NOUN' && t.pos !== 'PROPN' && t.pos !== 'ADJ' && t.pos !== 'VERB') continue;
    if (GENERIC_HEADS.has(t.lower) || !/\p{L}/u.test(t.lower)) continue;
    stems.add(stem(t.lower));
  }
  return stems;
}

/**
 * TextRank over the abstract's sentences (Mihalcea & Tarau 2004): sentences are nodes, edges weigh the
 * content words two sentences share, normalised by their lengths; the title joins as an extra node so
 * sentences about the paper's subject gain centrality.
 */
function scoreSentences(text: PreparedText): Scored[] {
  const first = text.titleSentences;
  const count = text.sentences.length;
  const bags = text.sentences.map((_, i) => contentStems(text, i));
  const graph = new UndirectedGraph();
  for (let i = 0; i < count; i++) graph.addNode(String(i));
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      const a = bags[i]!;
      const b = bags[j]!;
      if (a.size < 2 || b.size < 2) continue;
      let shared = 0;
      for (const w of a) if (b.has(w)) shared++;
      if (shared) graph.addEdge(String(i), String(j), { weight: shared / (Math.log(a.size) + Math.log(b.size)) });
    }
  }
  const ranks = graph.size ? pagerank(graph, { getEdgeWeight: 'weight' }) : {};
  const scored: Scored[] = [];
  for (let i = first; i < count; i++) {
    const sentence = text.sentences[i]!;
    const centrality = ranks[String(i)] ?? 1 / count;
    let score = centrality;
    if (CONTRIBUTION_CUES.test(sentence)) score *= 2;
    if (BACKGROUND_CUES.test(sentence)) score *= 0.6;
    if (bags[i]!.size < 3) score *= 0.3;
    scored.push({ index: i, text: sentence, centrality, score });
  }
  return scored;
}

/** Number of sentences in a summary of an abstract with `n` sentences. */
function summaryLength(n: number): number {
  return Math.max(1, Math.min(3, Math.round(n / 3)));
}

/** Summarizes a prepared text: TLDR = best sentence, summary = top sentences in abstract order. */
export function summarizePrepared(text: PreparedText): SummarizerOutput {
  const scored = scoreSentences(text);
  if (scored.length === 0) {
    const fallback = text.abstract || text.title;
    return { tldr: fallback, summary: fallback, rouge: rouge(fallback, text.abstract) };
  }
  const best = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen = best.slice(0, summaryLength(scored.length)).sort((a, b) => a.index - b.index);
  const summary = chosen.map((s) => s.text).join(' ');
  return { tldr: best[0]!.text, summary, rouge: rouge(summary, text.abstract) };
}

/** The summarizer agent: an extractive TLDR and summary of an abstract, with ROUGE against it. */
export function summarize(input: SummarizerInput): SummarizerOutput {
  const parsed = SummarizerInputSchema.parse(input);
  return summarizePrepared(prepareText(parsed.title, parsed.abstract));
}
