import { Annotation } from '@langchain/langgraph';
import type { QuestionTerms } from '../../agents/answerer/query.js';
import type { AnswerSentence, AskResult, RetrievedPaper } from '../../agents/answerer/schema.js';
import type { AskOptions } from '../../agents/answerer/steps.js';

/** State of the ask graph: one question, small enough to carry whole. */
export const AskState = Annotation.Root({
  /** The question as the user wrote it. */
  question: Annotation<string>,
  /** k, date and category filters, and whether to fetch from arXiv first. */
  options: Annotation<AskOptions>,
  /** Content words and skill expansions of the question. */
  terms: Annotation<QuestionTerms>,
  /** Papers a live fetch added (with --fetch). */
  fetched: Annotation<number>,
  /** Papers retrieved for the question, best first. */
  retrieved: Annotation<RetrievedPaper[]>,
  /** The answer's cited statements (after verification, only those citing retrieved papers). */
  sentences: Annotation<AnswerSentence[]>,
  /** Statements removed because they cited a paper that was not retrieved. */
  removed: Annotation<number>,
  /** Who wrote the answer. */
  mode: Annotation<AskResult['mode']>,
  /** The answer as text. */
  answer: Annotation<string>,
});

export type AskStateType = typeof AskState.State;
