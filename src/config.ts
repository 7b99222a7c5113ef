import path from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { UsageError } from './errors.js';

/** `openai:<model>` (any OpenAI-compatible server), or `none`. */
export const ModelSpec = z
  .string()
  .trim()
  .regex(/^(none|openai:[A-Za-z0-9][\w.:/@+-]*)$/, 'use openai:<model> (e.g. openai:gpt-4o-mini; other servers through OPENAI_BASE_URL) or none');

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
  PAPERLOOM_TOKEN: z.string().min(16, 'at least 16 characters (e.g. openssl rand -hex 16)').optional().describe('the dashboard asks every request for it; needed to listen beyond this machine'),
  PAPERLOOM_ALLOWED_HOSTS: z.string().optional().describe('comma-separated host names the dashboard answers for besides loopback'),
  PAPERLOOM_LLM: ModelSpec.optional().describe('model for every LLM agent, e.g. openai:gpt-4o-mini; unset or none: deterministic agents'),
  PAPERLOOM_LLM_SUMMARIZER: ModelSpec.optional().describe('model of the summarizer (overrides PAPERLOOM_LLM)'),
  PAPERLOOM_LLM_TERMS: ModelSpec.optional().describe('model of the term extractor'),
  PAPERLOOM_LLM_SYNTHESIZER: ModelSpec.optional().describe('model of the synthesizer (theme names, narrative)'),
  PAPERLOOM_LLM_ANSWER: ModelSpec.optional().describe('model of the ask answerer'),
  OPENAI_API_KEY: z.string().min(1).optional().describe('API key; local servers (Ollama, vLLM) accept any'),
  OPENAI_BASE_URL: z.url().optional().describe('an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 for Ollama'),
  PAPERLOOM_BUDGET_USD: z.coerce.number().min(0).optional().describe('stop LLM calls of a run or question at this cost'),
  PAPERLOOM_LLM_PRICES: z.string().min(1).optional().describe('JSON file of USD per million tokens by model, over the built-in table'),
  PAPERLOOM_LLM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4).describe('LLM calls in flight at once'),
  PAPERLOOM_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000).describe('timeout of one LLM request'),
  PAPERLOOM_LLM_RETRIES: z.coerce.number().int().min(0).max(10).default(4)
    .describe('retries of an LLM request after 429 (Retry-After honoured), 5xx, connection errors, timeouts'),
  PAPERLOOM_LLM_MAX_TOKENS: z.coerce.number().int().min(64).max(32_768).default(1024).describe('output tokens per LLM call at most'),
});

/** The LLM agents: each a model spec, or null for the deterministic agent. */
export type LlmAgent = 'summarizer' | 'terms' | 'synthesizer' | 'answer';
export const LLM_AGENTS: LlmAgent[] = ['summarizer', 'terms', 'synthesizer', 'answer'];

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
  llm: LlmConfig;
  serve: { token: string | null; allowedHosts: string[] };
};

export type LlmConfig = {
  /** The model of each agent (`openai:<model>`), or null: the deterministic agent. */
  agents: Record<LlmAgent, string | null>;
  apiKey: string | undefined;
  baseUrl: string | undefined;
  budgetUsd: number | null;
  pricesFile: string | undefined;
  concurrency: number;
  timeoutMs: number;
  retries: number;
  maxTokens: number;
};

/**
 * The LLM settings with `--llm` / `--budget-usd` applied over the environment: per-agent variables win
 * over the general model, `none` turns an agent's LLM off.
 */
export function withLlmOverrides(config: Config, overrides: { llm?: string; budgetUsd?: number }): Config {
  if (overrides.llm === undefined && overrides.budgetUsd === undefined) return config;
  const llm = { ...config.llm, agents: { ...config.llm.agents } };
  if (overrides.llm !== undefined) {
    const spec = ModelSpec.safeParse(overrides.llm);
    if (!spec.success) throw new UsageError(`--llm "${overrides.llm}": ${spec.error.issues[0]?.message}`);
    const model = spec.data === 'none' ? null : spec.data;
    for (const agent of LLM_AGENTS) llm.agents[agent] = model;
  }
  if (overrides.budgetUsd !== undefined) llm.budgetUsd = overrides.budgetUsd;
  return { ...config, llm };
}

/** Reads and validates the environment. Throws a readable error naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (FOO= command) counts as unset.
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
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
    llm: {
      agents: {
        summarizer: agentModel(e.PAPERLOOM_LLM_SUMMARIZER, e.PAPERLOOM_LLM),
        terms: agentModel(e.PAPERLOOM_LLM_TERMS, e.PAPERLOOM_LLM),
        synthesizer: agentModel(e.PAPERLOOM_LLM_SYNTHESIZER, e.PAPERLOOM_LLM),
        answer: agentModel(e.PAPERLOOM_LLM_ANSWER, e.PAPERLOOM_LLM),
      },
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      budgetUsd: e.PAPERLOOM_BUDGET_USD ?? null,
      pricesFile: e.PAPERLOOM_LLM_PRICES,
      concurrency: e.PAPERLOOM_LLM_CONCURRENCY,
      timeoutMs: e.PAPERLOOM_LLM_TIMEOUT_MS,
      retries: e.PAPERLOOM_LLM_RETRIES,
      maxTokens: e.PAPERLOOM_LLM_MAX_TOKENS,
    },
    serve: {
      token: e.PAPERLOOM_TOKEN ?? null,
      allowedHosts: (e.PAPERLOOM_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
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

/** An agent's model: its own variable, else the general one; `none` is no model. */
function agentModel(own: string | undefined, general: string | undefined): string | null {
  const spec = own ?? general;
  return !spec || spec === 'none' ? null : spec;
}
