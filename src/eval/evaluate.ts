import { analysePaper } from '../../agents/analyst/analyse-paper.js';
import type { Paper } from '../../db/schema.js';
import { abstractSentences, candidatePhrases, firstPhrases, firstSentence, tfidfRanker } from './baselines.js';
import type { KeyphraseDoc, TldrDoc } from './datasets.js';
import { bestRouge, keyphrasePrf, mean, normalisePhrase } from './metrics.js';
import { kpMinerRanker } from './kpminer.js';
import { yakeKeyphrases } from './yake.js';

/** A text to analyse as the pipeline would analyse a paper with this title and abstract. */
export function asPaper(id: string, title: string, text: string): Paper {
  return {
    arxivId: id, version: 1, title, abstract: text, authors: [], published: null, updated: null, primaryCategory: null,
    categories: [], absUrl: '', pdfUrl: null, doi: null, comment: null, journalRef: null,
  };
}

/**
 * What `paperloom analyze` writes for one input: the pipeline's own analysis (analysePaper, the same
 * function the research graph runs), reduced to key phrases, TLDR and summary.
 */
export function analyseForOutput(id: string, title: string, text: string): { id: string; keyphrases: string[]; tldr: string; summary: string } {
  const a = analysePaper(asPaper(id, title, text));
  return { id, keyphrases: a.terms.map((t) => t.term), tldr: a.tldr, summary: a.summary };
}

export type KeyphraseScores = { method: string; f1at5: number; f1at10: number; p10: number; r10: number };
export type TldrScores = { method: string; rouge1: number; rouge2: number; rougeL: number };

function scorePredictions(method: string, predictions: string[][], docs: KeyphraseDoc[]): KeyphraseScores {
  const at5 = predictions.map((p, i) => keyphrasePrf(p, docs[i]!.keyphrases, 5));
  const at10 = predictions.map((p, i) => keyphrasePrf(p, docs[i]!.keyphrases, 10));
  return {
    method,
    f1at5: 100 * mean(at5.map((x) => x.f)),
    f1at10: 100 * mean(at10.map((x) => x.f)),
    p10: 100 * mean(at10.map((x) => x.p)),
    r10: 100 * mean(at10.map((x) => x.r)),
  };
}

/**
 * The best any ranking of the candidate phrases could do: the gold phrases that are candidates first,
 * then other candidates. A ceiling for extraction under this protocol (most absent gold cannot be hit).
 */
function candidateOracle(doc: KeyphraseDoc): string[] {
  const gold = new Set(doc.keyphrases.map(normalisePhrase));
  const candidates = candidatePhrases(doc.title, doc.text).map((c) => c.surface);
  const hits = candidates.filter((c) => gold.has(normalisePhrase(c)));
  return [...hits, ...candidates.filter((c) => !gold.has(normalisePhrase(c)))];
}

/** Key-phrase scores of paperloom and of the baselines on one set, from the same run. */
export function evaluateKeyphrases(docs: KeyphraseDoc[]): KeyphraseScores[] {
  const ours = docs.map((d) => analyseForOutput(d.id, d.title, d.text).keyphrases);
  const tfidf = tfidfRanker(docs);
  const kpMiner = kpMinerRanker(docs);
  return [
    scorePredictions('paperloom', ours, docs),
    scorePredictions('TF-IDF (noun phrases; DF from this set)', docs.map((_, i) => tfidf(i, 10)), docs),
    scorePredictions('first noun phrases', docs.map((d) => firstPhrases(d.title, d.text, 10)), docs),
    scorePredictions('YAKE (reimplemented, wink stop words)', docs.map((d) => yakeKeyphrases(d.title, d.text, 10).map((r) => r.phrase)), docs),
    scorePredictions('KP-Miner (as pke; DF from this set)', docs.map((_, i) => kpMiner(i, 10)), docs),
    scorePredictions('oracle: gold candidates first (ceiling)', docs.map(candidateOracle), docs),
  ];
}

/** TLDR scores of paperloom, of the first-sentence baseline and of the best-sentence oracle (a ceiling). */
export function evaluateTldr(docs: TldrDoc[]): TldrScores[] {
  const score = (method: string, candidates: string[]): TldrScores => {
    const r = candidates.map((c, i) => bestRouge(c, docs[i]!.targets));
    return { method, rouge1: 100 * mean(r.map((x) => x.rouge1)), rouge2: 100 * mean(r.map((x) => x.rouge2)), rougeL: 100 * mean(r.map((x) => x.rougeL)) };
  };
  const oracle = docs.map((d) => {
    const sentences = abstractSentences(d.title, d.abstract);
    return sentences.reduce((best, s) => (bestRouge(s, d.targets).rouge1 > bestRouge(best, d.targets).rouge1 ? s : best), sentences[0] ?? d.abstract);
  });
  return [
    score('paperloom', docs.map((d) => analyseForOutput(d.id, d.title, d.abstract).tldr)),
    score('first sentence', docs.map((d) => firstSentence(d.title, d.abstract))),
    score('oracle: best single sentence (ceiling)', oracle),
  ];
}
