/**
 * `npm run bench:llm`: a 20-paper run with every LLM agent on, against a loopback server that speaks
 * OpenAI's chat completions API with scripted, well-formed replies (test/helpers: the same server the
 * tests use). Prints calls, tokens and cost per agent and for the run, at the built-in price of the
 * model named. Token counts are the server's estimate (about four characters a token), as no real
 * tokenizer runs here: they show the shape of the cost, not an invoice.
 *
 *   npm run bench:llm -- [--papers N] [--model openai:gpt-4o-mini]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReportSchema } from '../../agents/reporter/schema.js';
import { OpenAiServer } from '../../test/helpers/openai-server.js';
import { competentReply } from '../../test/helpers/scripted-llm.js';
import { corpusFile, flag, ROOT } from './common.js';

const corpus = corpusFile();
const papers = Number(flag('papers', '20'));
const model = flag('model', 'openai:gpt-4o-mini');

const server = await new OpenAiServer(competentReply).start();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-bench-llm-'));
const db = path.join(dir, 'bench.db');
const env = { ...process.env, OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-bench' };
// The server runs in this process, the CLI in a child process, as a user would run it.
const cli = (args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/paperloom.ts'), '--db', db, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

const started = performance.now();
const run = await cli(['--json', 'run', '*', '--source', `file:${corpus}`, '--max', String(papers), '--llm', model]);
const seconds = (performance.now() - started) / 1000;
if (run.code !== 0) throw new Error(`run failed: ${run.stderr}`);
const outcome = JSON.parse(run.stdout) as { runId: string; papers: number; analysed: number };
const report = ReportSchema.parse(JSON.parse((await cli(['report', outcome.runId, '--format', 'json'])).stdout));
await server.stop();
fs.rmSync(dir, { recursive: true, force: true });

const llm = report.llm!;
console.log(`bench:llm: ${outcome.papers} papers from ${path.basename(corpus)}, every agent on ${model}, scripted loopback server; ${seconds.toFixed(1)} s`);
console.log('agent        calls  input tokens  output tokens  cost (USD)');
for (const [agent, u] of Object.entries(llm.byAgent)) {
  console.log(`${agent.padEnd(12)} ${String(u.calls).padStart(5)}  ${String(u.inputTokens).padStart(12)}  ${String(u.outputTokens).padStart(13)}  ${u.costUsd.toFixed(6)}`);
}
const u = llm.usage;
console.log(`${'run'.padEnd(12)} ${String(u.calls).padStart(5)}  ${String(u.inputTokens).padStart(12)}  ${String(u.outputTokens).padStart(13)}  ${u.costUsd.toFixed(6)}`);
console.log(`per paper: ${(u.costUsd / outcome.papers).toFixed(6)} USD, ${Math.round((u.inputTokens + u.outputTokens) / outcome.papers)} tokens; fallbacks: summarizer ${llm.fallbacks.summarizer}, terms ${llm.fallbacks.terms}`);
