import { z } from 'zod';
import { PaperSchema } from '../../db/schema.js';

/** A batch of papers of one run, analysed by any `paperloom worker`. */
export const AnalysisJobSchema = z.object({
  runId: z.string().min(1),
  papers: z.array(PaperSchema.extend({ id: z.number().int() })).min(1),
});
export type AnalysisJob = z.infer<typeof AnalysisJobSchema>;

/** A scheduled run to execute; `runId` is set once the run exists, so a retried job resumes it. */
export const ScheduledRunJobSchema = z.object({
  schedule: z.string().min(1),
  runId: z.string().optional(),
});
export type ScheduledRunJob = z.infer<typeof ScheduledRunJobSchema>;

/** Papers per analysis job: enough to make Redis's share of the work small, few enough to spread. */
export const PAPERS_PER_JOB = 20;

/** Job ids cannot hold ':' in BullMQ; run ids are made of letters, digits and '-'. */
export function flowId(runId: string): string {
  return `run-${runId.replace(/[^A-Za-z0-9-]/g, '_')}`;
}
