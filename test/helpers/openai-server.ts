import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A chat completions request as the client sent it (the parts the scripts look at). */
export type ChatRequest = {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  tools?: unknown[];
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  [key: string]: unknown;
};

/** What the server answers: a completion, an HTTP error, or nothing at all (a hung socket). */
export type ScriptedReply =
  | { content: string | null; refusal?: string; finishReason?: 'stop' | 'length' | 'content_filter'; promptTokens?: number; completionTokens?: number }
  | { status: number; headers?: Record<string, string>; error: { message: string; type: string; code: string | null } }
  | { hang: true };

/** Real error bodies of OpenAI's API. */
export const RATE_LIMITED = (retryAfterSeconds: number): ScriptedReply => ({
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '0' },
  error: { message: 'Rate limit reached for gpt-4o-mini in organization org-test on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms.', type: 'requests', code: 'rate_limit_exceeded' },
});
export const SERVER_ERROR: ScriptedReply = {
  status: 500,
  error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
};

/** A rough token count, as a stand-in for the model's tokenizer: about four characters a token. */
export function roughTokens(text: string): number {
  return Math.max(1, Math.round(text.length / 4));
}

/**
 * A loopback server speaking OpenAI's chat completions API (POST /v1/chat/completions), answering from
 * a script: a function of the request and its number (0-based). Records every request.
 */
export class OpenAiServer {
  readonly requests: { body: ChatRequest; at: number; headers: http.IncomingHttpHeaders }[] = [];
  private readonly server: http.Server;
  private readonly hung = new Set<http.ServerResponse>();
  port = 0;

  constructor(private script: (request: ChatRequest, n: number) => ScriptedReply | Promise<ScriptedReply>) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Replaces the script (the request count goes on). */
  setScript(script: (request: ChatRequest, n: number) => ScriptedReply | Promise<ScriptedReply>): void {
    this.script = script;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `Unknown request URL: ${req.method} ${req.url}`, type: 'invalid_request_error', code: 'unknown_url' } }));
      return;
    }
    const body = JSON.parse(raw) as ChatRequest;
    const n = this.requests.length;
    this.requests.push({ body, at: Date.now(), headers: req.headers });
    const reply = await this.script(body, n);
    if ('hang' in reply) {
      this.hung.add(res);
      return;
    }
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify({ error: { ...reply.error, param: null } }));
      return;
    }
    const promptTokens = reply.promptTokens ?? roughTokens(body.messages.map((m) => m.content).join('\n'));
    const completionTokens = reply.completionTokens ?? roughTokens(reply.content ?? reply.refusal ?? '');
    const completion = {
      id: `chatcmpl-test${n}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{
        index: 0,
        message: { role: 'assistant', content: reply.content, refusal: reply.refusal ?? null, annotations: [] },
        logprobs: null,
        finish_reason: reply.finishReason ?? 'stop',
      }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: 'fp_test',
    };
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_test${n}` });
    res.end(JSON.stringify(completion));
  }
}
