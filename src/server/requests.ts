import { z } from 'zod';
import { categoryList, isoDay } from '../cli/options.js';

/** A form field or query parameter left empty is absent. */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Runs one of the CLI's option parsers (which throw a UsageError with a clear message) inside zod. */
function parsed<T>(parse: (value: string) => T) {
  return z.string().transform((value, ctx) => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
}

const day = (name: string) => z.preprocess(blank, parsed(isoDay(name)).optional());
const int = (min: number, max: number, fallback: number) => z.preprocess(blank, z.coerce.number().int().min(min).max(max).default(fallback));
/** Categories as a list or comma-separated, as the CLI takes them. */
const categories = z.preprocess(
  (v) => (Array.isArray(v) ? v.join(',') : blank(v)),
  parsed(categoryList).optional(),
);

/** Starting a run (the Runs page's form and POST /api/runs): the CLI's `run` options. */
export const StartRunSchema = z.object({
  query: z.string().trim().min(1, 'the query is empty: give words or arXiv syntax, e.g. GAN or ti:"diffusion model"').max(2000),
  source: z.string().trim().min(1).default('arxiv'),
  max: int(1, 100_000, 100),
  since: day('since'),
  until: day('until'),
  categories,
});
export type StartRun = z.infer<typeof StartRunSchema>;

/** The library page's filters and paging (GET /api/papers). */
export const BrowseSchema = z.object({
  q: z.preprocess(blank, z.string().max(2000).optional()),
  category: z.preprocess(blank, z.string().regex(/^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$/, 'category must be an arXiv category like cs.CL').optional()),
  since: day('since'),
  until: day('until'),
  skill: z.preprocess(blank, z.string().max(100).optional()),
  run: z.preprocess(blank, z.string().max(100).optional()),
  page: int(1, 1_000_000, 1),
});
export type Browse = z.infer<typeof BrowseSchema>;

/** A question (the Ask page and POST /api/ask): the CLI's `ask` options. */
export const AskSchema = z.object({
  question: z.string().trim().min(1, 'the question is empty: ask something, e.g. "which papers combine MPI with Dask?"').max(10_000),
  k: int(1, 50, 5),
  since: day('since'),
  category: z.preprocess(blank, z.string().regex(/^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$/, 'category must be an arXiv category like cs.CL').optional()),
});
export type Ask = z.infer<typeof AskSchema>;

const range = z.preprocess(blank, z.string().regex(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/, 'compare-to must be a range like 2025-03-01..2025-06-30').optional());

/** The demand page (GET /api/demand): the CLI's `demand` options. */
export const DemandSchema = z.object({
  query: z.preprocess(blank, z.string().max(2000).optional()),
  category: categories,
  since: day('since'),
  until: day('until'),
  compareTo: range,
  top: int(1, 200, 20),
  minSupport: int(1, 10_000, 5),
});
export type Demand = z.infer<typeof DemandSchema>;

/** Adding a schedule (the Schedules page and POST /api/schedules): the CLI's `schedule add` options. */
export const ScheduleSchema = z.object({
  name: z.string().trim().min(1).max(100),
  cron: z.string().trim().min(1),
  tz: z.preprocess(blank, z.string().default('UTC')),
  query: z.preprocess(blank, z.string().default('')),
  source: z.preprocess(blank, z.string().default('arxiv')),
  categories,
  max: int(1, 100_000, 200),
  replace: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).default(false),
});
export type ScheduleBody = z.infer<typeof ScheduleSchema>;

/** The first problem of a failed parse, as one line naming the field (unless the message does). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.join('.');
  return field && !issue.message.toLowerCase().includes(field.toLowerCase()) ? `${field}: ${issue.message}` : issue.message;
}
