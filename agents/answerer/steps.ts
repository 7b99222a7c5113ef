import type { Library } from '../../db/index.js';
import type { SkillMatcher } from '../../src/skills/match.js';
import { extractiveAnswer, renderAnswer } from './answer.js';
import { questionTerms, type QuestionTerms } from './query.js';
import { retrieve } from './retrieve.js';
import type { AnswerSentence, AskResult, RetrievedPaper } from './schema.js';
import { verifyCitations } from './verify.js';
import { llmAnswer } from './llm.js';
import type { ModelHandle } from '../../src/llm/structured.js';

/** What the ask steps need from the outside world. */
export type AskDeps = {
  library: Library;
  skills: SkillMatcher;
  /**
   * Runs a small live fetch and analysis for a query (the research pipeline, through the same fetcher
   * and pacing); returns how many papers it brought. Absent: --fetch is not available.
   */
  fetchPapers?: (query: string) => Promise<number>;
  /** The LLM answerer's model; absent: extractive answers. */
  answerLlm?: ModelHandle;
  log?: (line: string) => void;
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

/**
 * The answer: written by the LLM answerer from the retrieved papers when there is one (and it gives a
 * usable, cited answer), else extracted from their abstracts.
 */
export function makeAnswerStep(deps: Pick<AskDeps, 'answerLlm' | 'log'> = {}) {
  return async (state: { question: string; terms: QuestionTerms; retrieved: RetrievedPaper[] }): Promise<{ sentences: AnswerSentence[]; mode: AskResult['mode'] }> => {
    if (deps.answerLlm && state.retrieved.length) {
      const result = await llmAnswer(deps.answerLlm, state.question, state.retrieved);
      if (result.ok) return { sentences: result.value.sentences, mode: 'llm' };
      deps.log?.(`answerer: ${result.reason}; answering with sentences of the papers instead`);
    }
    return { sentences: extractiveAnswer(state.terms, state.retrieved), mode: 'extractive' };
  };
}

/** Removes every statement whose citation is not a retrieved paper, then writes the answer. */
export function makeVerifyStep(deps: Pick<AskDeps, 'answerLlm'> = {}) {
  return async (state: { sentences: AnswerSentence[]; retrieved: RetrievedPaper[]; mode: AskResult['mode'] }): Promise<{ sentences: AnswerSentence[]; removed: number; answer: string }> => {
    const { kept, removed } = verifyCitations(state.sentences, state.retrieved.map((p) => p.arxivId));
    const by = state.mode === 'llm' ? deps.answerLlm?.spec : undefined;
    return { sentences: kept, removed: removed.length, answer: renderAnswer(kept, state.retrieved, by) };
  };
}
