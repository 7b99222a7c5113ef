import { z } from 'zod';

/** A cited statement of an answer. */
export const CitationSchema = z.object({
  arxivId: z.string().describe('a paper that was retrieved for the question'),
  title: z.string(),
  sentence: z.string().describe('the sentence of the answer that cites it'),
});

/** What `paperloom ask --json` prints. */
export const AskResultSchema = z.object({
  question: z.string(),
  answer: z.string().describe('cited sentences, then the list of cited papers; or a plain "nothing found"'),
  citations: z.array(CitationSchema),
  retrieved: z.array(z.string()).describe('arXiv ids retrieved for the question, best first'),
  mode: z.enum(['extractive', 'llm']).describe('extractive: sentences of the retrieved papers; llm: written by a model'),
  llm: z.object({
    model: z.string(),
    calls: z.number().int(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    costUsd: z.number(),
  }).nullable().optional().describe('the LLM answerer\'s calls for this question; absent without one'),
  latencyMs: z.number(),
});
export type AskResult = z.infer<typeof AskResultSchema>;

/** A paper retrieved for a question, with what answering it needs. */
export type RetrievedPaper = {
  paperId: number;
  arxivId: string;
  title: string;
  abstract: string;
  absUrl: string;
  published: string | null;
  /** BM25F score for the question (higher is better). */
  score: number;
};

/** One statement of an answer and the papers it cites. */
export type AnswerSentence = { text: string; citations: string[] };
