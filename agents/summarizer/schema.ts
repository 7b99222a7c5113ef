import { z } from 'zod';
import { RougeSchema } from '../../db/schema.js';

/** What the summarizer reads. */
export const SummarizerInputSchema = z.object({
  title: z.string().describe('paper title'),
  abstract: z.string().describe('abstract; LaTeX allowed'),
});
export type SummarizerInput = z.infer<typeof SummarizerInputSchema>;

/** What it returns. */
export const SummarizerOutputSchema = z.object({
  tldr: z.string().describe('one sentence of the abstract that says what the paper does'),
  summary: z.string().describe('the most central sentences of the abstract, in their original order'),
  rouge: RougeSchema.describe('the summary scored against the abstract'),
});
export type SummarizerOutput = z.infer<typeof SummarizerOutputSchema>;
