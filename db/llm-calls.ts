import { z } from 'zod';
import type { Db } from './open.js';
import { nowIso } from './open.js';

/** One LLM call as recorded: who asked, which model, tokens, cost and how it ended. */
export const LlmCallSchema = z.object({
  runId: z.string().nullable(),
  paperId: z.number().int().nullable(),
  agent: z.string(),
  model: z.string(),
  attempt: z.number().int().min(1),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  costUsd: z.number().min(0).nullable().describe('null when the model has no price'),
  outcome: z.enum(['ok', 'invalid', 'truncated', 'refused', 'error']),
  error: z.string().nullable(),
  durationMs: z.number().int().min(0),
});
export type LlmCall = z.infer<typeof LlmCallSchema>;

/** Sums over LLM calls: a run's, a paper's, one agent's. */
export const LlmUsageSchema = z.object({
  calls: z.number().int(),
  failedCalls: z.number().int().describe('calls whose reply could not be used (invalid, truncated, refused, error)'),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number().describe('sum over priced calls'),
  unpricedCalls: z.number().int().describe('calls to models without a price (counted as free)'),
});
export type LlmUsage = z.infer<typeof LlmUsageSchema>;

type UsageRow = { calls: number; failed: number | null; input: number | null; output: number | null; cost: number | null; unpriced: number | null };

const SUMS = `SELECT count(*) AS calls, sum(outcome <> 'ok') AS failed, sum(input_tokens) AS input, sum(output_tokens) AS output,
  sum(cost_usd) AS cost, sum(cost_usd IS NULL) AS unpriced FROM llm_calls`;

function usage(row: UsageRow | undefined): LlmUsage {
  return {
    calls: row?.calls ?? 0,
    failedCalls: row?.failed ?? 0,
    inputTokens: row?.input ?? 0,
    outputTokens: row?.output ?? 0,
    costUsd: Math.round((row?.cost ?? 0) * 1e6) / 1e6,
    unpricedCalls: row?.unpriced ?? 0,
  };
}

/** The log of LLM calls; per paper and per run figures are sums over it. */
export class LlmCallRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO llm_calls (run_id, paper_id, agent, model, attempt, input_tokens, output_tokens, cost_usd, outcome, error, duration_ms, created_at)
        VALUES (@runId, @paperId, @agent, @model, @attempt, @inputTokens, @outputTokens, @costUsd, @outcome, @error, @durationMs, @now)`),
      run: db.prepare<[string], UsageRow>(`${SUMS} WHERE run_id = ?`),
      runByAgent: db.prepare<[string], UsageRow & { agent: string }>(`${SUMS.replace('SELECT', 'SELECT agent,')} WHERE run_id = ? GROUP BY agent ORDER BY agent`),
      paper: db.prepare<[string, number], UsageRow>(`${SUMS} WHERE run_id = ? AND paper_id = ?`),
    };
  }

  record(call: LlmCall): void {
    this.stmts.insert.run({ ...LlmCallSchema.parse(call), now: nowIso() });
  }

  /** A run's usage. */
  forRun(runId: string): LlmUsage {
    return usage(this.stmts.run.get(runId));
  }

  /** A run's usage by agent. */
  forRunByAgent(runId: string): Record<string, LlmUsage> {
    return Object.fromEntries(this.stmts.runByAgent.all(runId).map((r) => [r.agent, usage(r)]));
  }

  /** One paper's usage within a run. */
  forPaper(runId: string, paperId: number): LlmUsage {
    return usage(this.stmts.paper.get(runId, paperId));
  }
}
