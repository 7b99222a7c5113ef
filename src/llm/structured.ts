import { setTimeout as sleep } from 'node:timers/promises';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { z } from 'zod';
import type { LlmCall } from '../../db/llm-calls.js';
import { describeError } from '../errors.js';
import { captureResponses, type CompletionBody } from './models.js';
import { renderPrompt, sanitiseData, type PromptTemplate, type SlotValue } from './prompt.js';
import { costOf, estimateTokens, type Budget, type Price } from './usage.js';

/** Repairs after the first reply at most: three replies in all. */
export const MAX_REPAIRS = 2;
/** Longest wait a Retry-After may ask for before the call gives up instead. */
const MAX_RETRY_AFTER_MS = 60_000;
/** How much of an unusable reply is shown back to the model in a repair. */
const REPLY_ECHO_CHARS = 4000;

/** A model as the agents use it, with what every call needs around it. */
export type ModelHandle = {
  spec: string;
  model: BaseChatModel;
  price: Price | null;
  budget: Budget;
  /** Limits the calls in flight, across all agents of the process. */
  limit: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Stores one call (tokens, cost, outcome). */
  record: (call: LlmCall) => void;
  maxTokens: number;
  retries: number;
  /** First backoff after a failed request; doubles each retry (a Retry-After wins). */
  backoffMs: number;
  /** Set when the server refused us for good (bad key, unknown model): no more calls to it. */
  broken: string | null;
};

/** Why an agent's output came from the deterministic agent instead. */
export type Failure = { ok: false; reason: string };
export type Success<T> = { ok: true; value: T; attempts: number };

/** A call's context, for the record: the run and paper it is for, and which agent asks. */
export type CallContext = { agent: string; runId: string | null; paperId: number | null };

/**
 * Checks the meaning of a reply that already matches the schema (terms that are words of the paper,
 * references that exist, ...). Returns the value to keep, or a message that says what is wrong, for
 * the repair.
 */
export type Check<T> = (value: T) => { ok: true; value: T } | { ok: false; problem: string };

/** The reply's JSON, if there is any: the whole text, or inside a code fence, or the first {...} in prose. */
export function extractJson(text: string): unknown {
  const attempts = [text.trim()];
  const fence = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(text);
  if (fence) attempts.push(fence[1]!.trim());
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start >= 0 && end > start) attempts.push(text.slice(start, end + 1));
  for (const a of attempts) {
    try {
      return JSON.parse(a);
    } catch {
      // next
    }
  }
  return undefined;
}

/** A transport error worth retrying (429, 408, 409, 5xx, timeouts, connection errors), and how long to wait. */
function retryable(error: unknown, attempt: number, backoffMs: number): { retry: boolean; waitMs: number } {
  const e = error as { status?: number; name?: string; headers?: { get?: (k: string) => string | null } | Record<string, string>; code?: string; error?: { code?: string } };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const backoff = backoffMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
  if (status === 429 && e.error?.code === 'insufficient_quota') return { retry: false, waitMs: 0 };
  if (status === 429 || status === 408 || status === 409 || (status !== undefined && status >= 500)) {
    const header = (k: string) => (typeof e.headers?.get === 'function' ? e.headers.get(k) : (e.headers as Record<string, string> | undefined)?.[k]) ?? null;
    const ms = Number(header('retry-after-ms'));
    const seconds = header('retry-after');
    let waitMs = Number.isFinite(ms) && ms > 0 ? ms : NaN;
    if (Number.isNaN(waitMs) && seconds) waitMs = /^\d+(\.\d+)?$/.test(seconds) ? Number(seconds) * 1000 : Date.parse(seconds) - Date.now();
    if (Number.isFinite(waitMs) && waitMs > MAX_RETRY_AFTER_MS) return { retry: false, waitMs: 0 };
    return { retry: true, waitMs: Number.isFinite(waitMs) && waitMs >= 0 ? Math.max(waitMs, 100) : backoff };
  }
  if (status !== undefined) return { retry: false, waitMs: 0 };
  // No HTTP status: timeouts and connection failures.
  if (e.name === 'AbortError') return { retry: false, waitMs: 0 };
  return { retry: true, waitMs: backoff };
}

/** Errors that mean the model cannot be used at all this run: bad key, no access, unknown model. */
function fatal(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  return status === 401 || status === 403 || status === 404;
}

type Reply = { body: CompletionBody | null; parsed: unknown; error: unknown };

/**
 * One request, retried on transport errors (429 with Retry-After honoured, 5xx, timeouts). Returns the
 * completion as the server sent it, LangChain's parse of it, and the error, if any.
 */
