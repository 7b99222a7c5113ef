import path from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { UsageError } from './errors.js';

/** Environment variables paperloom reads, validated once at start-up (never at import time). */
const EnvSchema = z.object({
  PAPERLOOM_DB: z.string().min(1).optional().describe('SQLite library file; --db overrides it'),
  ARXIV_API_URL: z.url().default('https://export.arxiv.org/api/query').describe('arXiv query API endpoint'),
  PAPERLOOM_ARXIV_DELAY_MS: z.coerce.number().int().min(0).default(3000)
    .describe('minimum gap between two arXiv requests, process-wide (arXiv asks for 3 s)'),
  PAPERLOOM_ARXIV_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000)
    .describe('timeout of one arXiv request, body included'),
  PAPERLOOM_ARXIV_RETRIES: z.coerce.number().int().min(0).max(20).default(4)
    .describe('retries after a transient failure (429, 5xx, connection error, timeout, malformed XML)'),
  PAPERLOOM_ARXIV_BACKOFF_MS: z.coerce.number().int().min(0).default(2000)
    .describe('first backoff delay; doubles on every retry unless arXiv sends Retry-After'),
  PAPERLOOM_ARXIV_PAGE_SIZE: z.coerce.number().int().min(1).max(2000).default(100)
    .describe('max_results per request'),
  PAPERLOOM_ARXIV_EMPTY_RETRIES: z.coerce.number().int().min(0).max(10).default(2)
    .describe('times an empty page that should not be empty is fetched again before it is believed'),
  PAPERLOOM_SKILLS: z.string().min(1).optional().describe('your skill taxonomy file, merged over the default one'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').default('redis://127.0.0.1:6379')
    .describe('Redis for schedules and workers'),
  PAPERLOOM_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('paperloom').describe('key prefix of the queues in Redis'),
  PAPERLOOM_JOB_LOCK_MS: z.coerce.number().int().min(500).default(30_000)
    .describe('how long a worker holds a job without renewing; a dead worker\'s jobs return after it'),
  PAPERLOOM_SCHEDULE_OVERLAP_DAYS: z.coerce.number().int().min(0).max(60).default(2)
    .describe('a scheduled run fetches again this many days before its watermark (arXiv indexing lag)'),
});

export type Config = {
  /** Library file used when --db is not given. */
  dbPath: string;
  /** A user skill taxonomy merged over the default, or undefined. */
  skillsFile: string | undefined;
  queue: {
    redisUrl: string;
    prefix: string;
    lockMs: number;
    overlapDays: number;
  };
  arxiv: {
    baseUrl: string;
    delayMs: number;
    timeoutMs: number;
    retries: number;
    backoffMs: number;
    pageSize: number;
    emptyRetries: number;
  };
};

/** Reads and validates the environment. Throws a readable error naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    dbPath: e.PAPERLOOM_DB ?? path.join(envPaths('paperloom', { suffix: '' }).data, 'paperloom.db'),
    skillsFile: e.PAPERLOOM_SKILLS,
    queue: {
      redisUrl: e.REDIS_URL,
      prefix: e.PAPERLOOM_QUEUE_PREFIX,
      lockMs: e.PAPERLOOM_JOB_LOCK_MS,
      overlapDays: e.PAPERLOOM_SCHEDULE_OVERLAP_DAYS,
    },
    arxiv: {
      baseUrl: e.ARXIV_API_URL,
      delayMs: e.PAPERLOOM_ARXIV_DELAY_MS,
      timeoutMs: e.PAPERLOOM_ARXIV_TIMEOUT_MS,
      retries: e.PAPERLOOM_ARXIV_RETRIES,
      backoffMs: e.PAPERLOOM_ARXIV_BACKOFF_MS,
      pageSize: e.PAPERLOOM_ARXIV_PAGE_SIZE,
      emptyRetries: e.PAPERLOOM_ARXIV_EMPTY_RETRIES,
    },
  };
}
