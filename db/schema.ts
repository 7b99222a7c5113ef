import { z } from 'zod';

/**
 * The records the library stores, as zod schemas: rows are parsed with these at the boundary, and the
 * agents that produce them use them as their output contracts.
 */

/** One arXiv paper with every field the API and the bulk snapshot carry. */
export const PaperSchema = z.object({
  arxivId: z.string().min(1).describe('arXiv identifier without version: 2104.12255 or astro-ph/0601001'),
  version: z.number().int().min(1).describe('latest version number seen (the N in vN)'),
  title: z.string().describe('title, whitespace collapsed'),
  abstract: z.string().describe('abstract, whitespace collapsed; LaTeX left as written'),
  authors: z.array(z.string()).describe('author names in order'),
  published: z.string().nullable().describe('first version date, ISO 8601'),
  updated: z.string().nullable().describe('latest version date, ISO 8601'),
  primaryCategory: z.string().nullable().describe('primary arXiv category, e.g. cs.CL'),
  categories: z.array(z.string()).describe('all categories, primary first'),
  absUrl: z.string().describe('abstract page link'),
  pdfUrl: z.string().nullable().describe('PDF link'),
  doi: z.string().nullable(),
  comment: z.string().nullable().describe("author's comment (pages, venue)"),
  journalRef: z.string().nullable(),
});
export type Paper = z.infer<typeof PaperSchema>;

/** A ranked key term of a paper. */
export const KeyTermSchema = z.object({
  term: z.string().describe('the phrase as written in the paper (most frequent surface form)'),
  key: z.string().describe('normal form for merging across papers: stemmed words, acronyms keep their case'),
  score: z.number().describe('rank score, higher is more central; comparable within one paper only'),
});
export type KeyTerm = z.infer<typeof KeyTermSchema>;

const PrfSchema = z.object({ p: z.number(), r: z.number(), f: z.number() });

/** ROUGE of a summary against a reference, F-measure with precision and recall. */
export const RougeSchema = z.object({
  rouge1: PrfSchema.describe('unigram overlap'),
  rouge2: PrfSchema.describe('bigram overlap'),
  rougeL: PrfSchema.describe('longest common subsequence'),
});
export type Rouge = z.infer<typeof RougeSchema>;

/** A small weighted graph of concepts: key terms joined when they occur in the same sentences. */
export const ConceptGraphSchema = z.object({
  nodes: z.array(z.object({
    id: z.string().describe('normal form of the term (stemmed words), unique in the graph'),
    label: z.string().describe('the term as written'),
    weight: z.number().describe('importance of the term'),
  })),
  edges: z.array(z.object({
    source: z.string(),
    target: z.string(),
    weight: z.number().describe('number of sentences where both terms occur'),
    label: z.string().optional().describe('how they relate, when a model said so ("improves")'),
  })),
});
export type ConceptGraph = z.infer<typeof ConceptGraphSchema>;

/** Who wrote one part of an analysis: `nlp` (the deterministic agent) or a model, and why it fell back. */
export const AgentProvenanceSchema = z.object({
  by: z.string().describe('nlp, or the model that wrote it (openai:<model>)'),
  fallback: z.string().nullable().describe('why the deterministic agent wrote it instead of the model, or null'),
});
export type AgentProvenance = z.infer<typeof AgentProvenanceSchema>;

export const ProvenanceSchema = z.object({ summarizer: AgentProvenanceSchema, terms: AgentProvenanceSchema });
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** Everything the per-paper agents produce for one paper: the paper card minus the paper's own fields. */
export const AnalysisSchema = z.object({
  arxivId: z.string(),
  analyserVersion: z.string().describe('changes whenever the analysis would come out differently'),
  paperVersion: z.number().int().describe('the paper version that was read'),
  summary: z.string().describe('extractive summary: the most central sentences, in abstract order'),
  tldr: z.string().describe('one sentence saying what the paper does'),
  terms: z.array(KeyTermSchema).describe('key terms, best first'),
  rouge: RougeSchema.describe('summary against the abstract'),
  titleWords: z.number().int(),
  summaryWords: z.number().int(),
  conceptGraph: ConceptGraphSchema,
  mermaid: z.string().describe('the concept graph as a Mermaid flowchart'),
  provenance: ProvenanceSchema.nullable().default(null).describe('which agent wrote summary and terms; null: the deterministic agents'),
  createdAt: z.string(),
});
export type Analysis = z.infer<typeof AnalysisSchema>;
/** An analysis to store: `provenance` may be left out (the deterministic agents). */
export type AnalysisInput = z.input<typeof AnalysisSchema>;
