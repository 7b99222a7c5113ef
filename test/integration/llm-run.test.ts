import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema, type Report } from '../../agents/reporter/schema.js';
import { runCli } from '../helpers/cli.js';
import { freshDbPath } from '../helpers/db.js';
import { mermaidBlocks, parseMermaid } from '../helpers/mermaid.js';
import { OpenAiServer, type ChatRequest, type ScriptedReply } from '../helpers/openai-server.js';
import { agentOf, competentReply, dataBlocks } from '../helpers/scripted-llm.js';

/** A paper of the sample feed whose every reply is broken: prose, no JSON. */
const BROKEN_TITLE = 'Capsule GAN';

describe('a run with LLM agents against a loopback OpenAI server', () => {
  let script: (request: ChatRequest) => ScriptedReply = competentReply;
  const server = new OpenAiServer((request) => script(request));
  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  const llmEnv = () => ({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test', PAPERLOOM_LLM_RETRIES: '0' });

  async function report(db: string, runId: string): Promise<Report> {
    const r = await runCli(['--db', db, 'report', runId, '--format', 'json'], llmEnv());
    expect(r.code, r.stderr).toBe(0);
    return ReportSchema.parse(JSON.parse(r.stdout));
  }

  it('writes a complete report; a paper whose replies are all broken falls back and is marked', async () => {
    const broken = (request: ChatRequest) => (dataBlocks(request).title ?? '').includes(BROKEN_TITLE);
    script = (request) => (broken(request) ? { content: 'I found this paper very interesting! It is about capsules and GANs.' } : competentReply(request));
    const db = freshDbPath();
    const before = server.requests.length;
    const run = await runCli(['--db', db, '--json', 'run', 'GAN', '--source', 'sample', '--llm', 'openai:gpt-4o-mini'], llmEnv());
    expect(run.code, run.stderr).toBe(0);
    const outcome = JSON.parse(run.stdout);
    expect(outcome).toMatchObject({ status: 'completed', papers: 10, analysed: 10, failed: 0 });

    const r = await report(db, outcome.runId);
    const requests = server.requests.slice(before);
    // 10 papers x (summarizer + terms) + 1 synthesizer, plus 2 repairs x 2 agents for the broken paper.
    expect(requests.map((q) => agentOf(q.body)).filter((a) => a === 'summarizer')).toHaveLength(12);
    expect(requests.map((q) => agentOf(q.body)).filter((a) => a === 'terms')).toHaveLength(12);
    expect(requests.map((q) => agentOf(q.body)).filter((a) => a === 'synthesizer')).toHaveLength(1);

    // Every card says who wrote it; the broken paper's parts came from the deterministic agents.
    const cards = r.papers;
    const brokenCard = cards.find((c) => c.title.includes(BROKEN_TITLE))!;
    expect(brokenCard.analysis!.provenance).toEqual({
      summarizer: { by: 'nlp', fallback: expect.stringMatching(/^no usable reply after 2 repairs \(the reply held no JSON object\)/) },
      terms: { by: 'nlp', fallback: expect.stringMatching(/^no usable reply after 2 repairs/) },
    });
    expect(brokenCard.analysis!.terms.length).toBeGreaterThan(0);
    for (const c of cards.filter((x) => x !== brokenCard)) {
      expect(c.analysis!.provenance).toEqual({ summarizer: { by: 'openai:gpt-4o-mini', fallback: null }, terms: { by: 'openai:gpt-4o-mini', fallback: null } });
      expect(c.analysis!.llmUsage!.calls).toBe(2);
    }
    expect(brokenCard.analysis!.llmUsage).toMatchObject({ calls: 6, failedCalls: 6 });

    // Run totals equal what the server counted; cost at gpt-4o-mini's price.
    const usage = requests.map((q) => q.body);
    expect(r.llm).not.toBeNull();
    expect(r.llm!.usage.calls).toBe(usage.length);
    expect(r.llm!.fallbacks).toEqual({ summarizer: 1, terms: 1 });
    expect(r.llm!.agents).toEqual({ summarizer: 'openai:gpt-4o-mini', terms: 'openai:gpt-4o-mini', synthesizer: 'openai:gpt-4o-mini', answer: 'openai:gpt-4o-mini' });
    const dbUsage = new Database(db, { readonly: true }).prepare('SELECT sum(input_tokens) AS i, sum(output_tokens) AS o FROM llm_calls').get() as { i: number; o: number };
    expect(r.llm!.usage.costUsd).toBeCloseTo((dbUsage.i * 0.15 + dbUsage.o * 0.6) / 1e6, 6);

    // The synthesizer named the themes and wrote the takeaways, every reference a paper of the run.
    expect(r.synthesis!.narrative!.by).toBe('openai:gpt-4o-mini');
    const refs = new Set(r.synthesis!.papers.map((p) => p.ref));
    for (const t of r.synthesis!.narrative!.takeaways) for (const p of t.papers) expect(refs.has(p)).toBe(true);
    expect(r.synthesis!.mermaid).toContain(`T1#58; ${r.synthesis!.themes[0]!.name}`);

    // The Markdown report: the LLM section, the marks, and diagrams that all parse.
    const markdown = fs.readFileSync(JSON.parse(run.stdout).reportPath, 'utf8');
    expect(markdown).toContain('## LLM agents and cost');
    expect(markdown).toContain('whose key terms: 1');
    expect(markdown).toMatch(/key terms: deterministic agent \\\(fallback: no usable reply after 2 repairs/); // ( escaped for Markdown
    for (const block of mermaidBlocks(markdown)) expect((await parseMermaid(block)).config).toEqual({});
  }, 60_000);

  it('stops LLM calls at the budget, finishes with the deterministic agents, and says so', async () => {
    script = competentReply;
    const db = freshDbPath();
    // Each call reserves its worst case (1,024 output tokens at $0.60 per million, ~$0.0007): about 4 calls.
    const run = await runCli(['--db', db, '--json', 'run', 'GAN', '--source', 'sample', '--llm', 'openai:gpt-4o-mini', '--budget-usd', '0.003', '--concurrency', '2'], llmEnv());
    expect(run.code, run.stderr).toBe(0);
    const outcome = JSON.parse(run.stdout);
    expect(outcome).toMatchObject({ status: 'completed', analysed: 10, failed: 0 });
    const r = await report(db, outcome.runId);
    expect(r.llm!.budgetUsd).toBe(0.003);
    expect(r.llm!.budgetReachedAt).not.toBeNull();
    expect(r.llm!.usage.costUsd).toBeLessThanOrEqual(0.003);
    expect(r.llm!.usage.calls).toBeGreaterThan(0);
    expect(r.llm!.fallbacks.summarizer + r.llm!.fallbacks.terms).toBeGreaterThan(0);
    const fellBack = r.papers.filter((c) => c.analysis!.provenance!.summarizer.fallback === 'budget reached');
    expect(fellBack.length).toBeGreaterThan(0);
    expect(fs.readFileSync(outcome.reportPath, 'utf8')).toContain('**The budget of $0.003 was reached**');
  }, 60_000);

  it('refuses bad LLM settings with one line, before the library is touched', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--llm', 'anthropic:claude'], llmEnv(), /--llm "anthropic:claude": use openai:<model>/],
      [['--llm', 'openai:gpt-4o-mini'], { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' }, /LLM agents need OPENAI_API_KEY/],
      [['--budget-usd', 'lots'], llmEnv(), /--budget-usd must be an amount in US dollars/],
      [[], { ...llmEnv(), PAPERLOOM_LLM: 'gpt-4o-mini' }, /invalid environment variable PAPERLOOM_LLM/],
      [['--llm', 'openai:gpt-4o-mini'], { ...llmEnv(), PAPERLOOM_LLM_PRICES: '/nonexistent/prices.json' }, /PAPERLOOM_LLM_PRICES: cannot read/],
    ];
    for (const [flags, env, message] of cases) {
      const db = freshDbPath();
      const r = await runCli(['--db', db, 'run', 'GAN', '--source', 'sample', ...flags], { ...env, OPENAI_API_KEY: env.OPENAI_API_KEY ?? '' });
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(fs.existsSync(db)).toBe(false);
    }
  }, 60_000);
});
