import type { Analysis, Paper, Provenance } from '../../db/schema.js';
import { prepareText } from '../../src/nlp/prepare.js';
import { wordTokens } from '../../src/nlp/words.js';
import { summarizePrepared } from '../summarizer/summarize.js';
import { rankTerms } from '../term-extractor/extract.js';
import { buildConceptGraph, conceptGraphToMermaid } from '../synthesizer/paper-graph.js';

/**
 * Version of the deterministic analysis. Change it whenever the output for the same paper would differ,
 * so libraries re-analyse papers instead of mixing old and new analyses.
 */
export const ANALYSER_VERSION = 'nlp-23';

/** The analyser version of a run's analyses (runs from before it was recorded used the deterministic one). */
export function runAnalyserVersion(run: { analyserVersion: string | null } | null): string {
  return run?.analyserVersion ?? ANALYSER_VERSION;
}

/** How many key terms a card keeps. */
export const KEY_TERMS = 30;

/** The per-paper result, before it is stored. */
export type PaperAnalysis = Omit<Analysis, 'createdAt' | 'provenance'> & { provenance?: Provenance | null };

/**
 * Analyses one paper with the deterministic agents: the text is prepared once, then summarised, its key
 * terms ranked and its concept graph built and drawn. Pure and deterministic.
 */
export function analysePaper(paper: Paper): PaperAnalysis {
  const text = prepareText(paper.title, paper.abstract);
  const { tldr, summary, rouge } = summarizePrepared(text);
  const ranked = rankTerms(text, KEY_TERMS);
  const conceptGraph = buildConceptGraph(ranked);
  return {
    arxivId: paper.arxivId,
    analyserVersion: ANALYSER_VERSION,
    paperVersion: paper.version,
    summary,
    tldr,
    terms: ranked.map(({ term, key, score }) => ({ term, key, score })),
    rouge,
    titleWords: wordTokens(text.title).length,
    summaryWords: wordTokens(summary).length,
    conceptGraph,
    mermaid: conceptGraphToMermaid(conceptGraph),
  };
}
