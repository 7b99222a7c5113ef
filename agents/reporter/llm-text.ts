import type { LlmUsage } from '../../db/llm-calls.js';
import type { Provenance } from '../../db/schema.js';

/** Plain text (escape it for the format): "summary and TLDR: openai:gpt-4o-mini · key terms: deterministic agent (fallback: ...)". */
export function provenanceText(p: Provenance): string {
  const one = (what: string, a: Provenance['summarizer']) => `${what}: ${a.by === 'nlp' ? 'deterministic agent' : a.by}${a.fallback ? ` (fallback: ${a.fallback})` : ''}`;
  return `${one('summary and TLDR', p.summarizer)} · ${one('key terms', p.terms)}`;
}

/** Plain text: "3 LLM calls, 1,234 input + 210 output tokens, $0.000312". */
export function usageText(u: LlmUsage): string {
  const cost = u.costUsd > 0 || u.unpricedCalls === 0 ? `$${u.costUsd.toFixed(6)}` : 'no price known';
  return `${u.calls} LLM call${u.calls === 1 ? '' : 's'}${u.failedCalls ? ` (${u.failedCalls} unusable)` : ''}, ${u.inputTokens.toLocaleString('en-US')} input + ${u.outputTokens.toLocaleString('en-US')} output tokens, ${cost}`;
}
