import { FlowProducer, Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import type { Config } from '../config.js';
import { SourceUnreachableError } from '../errors.js';

/** The queues paperloom uses: scheduled runs, per-paper analyses, and the parents of distributed runs. */
export const QUEUES = { runs: 'runs', analysis: 'analysis', flows: 'flows' } as const;

/** How to reach Redis and name keys there. */
export type QueueContext = { connection: ConnectionOptions; prefix: string; lockMs: number; overlapDays: number; redisUrl: string };

/** From the configuration (REDIS_URL, PAPERLOOM_QUEUE_PREFIX, ...). */
export function queueContext(config: Config): QueueContext {
  return {
    redisUrl: config.queue.redisUrl,
    // Reconnect after Redis restarts, for ever, with a capped backoff; commands wait meanwhile.
    connection: { url: config.queue.redisUrl, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 200, 2000) },
    prefix: config.queue.prefix,
    lockMs: config.queue.lockMs,
    overlapDays: config.queue.overlapDays,
  };
}

/** A queue, with an error listener so a connection drop is logged rather than thrown. */
export function openQueue(ctx: QueueContext, name: string, log?: (line: string) => void): Queue {
  const queue = new Queue(name, { connection: ctx.connection, prefix: ctx.prefix });
  queue.on('error', (error) => log?.(`queue ${name}: ${error.message}`));
  return queue;
}

export function openQueueEvents(ctx: QueueContext, name: string, log?: (line: string) => void): QueueEvents {
  const events = new QueueEvents(name, { connection: ctx.connection, prefix: ctx.prefix });
  events.on('error', (error) => log?.(`queue events ${name}: ${error.message}`));
  return events;
}

export function openFlowProducer(ctx: QueueContext, log?: (line: string) => void): FlowProducer {
  const flows = new FlowProducer({ connection: ctx.connection, prefix: ctx.prefix });
  flows.on('error', (error) => log?.(`flow producer: ${error.message}`));
  return flows;
}

/**
 * Checks that Redis answers within `ms`, so commands that need it fail with one clear line instead of
 * waiting for ever (the queues themselves retry without end, which workers want).
 */
export async function requireRedis(ctx: QueueContext, ms = 3000): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(ctx.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: ms });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new SourceUnreachableError(`cannot reach Redis at ${ctx.redisUrl} (${(error as Error).message}); start redis-server or set REDIS_URL`);
  } finally {
    client.disconnect();
  }
}
