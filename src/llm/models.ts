import { AsyncLocalStorage } from 'node:async_hooks';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { LlmConfig } from '../config.js';
import { UsageError } from '../errors.js';

/** What one HTTP exchange with the model server returned (the completion body, as sent). */
export type CapturedResponse = { status: number; body: CompletionBody | null };

/** The parts of a chat completion paperloom reads itself. */
export type CompletionBody = {
  choices?: { message?: { content?: string | null; refusal?: string | null }; finish_reason?: string }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
};

/**
 * The responses of the calls made inside `captureResponses`. LangChain (through the openai SDK)
 * throws on replies it cannot parse, a truncated reply among them, and the message is lost with the
 * error, its token usage too; the budget must count those tokens, and a repair needs the reply. So
 * every model request goes through a fetch that keeps a copy of the completion for the call it
 * belongs to (found through AsyncLocalStorage, so concurrent calls never mix).
 */
const responses = new AsyncLocalStorage<CapturedResponse[]>();

export async function captureResponses<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; captured: CapturedResponse[] }> {
  const captured: CapturedResponse[] = [];
  try {
    return { result: await responses.run(captured, fn), captured };
  } catch (error) {
    return { error, captured };
  }
}

const capturingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const store = responses.getStore();
  if (store) store.push({ status: response.status, body: response.ok ? ((await response.clone().json().catch(() => null)) as CompletionBody | null) : null });
  return response;
};

/** Reasoning models (o1, o3, o4, gpt-5) accept only their default temperature. */
function fixedTemperature(model: string): boolean {
  return /^(o\d|gpt-5)/.test(model);
}

/**
 * The one place chat models are made: a spec `openai:<model>` becomes a LangChain chat model (through
 * langchain's `initChatModel`) for OpenAI or any OpenAI-compatible server (OPENAI_BASE_URL). Retries
 * are paperloom's (see callStructured), so LangChain's own are off: one request per invoke.
 */
export async function loadChatModel(spec: string, config: LlmConfig): Promise<BaseChatModel> {
  const [provider, ...rest] = spec.split(':');
  const model = rest.join(':');
  if (provider !== 'openai' || !model) throw new UsageError(`model "${spec}": use openai:<model> (other servers through OPENAI_BASE_URL)`);
  if (!config.apiKey && !config.baseUrl) {
    throw new UsageError('LLM agents need OPENAI_API_KEY (or OPENAI_BASE_URL for a local server such as Ollama or vLLM)');
  }
  const { initChatModel } = await import('langchain/chat_models/universal');
  return (await initChatModel(model, {
    modelProvider: 'openai',
    // Local servers ignore the key, but the client insists on one.
    apiKey: config.apiKey ?? 'not-needed',
    ...(fixedTemperature(model) ? {} : { temperature: 0 }),
    maxTokens: config.maxTokens,
    maxRetries: 0,
    timeout: config.timeoutMs,
    configuration: { ...(config.baseUrl ? { baseURL: config.baseUrl } : {}), fetch: capturingFetch },
  })) as unknown as BaseChatModel;
}
