import { z } from 'zod';

const ref = z.string().regex(/^P\d+$/).describe('paper reference within the run: P1, P2, ... in run order');

/** The consolidated concept map and first demand ranking of a run. */
export const SynthesisSchema = z.object({
  papers: z.array(z.object({ ref, arxivId: z.string(), title: z.string() })).describe('the papers synthesised'),
  themes: z.array(z.object({
    id: z.string(),
    name: z.string().describe('named by its two most central terms'),
    nodes: z.array(z.string()).describe('ids of its concepts'),
    papers: z.array(ref).describe('papers with a concept in this theme'),
  })).describe('communities of the merged concept graph (Louvain)'),
  nodes: z.array(z.object({
    id: z.string().describe('normal form (stemmed words)'),
    label: z.string(),
    theme: z.string().nullable(),
    papers: z.array(ref),
    weight: z.number(),
  })),
  edges: z.array(z.object({
    source: z.string(),
    target: z.string(),
    papers: z.array(ref).describe('papers in which both concepts are related'),
    weight: z.number(),
  })),
  demand: z.array(z.object({
    term: z.string(),
    papers: z.number().int().describe('papers whose key terms include it'),
    share: z.number().describe('papers / papers synthesised'),
    evidence: z.array(z.string()).describe('arXiv ids of the papers where it ranks highest'),
  })).describe('key terms ranked by how many papers name them, most first'),
  mermaid: z.string().describe('the concept map as a Mermaid flowchart'),
  narrative: z.object({
    by: z.string().describe('the model that wrote it'),
    text: z.string().describe('what this body of work shows, in a few sentences'),
    takeaways: z.array(z.object({ text: z.string(), papers: z.array(ref).describe('references checked against the run') })),
  }).nullable().default(null).describe('written by the LLM synthesizer (which also named the themes); null without it'),
});
export type Synthesis = z.infer<typeof SynthesisSchema>;

/** One analysed paper as the synthesizer reads it. */
export type SynthesisInputPaper = {
  /** The paper's reference in the run report (P1, P2, ... in run order). */
  ref: string;
  arxivId: string;
  title: string;
  terms: { term: string; key: string; score: number }[];
  conceptGraph: {
    nodes: { id: string; label: string; weight: number }[];
    edges: { source: string; target: string; weight: number }[];
  };
};
