import { CronExpressionParser } from 'cron-parser';
import type { Queue } from 'bullmq';
import { parseQuery } from '../../agents/fetcher/query.js';
import { resolveSource } from '../../agents/fetcher/sources.js';
import type { Library } from '../../db/index.js';
import { sameSettings, type Schedule, type ScheduleSettings } from '../../db/schedules.js';
import type { Config } from '../config.js';
import { NotFoundError, UsageError } from '../errors.js';

export const SCHEDULED_RUN = 'scheduled-run';
const EXPORT_FORMATS = ['md', 'html', 'json', 'csv', 'bibtex', 'mmd'];

/** What the user typed for `schedule add`. */
export type ScheduleInput = {
  name: string; cron: string; tz: string; query: string; source: string; categories: string[]; max: number;
  exportDir: string | null; formats: string[];
};

/** Checks a schedule completely before anything is written. Throws UsageError naming the problem. */
export function validateSchedule(input: ScheduleInput, config: Config): ScheduleSettings {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(input.name)) {
    throw new UsageError(`schedule name "${input.name}" must be letters, digits, ".", "_" or "-" (at most 64)`);
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: input.tz });
  } catch {
    throw new UsageError(`unknown time zone "${input.tz}"; use an IANA name like Europe/Berlin or UTC`);
  }
  try {
    CronExpressionParser.parse(input.cron, { tz: input.tz });
  } catch (error) {
    throw new UsageError(`invalid cron pattern "${input.cron}": ${(error as Error).message}`);
  }
  if (!input.query.trim()) throw new UsageError('the schedule needs a query (--query), e.g. --query "large language models"');
  parseQuery(input.query);
  resolveSource(input.source, config);
  for (const f of input.formats) if (!EXPORT_FORMATS.includes(f)) throw new UsageError(`--format: unknown format "${f}"; use ${EXPORT_FORMATS.join(',')}`);
  if (input.formats.length && !input.exportDir) throw new UsageError('--format needs --export DIR');
  return {
    name: input.name,
    cron: input.cron,
    tz: input.tz,
    request: { query: input.query.trim(), source: input.source, categories: input.categories, max: input.max },
    exportDir: input.exportDir,
    formats: input.exportDir && input.formats.length === 0 ? EXPORT_FORMATS : input.formats,
  };
}

/** Writes a schedule's BullMQ job scheduler (idempotent: the same name replaces, never duplicates). */
async function upsertScheduler(queue: Queue, s: ScheduleSettings): Promise<void> {
  await queue.upsertJobScheduler(s.name, { pattern: s.cron, tz: s.tz }, {
    name: SCHEDULED_RUN,
    data: { schedule: s.name },
    opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 100 },
  });
}

/**
 * Adds a schedule to the library and to Redis. The same name with the same settings changes nothing;
 * with other settings it is refused unless `replace`. If Redis refuses, the library is put back.
 */
export async function addSchedule(library: Library, queue: Queue, s: ScheduleSettings, replace: boolean): Promise<'added' | 'unchanged' | 'replaced'> {
  const existing = library.schedules.get(s.name);
  if (existing && !sameSettings(existing, s) && !replace) {
    throw new UsageError(`schedule "${s.name}" exists with other settings; use --replace to change it, or another name`);
  }
  if (existing && sameSettings(existing, s)) {
    await upsertScheduler(queue, existing);
    return 'unchanged';
  }
  library.schedules.upsert(s);
  try {
    await upsertScheduler(queue, s);
  } catch (error) {
    if (existing) library.schedules.upsert(existing);
    else library.schedules.remove(s.name);
    throw error;
  }
  return existing ? 'replaced' : 'added';
}

/** A schedule with what Redis knows of it: the next time it fires (null when Redis has no scheduler). */
export type ScheduleView = Schedule & { next: string | null };

/** The library's schedules, with their next run time from Redis (null when Redis has none). */
export async function listSchedules(library: Library, queue: Queue | null): Promise<ScheduleView[]> {
  const out: ScheduleView[] = [];
  for (const s of library.schedules.list()) {
    const scheduler = queue ? await queue.getJobScheduler(s.name) : null;
    out.push({ ...s, next: scheduler?.next ? new Date(scheduler.next).toISOString() : null });
  }
  return out;
}

/** Removes a schedule from Redis and the library; its runs stay. */
export async function removeSchedule(library: Library, queue: Queue, name: string): Promise<void> {
  if (!library.schedules.get(name)) throw new NotFoundError(`no schedule "${name}"; list them with: paperloom schedule list`);
  await queue.removeJobScheduler(name);
  library.schedules.remove(name);
}

/** Queues a run of a schedule now; any worker with the library runs it. */
export async function runNow(library: Library, queue: Queue, name: string): Promise<string> {
  if (!library.schedules.get(name)) throw new NotFoundError(`no schedule "${name}"; list them with: paperloom schedule list`);
  const job = await queue.add(SCHEDULED_RUN, { schedule: name }, { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 100 });
  return job.id!;
}

/** Writes every schedule of the library into Redis (a worker does this at start: Redis may have lost them). */
export async function syncSchedules(library: Library, queue: Queue): Promise<number> {
  const schedules = library.schedules.list();
  for (const s of schedules) await upsertScheduler(queue, s);
  return schedules.length;
}
