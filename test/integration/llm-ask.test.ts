import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AskResultSchema } from '../../agents/answerer/schema.js';
import { runCli } from '../helpers/cli.js';
import { OpenAiServer, type ChatRequest, type ScriptedReply } from '../helpers/openai-server.js';
import { agentOf, competentReply, dataBlocks } from '../helpers/scripted-llm.js';

describe('ask with the LLM answerer (loopback OpenAI server)', () => {
  let script: (request: ChatRequest) => ScriptedReply = competentReply;
  const server = new OpenAiServer((request) => script(request));
  let db: string;
  const env = () => ({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test' });
  const ask = async (...args: string[]) => {
    const r = await runCli(['--db', db, '--json', 'ask', ...args, '--llm', 'openai:gpt-4o-mini'], env());
    expect(r.code, r.stderr).toBe(0);
    return { result: AskResultSchema.parse(JSON.parse(r.stdout)), stderr: r.stderr };
  };
  beforeAll(async () => {
    await server.start();
    // One library for the file (freshDbPath's folders go after each test).
    db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-ask-llm-')), 'library.db');
    const run = await runCli(['--db', db, 'run', 'GAN', '--source', 'sample'], {});
    expect(run.code, run.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await server.stop();
    fs.rmSync(path.dirname(db), { recursive: true, force: true });
  });

  it('answers from the retrieved papers, every citation one of them', async () => {
    script = competentReply;
    const { result, stderr } = await ask('generative adversarial networks for images');
    expect(result.mode).toBe('llm');
    expect(result.citations.length).toBeGreaterThan(0);
    for (const c of result.citations) expect(result.retrieved).toContain(c.arxivId);
    expect(result.answer).toMatch(/\(Written by openai:gpt-4o-mini from the papers retrieved for the question; every citation checked\.\)/);
    expect(result.llm).toMatchObject({ model: 'openai:gpt-4o-mini', calls: 1 });
    expect(stderr).toMatch(/answerer openai:gpt-4o-mini: 1 calls/);
    const request = server.requests.at(-1)!.body;
    expect(agentOf(request)).toBe('answer');
    expect(dataBlocks(request).question).toBe('generative adversarial networks for images');
  });

  it('drops a sentence citing a paper that was not retrieved, and keeps the rest', async () => {
    script = (request) => {
      const id = /\[arXiv:([^\]]+)\]/.exec(dataBlocks(request).papers ?? '')![1];
      return { content: JSON.stringify({ answer: `GANs synthesise images [arXiv:${id}]. A famous paper says otherwise [arXiv:1406.2661]. Uncited claims are dropped.`, found: true }) };
    };
    const { result } = await ask('generative adversarial networks for images');
    expect(result.mode).toBe('llm');
    expect(result.answer).not.toContain('1406.2661');
    expect(result.answer).not.toContain('Uncited claims');
    expect(result.citations).toHaveLength(1);
  });

  it('repairs an answer that cites nothing retrieved, then answers extractively when it cannot', async () => {
    script = () => ({ content: JSON.stringify({ answer: 'Everyone knows GANs [arXiv:1406.2661].', found: true }) });
    const before = server.requests.length;
    const { result, stderr } = await ask('generative adversarial networks for images');
    expect(server.requests.length - before).toBe(3); // the answer and 2 repairs
    expect(server.requests.at(-1)!.body.messages.at(-1)!.content).toMatch(/cite them as \[arXiv:ID\] with these IDs only: /);
    expect(result.mode).toBe('extractive');
    expect(stderr).toMatch(/answerer: no usable reply after 2 repairs/);
    for (const c of result.citations) expect(result.retrieved).toContain(c.arxivId);
  });

  it('says nothing was found when the model finds the papers do not answer', async () => {
    script = () => ({ content: JSON.stringify({ answer: 'The papers do not say.', found: false }) });
    const { result } = await ask('generative adversarial networks for images');
    expect(result.mode).toBe('llm');
    expect(result.citations).toEqual([]);
    expect(result.answer).toMatch(/^Nothing found/);
  });
});
