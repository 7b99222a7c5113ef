import { z } from 'zod';
import { SUMMARIZER_PROMPT } from '../../prompts/summarizer.js';
import type { Paper } from '../../db/schema.js';
import { stripInvisible } from '../../src/llm/prompt.js';
import { callStructured, type CallContext, type Check, type Failure, type ModelHandle, type Success } from '../../src/llm/structured.js';
import { wordTokens } from '../../src/nlp/words.js';

/** What the model returns (only types and descriptions: strict structured output accepts no more). */
export const LlmSummarySchema = z.object({
  tldr: z.string().describe('one sentence: what the paper contributes'),
  summary: z.string().describe('a few sentences: problem, approach, main result'),
});
export type LlmSummary = z.infer<typeof LlmSummarySchema>;

export const TLDR_WORDS = 30;
export const SUMMARY_SENTENCES = 4;
/** The abstract as the model sees it, at most (a 50 KB "abstract" costs no more than a real one). */
export const MAX_ABSTRACT_CHARS = 6000;

/** Model output as one line of plain text: whitespace collapsed, control and invisible characters gone. */
export function oneLine(text: string): string {
  return stripInvisible(text.normalize('NFC')).replace(/[\u0000-\u001F\u007F]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Lengths the prompt asked for, with slack; an empty or runaway text is sent back for repair. */
export const checkSummary: Check<LlmSummary> = (value) => {
  const tldr = oneLine(value.tldr);
  const summary = oneLine(value.summary);
  const tldrWords = wordTokens(tldr).length;
  if (tldrWords < 3) return { ok: false, problem: '"tldr" must be a sentence' };
  if (tldrWords > 2 * TLDR_WORDS) return { ok: false, problem: `"tldr" has ${tldrWords} words; at most ${TLDR_WORDS}` };
  if (wordTokens(summary).length < 5) return { ok: false, problem: '"summary" must be a few sentences' };
  if (summary.length > 2000) return { ok: false, problem: `"summary" has ${summary.length} characters; keep it under 1,000` };
  return { ok: true, value: { tldr, summary } };
};

/** The LLM summarizer: TLDR and summary of one paper, or a Failure for the deterministic one to take over. */
export function llmSummarize(handle: ModelHandle, paper: Pick<Paper, 'title' | 'abstract'>, context: Omit<CallContext, 'agent'>): Promise<Success<LlmSummary> | Failure> {
  return callStructured(
    handle,
    SUMMARIZER_PROMPT,
    { title: { data: paper.title, maxChars: 500 }, abstract: { data: paper.abstract, maxChars: MAX_ABSTRACT_CHARS }, tldrWords: TLDR_WORDS, summarySentences: SUMMARY_SENTENCES },
    LlmSummarySchema,
    checkSummary,
    { ...context, agent: 'summarizer' },
  );
}
