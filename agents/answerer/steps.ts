import type { Library } from '../../db/index.js';
import type { SkillMatcher } from '../../src/skills/match.js';
import { extractiveAnswer, renderAnswer } from './answer.js';
import { questionTerms, type QuestionTerms } from './query.js';
import { retrieve } from './retrieve.js';
import type { AnswerSentence, AskResult, RetrievedPaper } from './schema.js';
import { verifyCitations } from './verify.js';

/** What the ask steps need from the outside world. */
export type AskDeps = {
  library: Library;
  skills: SkillMatcher;
  /**
   * Runs a small live fetch and analysis for a query (the research pipeline, through the same fetcher
   * and pacing); returns how many papers it brought. Absent: --fetch is not available.
   */
  fetchPapers?: (query: string) => Promise<number>;
};

/** How to answer. */
export type AskOptions = { k: number; since: string | null; category: string | null; fetch: boolean };

/** Reads the question into search terms. */
export function makeUnderstandStep(deps: AskDeps) {
  return async (state: { question: string }): Promise<{ terms: QuestionTerms }> => ({ terms: questionTerms(state.question, deps.skills) });
}

/** --fetch: a small live fetch for the question's content words, analysed into the library first. */
export function makeFetchStep(deps: AskDeps) {
  return async (state: { terms: QuestionTerms }): Promise<{ fetched: number }> => {
    if (!deps.fetchPapers || state.terms.words.length === 0) return { fetched: 0 };
    return { fetched: await deps.fetchPapers(state.terms.words.slice(0, 4).join(' ')) };
  };
}

/** BM25 retrieval with a coverage check. */
export function makeRetrieveStep(deps: AskDeps) {
  return async (state: { terms: QuestionTerms; options: AskOptions }): Promise<{ retrieved: RetrievedPaper[] }> => ({
    retrieved: retrieve(deps.library, state.terms, state.options),
  });
}

/** The extractive answer (the LLM answerer of a later issue takes this step's place). */
export function makeAnswerStep() {
  return async (state: { terms: QuestionTerms; retrieved: RetrievedPaper[] }): Promise<{ sentences: AnswerSentence[]; mode: AskResult['mode'] }> => ({
    sentences: extractiveAnswer(state.terms, state.retrieved),
    mode: 'extractive',
  });
}

/** Removes every statement whose citation is not a retrieved paper, then writes the answer. */
export function makeVerifyStep() {
  return async (state: { sentences: AnswerSentence[]; retrieved: RetrievedPaper[] }): Promise<{ sentences: AnswerSentence[]; removed: number; answer: string }> => {
    const { kept, removed } = verifyCitations(state.sentences, state.retrieved.map((p) => p.arxivId));
    return { sentences: kept, removed: removed.length, answer: renderAnswer(kept, state.retrieved) };
  };
}
