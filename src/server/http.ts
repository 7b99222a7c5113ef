import type { Context } from 'hono';
import type { z } from 'zod';
import type { Library } from '../../db/index.js';
import type { CliContext } from '../cli/context.js';
import { describeError, NotFoundError, PaperloomError, UsageError } from '../errors.js';
import { firstIssue } from './requests.js';
import type { RunLauncher } from './runs.js';
import type { ScheduleService } from './schedules.js';
import type { Views } from './views.js';

/** What the page and API routes share. */
export type ServerParts = {
  ctx: CliContext;
  library: Library;
  launcher: RunLauncher;
  views: Views;
  schedules: ScheduleService;
  /** The run sources this server offers: sample, arxiv, and the files of --data-dir. */
  sources: string[];
};

/** HTTP status of an error: 503 when Redis is down, the user's mistake 400, a missing thing 404, else ours. */
export function statusOf(error: unknown): 400 | 404 | 500 | 503 {
  if ((error as { status?: number }).status === 503) return 503;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof UsageError || (error instanceof PaperloomError && error.name !== 'InvariantError')) return 400;
  return 500;
}

/** The one line to show for the user's mistake; anything else is thrown on to the error handler. */
export function userProblem(error: unknown): string {
  const status = statusOf(error);
  if (status !== 400 && status !== 404) throw error;
  return describeError(error);
}

/** Parses input with a request schema; a problem is a UsageError of one line. */
export function input<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(firstIssue(result.error));
  return result.data;
}

/** Form fields as strings (files are not taken). */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The JSON body, or a UsageError saying it is not JSON. */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new UsageError('the request body must be JSON');
  }
}
