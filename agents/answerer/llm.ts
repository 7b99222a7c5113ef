import { z } from 'zod';
import { ANSWER_PROMPT } from '../../prompts/answer.js';
import { callStructured, type Failure, type ModelHandle, type Success } from '../../src/llm/structured.js';
import { oneLine } from '../summarizer/llm.js';
import type { AnswerSentence, RetrievedPaper } from './schema.js';
import { citationsIn, verifyAnswerText } from './verify.js';

/** What the model returns. */
export const LlmAnswerSchema = z.object({
  answer: z.string().describe('sentences, each ending with [arXiv:ID] citations of the papers given'),
  found: z.boolean().describe('false when the papers do not answer the question'),
});
export type LlmAnswer = z.infer<typeof LlmAnswerSchema>;

const MAX_SENTENCES = 6;
/** Of each retrieved paper the model reads the title and this much of the abstract. */
const ABSTRACT_CHARS = 1500;

/** The retrieved papers as the model reads them: "[arXiv:ID] title" then the abstract. */
function papersData(papers: RetrievedPaper[]): string {
  return papers.map((p) => `[arXiv:${p.arxivId}] ${oneLine(p.title)}\n${oneLine(p.abstract).slice(0, ABSTRACT_CHARS)}`).join('\n\n');
}

/** The LLM's answer as cited statements, or "not found" (no statements). */
export type LlmAnswerResult = { found: boolean; sentences: AnswerSentence[]; removed: number };

/**
 * The LLM answerer: an answer written from the retrieved papers only. Its sentences are verified as
 * the extractive ones are: a sentence that cites anything but a retrieved paper, or nothing at all, is
 * dropped; an answer left with no sentence is sent back for repair.
 */
export async function llmAnswer(handle: ModelHandle, question: string, papers: RetrievedPaper[]): Promise<Success<LlmAnswerResult> | Failure> {
  const allowed = papers.map((p) => p.arxivId);
  const result = await callStructured(
    handle,
    ANSWER_PROMPT,
    { question: { data: question, maxChars: 1000 }, papers: { data: papersData(papers), maxChars: 20_000 }, maxSentences: MAX_SENTENCES },
    LlmAnswerSchema,
    (value) => {
      if (!value.found) return { ok: true, value };
      const { text, removed } = verifyAnswerText(oneLine(value.answer), allowed);
      if (!text) return { ok: false, problem: `no sentence cites a paper given; cite them as [arXiv:ID] with these IDs only: ${allowed.join(', ')}` };
      return { ok: true, value: { answer: text, found: true, removed } as LlmAnswer & { removed: string[] } };
    },
    { agent: 'answer', runId: null, paperId: null },
  );
  if (!result.ok) return result;
  const value = result.value as LlmAnswer & { removed?: string[] };
  if (!value.found) return { ...result, value: { found: false, sentences: [], removed: 0 } };
  const sentences = value.answer.split(/(?<=[.!?])\s+(?=[A-Z0-9"(\[])/).map((t) => t.trim()).filter(Boolean)
    .map((text) => ({ text, citations: [...new Set(citationsIn(text))] }));
  return { ...result, value: { found: true, sentences, removed: value.removed?.length ?? 0 } };
}
