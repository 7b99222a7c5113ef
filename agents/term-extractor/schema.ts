import { z } from 'zod';
import { KeyTermSchema } from '../../db/schema.js';

/** What the term extractor reads. */
export const TermExtractorInputSchema = z.object({
  title: z.string().describe('paper title'),
  abstract: z.string().describe('abstract or full text; LaTeX allowed'),
});
export type TermExtractorInput = z.infer<typeof TermExtractorInputSchema>;

/** What it returns: ranked key phrases, best first, no stop words, no generic words on their own. */
export const TermExtractorOutputSchema = z.object({
  terms: z.array(KeyTermSchema).describe('key phrases, best first'),
});
export type TermExtractorOutput = z.infer<typeof TermExtractorOutputSchema>;

/** A ranked term with where it occurs, for the concept graph. */
export type RankedTerm = {
  /** Normal form: stemmed words joined by spaces. */
  key: string;
  /** Surface form shown to people. */
  term: string;
  score: number;
  /** Indexes of the sentences (title = 0) where it occurs. */
  sentences: number[];
};
