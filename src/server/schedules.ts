import type { Queue } from 'bullmq';
import type { Library } from '../../db/index.js';
import type { CliContext } from '../cli/context.js';
import { describeError, UsageError } from '../errors.js';
import { openQueue, queueContext, QUEUES, requireRedis } from '../queue/connection.js';
import { addSchedule, listSchedules, validateSchedule } from '../queue/schedules.js';
import type { ScheduleBody } from './requests.js';

/** Redis is down: schedules cannot be changed (HTTP 503). */
export class RedisDownError extends UsageError {
  readonly status = 503;
}

/** The schedules the pages and the API manage: the CLI's schedule commands over one Redis. */
export function createScheduleService(ctx: CliContext, library: Library, sources: string[]) {
  const qctx = queueContext(ctx.config);

  async function redisState(): Promise<{ ok: boolean; url: string; error?: string }> {
    try {
      await requireRedis(qctx, 1000);
      return { ok: true, url: qctx.redisUrl };
    } catch (error) {
      return { ok: false, url: qctx.redisUrl, error: describeError(error) };
    }
  }

  async function withRunsQueue<T>(fn: (queue: Queue) => Promise<T>): Promise<T> {
    const redis = await redisState();
    if (!redis.ok) throw new RedisDownError(`Redis at ${redis.url} is not reachable: schedules need it`);
    const queue = openQueue(qctx, QUEUES.runs, ctx.log);
    try {
      return await fn(queue);
    } finally {
      await queue.close();
    }
  }

  async function add(body: ScheduleBody) {
    const settings = validateSchedule({ name: body.name, cron: body.cron, tz: body.tz, query: body.query, source: body.source, categories: body.categories ?? [], max: body.max, exportDir: null, formats: [] }, ctx.config);
    if (!sources.includes(settings.request.source)) throw new UsageError(`source "${settings.request.source}" is not offered by this server`);
    return withRunsQueue(async (queue) => {
      const result = await addSchedule(library, queue, settings, body.replace);
      const [view] = (await listSchedules(library, queue)).filter((s) => s.name === body.name);
      return { result, schedule: view };
    });
  }

  /** The schedules with their next run when Redis answers; else the library's list, without. */
  async function list() {
    const redis = await redisState();
    return { redis, schedules: redis.ok ? await withRunsQueue((queue) => listSchedules(library, queue)) : await listSchedules(library, null) };
  }

  return { redisState, withRunsQueue, add, list };
}

export type ScheduleService = ReturnType<typeof createScheduleService>;
