import { z } from 'zod';

const Window = z.object({
  from: z.string().nullable().describe('first published day included (YYYY-MM-DD), null: open'),
  to: z.string().nullable().describe('last published day included, null: open'),
  papers: z.number().int().describe('papers in the window'),
});

/** How a skill's share moved between the comparison window ("before") and the current one ("after"). */
export const ChangeSchema = z.object({
  beforePapers: z.number().int(),
  beforeShare: z.number(),
  afterPapers: z.number().int(),
  afterShare: z.number(),
  absolute: z.number().describe('afterShare - beforeShare, in percentage points'),
  relative: z.number().nullable().describe('afterShare / beforeShare - 1; null when beforeShare is 0'),
  pValue: z.number().describe('two-sided two-proportion z-test'),
  trend: z.enum(['rising', 'falling', 'steady']).describe('rising/falling only when p < 0.05'),
});
export type Change = z.infer<typeof ChangeSchema>;

const Evidence = z.object({ arxivId: z.string(), title: z.string(), published: z.string().nullable() });

/** Skill & technology demand over a selection of the library, with trends and emerging terms. */
export const DemandReportSchema = z.object({
  window: Window.describe('the papers counted'),
  comparison: z
    .object({ before: Window, after: Window, automatic: z.boolean().describe('true: the two halves of the window by date') })
    .nullable()
    .describe('the windows trends compare; null when the papers span too little time'),
  skills: z.array(z.object({
    id: z.string(),
    name: z.string(),
    category: z.string(),
    papers: z.number().int().describe('papers mentioning it'),
    share: z.number().describe('papers / window papers'),
    mentions: z.number().int(),
    change: ChangeSchema.nullable(),
    evidence: z.array(Evidence).describe('papers naming it in the title first, then most mentions, newest'),
  })).describe('most-demanded first'),
  emerging: z.array(z.object({
    term: z.string(),
    papers: z.number().int().describe('papers naming it (as a key term) in the window'),
    change: ChangeSchema,
    evidence: z.array(Evidence),
  })).describe('key terms outside the taxonomy whose share grew most, significant, with minimum support'),
  cooccurrence: z.array(z.object({ a: z.string(), b: z.string(), papers: z.number().int() })).describe('skill pairs named in the same papers'),
  mermaid: z.object({
    chart: z.string().describe('xychart of the top skills'),
    cooccurrence: z.string().describe('flowchart of skills named together'),
  }),
});
export type DemandReport = z.infer<typeof DemandReportSchema>;

/** One paper as the demand report reads it. */
export type DemandPaper = {
  arxivId: string;
  title: string;
  abstract: string;
  /** First-published day, YYYY-MM-DD, or null. */
  day: string | null;
  /** Its distinct key terms (normal form and label), empty when not analysed. */
  terms: { key: string; term: string }[];
};
