import { z } from 'zod';
import { LlmUsageSchema } from '../../db/llm-calls.js';
import { PaperSchema, ProvenanceSchema, RougeSchema, KeyTermSchema } from '../../db/schema.js';
import { DemandReportSchema } from '../demand/schema.js';
import { SynthesisSchema } from '../synthesizer/schema.js';

/** Number of key terms a card shows. */
export const CARD_TERMS = 15;

/** The analysed part of a paper card. */
export const CardAnalysisSchema = z.object({
  analyserVersion: z.string(),
  tldr: z.string().describe('one sentence of the abstract saying what the paper does'),
  summary: z.string().describe('extractive summary'),
  terms: z.array(KeyTermSchema).max(CARD_TERMS).describe(`top ${CARD_TERMS} key terms, best first`),
  rouge: RougeSchema.describe('summary against the abstract'),
  titleWords: z.number().int(),
  summaryWords: z.number().int(),
  mermaid: z.string().describe('concept graph as a Mermaid flowchart'),
  provenance: ProvenanceSchema.nullable().describe('which agent wrote summary and terms; null: the deterministic agents'),
  llmUsage: LlmUsageSchema.nullable().describe("tokens and cost of this paper's LLM calls in this run; null without LLM"),
});

/** One paper of a run, as the report shows it. */
export const PaperCardSchema = PaperSchema.extend({
  ref: z.string().describe('P1, P2, ... in run order; the concept map labels relations with these'),
  status: z.enum(['pending', 'analysed', 'skipped', 'failed']).describe('skipped: analysed earlier by the same analyser'),
  error: z.string().nullable().describe('why analysis failed'),
  analysis: CardAnalysisSchema.nullable(),
});
export type PaperCard = z.infer<typeof PaperCardSchema>;

/** What a report covers: one run, or a selection of the whole library. */
export const ReportScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), runId: z.string() }),
  z.object({
    kind: z.literal('library'),
    query: z.string().nullable().describe('free text or arXiv syntax, matched locally'),
    categories: z.array(z.string()),
    since: z.string().nullable(),
    until: z.string().nullable(),
  }),
]);
export type ReportScope = z.infer<typeof ReportScopeSchema>;

/** What a run's LLM agents did and cost. */
export const LlmReportSchema = z.object({
  agents: z.record(z.string(), z.string().nullable()).describe('model of each agent; null: the deterministic agent'),
  usage: LlmUsageSchema,
  byAgent: z.record(z.string(), LlmUsageSchema),
  fallbacks: z.object({
    summarizer: z.number().int().describe('papers whose summary the deterministic agent wrote instead'),
    terms: z.number().int().describe('papers whose key terms the deterministic agent found instead'),
  }),
  budgetUsd: z.number().nullable(),
  budgetReachedAt: z.string().nullable().describe('when the budget stopped LLM calls; the rest was done by the deterministic agents'),
  unavailable: z.record(z.string(), z.string()).describe('models the server refused for good (bad key, unknown model), and why'),
});
export type LlmReport = z.infer<typeof LlmReportSchema>;

/** A report as JSON: what `paperloom report --format json` and `paperloom export --format json` write. */
export const ReportSchema = z.object({
  schema: z.literal('paperloom.report/1'),
  generatedAt: z.string(),
  scope: ReportScopeSchema,
  run: z.object({
    id: z.string(),
    query: z.string(),
    source: z.string(),
    status: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    params: z.record(z.string(), z.unknown()),
    counts: z.object({ papers: z.number().int(), analysed: z.number().int(), skipped: z.number().int(), failed: z.number().int() }),
  }).nullable().describe('the run, for a run report'),
  takeaways: z.array(z.object({ text: z.string(), papers: z.array(z.string()).describe('arXiv ids behind the statement') }))
    .describe('explanation and key takeaways: from the LLM synthesizer when there is one (its references checked), then from templates over the measured structure'),
  llm: LlmReportSchema.nullable().describe('the LLM agents of a run, their usage and cost; null without LLM'),
  demand: DemandReportSchema.nullable().describe('skill & technology demand over the covered papers'),
  synthesis: SynthesisSchema.nullable().describe('null when no paper could be analysed'),
  papers: z.array(PaperCardSchema).describe('one card per paper covered: run order, or newest first'),
});
export type Report = z.infer<typeof ReportSchema>;

/** A report without its cards, which are streamed. */
export const ReportHeaderSchema = ReportSchema.omit({ papers: true });
export type ReportHeader = z.infer<typeof ReportHeaderSchema>;
