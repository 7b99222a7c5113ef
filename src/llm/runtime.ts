import pLimit from 'p-limit';
import { LLM_AGENTS, type LlmAgent, type LlmConfig } from '../config.js';
import type { Library } from '../../db/index.js';
import type { LlmCall } from '../../db/llm-calls.js';
import { loadChatModel } from './models.js';
import type { ModelHandle } from './structured.js';
import { Budget, loadPrices, priceOf } from './usage.js';

/** The LLM side of one run or one question: a model handle per agent that has one, one budget, one limit. */
export type LlmRuntime = {
  /** The agent's model, or undefined when the agent is the deterministic one. */
  handle(agent: LlmAgent): ModelHandle | undefined;
  /** Which model each agent uses (null: deterministic). */
  agents: Record<LlmAgent, string | null>;
  budget: Budget;
  /** What the run's record should say about the LLM: models, budget, when it was reached. */
  summary(): LlmRunInfo;
  /** Calls, tokens and cost of this runtime's calls so far. */
  totals(): { calls: number; inputTokens: number; outputTokens: number; costUsd: number };
};

/** Stored with a run (runs.llm) and shown in its report. */
export type LlmRunInfo = { agents: Record<LlmAgent, string | null>; budgetUsd: number | null; budgetReachedAt: string | null; unavailable: Record<string, string> };

/** True when at least one agent uses a model. */
export function llmEnabled(config: LlmConfig): boolean {
  return LLM_AGENTS.some((a) => config.agents[a] !== null);
}

/**
 * Makes the models of the agents that have one (loadChatModel, once per distinct spec), sharing a
 * budget, a limit on calls in flight and the record of calls in the library (tagged with `runId`).
 */
export async function createLlmRuntime(config: LlmConfig, library: Library, log: (line: string) => void = () => {}, alreadySpentUsd = 0): Promise<LlmRuntime> {
  const prices = loadPrices(config.pricesFile);
  const budget = new Budget(config.budgetUsd, alreadySpentUsd);
  const limit = pLimit(config.concurrency);
  const handles = new Map<string, ModelHandle>();
  const totals = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  const record = (call: LlmCall) => {
    totals.calls++;
    totals.inputTokens += call.inputTokens;
    totals.outputTokens += call.outputTokens;
    totals.costUsd += call.costUsd ?? 0;
    library.llmCalls.record(call);
  };
  for (const agent of LLM_AGENTS) {
    const spec = config.agents[agent];
    if (!spec || handles.has(spec)) continue;
    const price = priceOf(prices, spec);
    if (!price) log(`no price known for ${spec}: its calls count as free (add it to a PAPERLOOM_LLM_PRICES file)`);
    handles.set(spec, {
      spec,
      model: await loadChatModel(spec, config),
      price,
      budget,
      limit: (fn) => limit(fn),
      record,
      maxTokens: config.maxTokens,
      retries: config.retries,
      backoffMs: 1000,
      broken: null,
    });
  }
  return {
    handle: (agent) => (config.agents[agent] ? handles.get(config.agents[agent]!) : undefined),
    agents: { ...config.agents },
    budget,
    totals: () => ({ ...totals, costUsd: Math.round(totals.costUsd * 1e6) / 1e6 }),
    summary: () => ({
      agents: { ...config.agents },
      budgetUsd: budget.limitUsd,
      budgetReachedAt: budget.reached,
      unavailable: Object.fromEntries([...handles.values()].filter((h) => h.broken).map((h) => [h.spec, h.broken!])),
    }),
  };
}