async function request(handle: ModelHandle, schema: z.ZodType, messages: BaseMessage[]): Promise<Reply> {
  const structured = handle.model.withStructuredOutput(schema, { method: 'jsonSchema', includeRaw: true });
  for (let attempt = 0; ; attempt++) {
    const { result, error, captured } = await captureResponses(() => handle.limit(() => structured.invoke(messages)));
    const body = captured.filter((c) => c.status === 200).at(-1)?.body ?? null;
    if (!error) return { body, parsed: (result as { parsed?: unknown }).parsed, error: null };
    // A reply came back, but LangChain could not parse it: the content is handled by the caller.
    if (body) return { body, parsed: undefined, error };
    const { retry, waitMs } = retryable(error, attempt, handle.backoffMs);
    if (!retry || attempt >= handle.retries) return { body: null, parsed: undefined, error };
    await sleep(waitMs);
  }
}

/**
 * Asks a model for JSON matching `schema` (LangChain's withStructuredOutput, method pinned to
 * jsonSchema, validated by zod), then checks its meaning. A reply cut at the token limit is detected
 * from finish_reason before any parsing; a reply that is not usable is repaired at most MAX_REPAIRS
 * times, by showing the model its reply and what is wrong with it; JSON in a code fence or after prose
 * is accepted if it validates. Every call is recorded with its tokens and cost. The budget is
 * reserved before each call; when it does not fit, no call is made. Never throws for model trouble:
 * the caller gets a Failure and uses its deterministic agent.
 */
export async function callStructured<S extends z.ZodType>(
  handle: ModelHandle,
  prompt: PromptTemplate,
  slots: Record<string, SlotValue>,
  schema: S,
  check: Check<z.infer<S>>,
  context: CallContext,
): Promise<Success<z.infer<S>> | Failure> {
  if (handle.broken) return { ok: false, reason: `model unavailable: ${handle.broken}` };
  const rendered = renderPrompt(prompt, slots);
  const messages: BaseMessage[] = [new SystemMessage(rendered.system), new HumanMessage(rendered.user)];
  let lastProblem = '';
  for (let attempt = 1; attempt <= 1 + MAX_REPAIRS; attempt++) {
    const inputChars = messages.reduce((n, m) => n + String(m.content).length, 0);
    const reservation = handle.budget.reserve(costOf(handle.price, estimateTokens(inputChars), handle.maxTokens) ?? 0);
    if (!reservation) return { ok: false, reason: 'budget reached' };
    const started = performance.now();
    const reply = await request(handle, schema, messages);
    const inputTokens = reply.body?.usage?.prompt_tokens ?? 0;
    const outputTokens = reply.body?.usage?.completion_tokens ?? 0;
    const cost = costOf(handle.price, inputTokens, outputTokens);
    handle.budget.settle(reservation, cost ?? 0);
    const call = { ...context, model: handle.spec, attempt, inputTokens, outputTokens, costUsd: cost, durationMs: Math.round(performance.now() - started) };

    if (!reply.body) {
      const reason = describeError(reply.error);
      handle.record({ ...call, outcome: 'error', error: reason });
      if (fatal(reply.error)) handle.broken = reason;
      return { ok: false, reason: `request failed: ${reason}` };
    }
    const choice = reply.body.choices?.[0];
    const content = choice?.message?.content ?? '';
    const finish = choice?.finish_reason;
    let problem: string;
    if (choice?.message?.refusal || finish === 'content_filter') {
      const why = choice?.message?.refusal ?? 'content filter';
      handle.record({ ...call, outcome: 'refused', error: why.slice(0, 500) });
      return { ok: false, reason: `the model refused: ${why.slice(0, 200)}` };
    } else if (finish === 'length') {
      problem = `the reply was cut off at the length limit (${handle.maxTokens} tokens); reply again, shorter, with only the JSON object`;
      handle.record({ ...call, outcome: 'truncated', error: 'finish_reason: length' });
    } else {
      // LangChain's validated parse; failing that, JSON found in the text (a code fence, prose around it).
      let candidate = reply.error ? undefined : reply.parsed;
      if (candidate === undefined || candidate === null) {
        const json = extractJson(content);
        const validated = json === undefined ? null : schema.safeParse(json);
        if (validated?.success) candidate = validated.data;
        else problem = !content.trim() ? 'the reply was empty' : json === undefined ? 'the reply held no JSON object' : `the JSON does not match the schema: ${z.prettifyError(validated!.error).slice(0, 600)}`;
      }
      if (candidate !== undefined && candidate !== null) {
        const checked = check(candidate as z.infer<S>);
        if (checked.ok) {
          handle.record({ ...call, outcome: 'ok', error: null });
          return { ok: true, value: checked.value, attempts: attempt };
        }
        problem = checked.problem;
      }
      handle.record({ ...call, outcome: 'invalid', error: problem!.slice(0, 1000) });
    }
    lastProblem = problem!;
    messages.push(
      // The reply goes back as the model's own turn, made inert like any untrusted text.
      new AIMessage(sanitiseData(content, REPLY_ECHO_CHARS)),
      new HumanMessage(`Your reply cannot be used: ${lastProblem}. Reply again with only one JSON object that matches the schema.`),
    );
  }
  return { ok: false, reason: `no usable reply after ${MAX_REPAIRS} repairs (${lastProblem.slice(0, 200)})` };
}
