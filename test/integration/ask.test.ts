import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AskResultSchema } from '../../agents/answerer/schema.js';
import { ArxivServer } from '../helpers/arxiv-server.js';
import { runCli } from '../helpers/cli.js';
import { hasSharedData, SKIP_REASON } from '../helpers/shared-data.js';

/** Asks through the real CLI and returns the validated JSON answer. */
async function ask(db: string, question: string, ...flags: string[]) {
  const result = await runCli(['--db', db, '--json', 'ask', question, ...flags]);
  expect(result.code, result.stderr).toBe(0);
  return AskResultSchema.parse(JSON.parse(result.stdout));
}

describe('paperloom ask over a library of the 10 sample papers', () => {
  let root: string;
  let db: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-ask-'));
    db = path.join(root, 'library.db');
    expect((await runCli(['--db', db, '-q', 'run', 'GAN', '--source', 'sample'])).code).toBe(0);
  }, 60_000);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it.each([
    ['which papers use capsule networks in the generator?', '2003.08047'],
    ['how are stochastic differential equations simulated with GANs?', '2104.01437'],
    ['growth of GaN on patterned sapphire substrates', '1611.08337'],
    ['loss-sensitive GANs on Lipschitz densities', '1701.06264'],
    ['what is the Wasserstein distance in WGAN?', '1904.08994'],
  ])('answers "%s" with the paper that is about it first', async (question, expected) => {
    const result = await ask(db, question);
    expect(result.retrieved[0]).toBe(expected);
    expect(result.citations[0]!.arxivId).toBe(expected);
    expect(result.answer).toContain(`[arXiv:${expected}]`);
    expect(result.mode).toBe('extractive');
    // every citation is one of the retrieved papers
    for (const c of result.citations) expect(result.retrieved).toContain(c.arxivId);
  });

  it('says "nothing found" when no paper answers, rather than padding', async () => {
    const result = await ask(db, 'which papers combine MPI with Dask?');
    expect(result.retrieved).toEqual([]);
    expect(result.citations).toEqual([]);
    expect(result.answer).toMatch(/^Nothing found/);
  });

  it.each([
    ['FTS syntax', 'GAN AND ( NEAR( "unbalanced * title:x abstract:'],
    ['SQL', "'); DROP TABLE papers; SELECT * FROM papers; --"],
    ['quotes', '"""\'\'\'``'],
    ['emoji', '🚀🤖 GAN 🎨'],
    ['right-to-left text', 'ما هي شبكات GAN التوليدية؟ עברית'],
    ['10 KB of text', `${'generative adversarial networks and capsules '.repeat(230)}`],
  ])('survives %s: an answer or "nothing found", never an error', async (_name, question) => {
    const result = await ask(db, question);
    expect(result.question).toBe(question);
    expect(typeof result.answer).toBe('string');
    for (const c of result.citations) expect(result.retrieved).toContain(c.arxivId);
  });

  it('rejects an empty question with one line and exit 2', async () => {
    for (const empty of ['', '   ']) {
      const result = await runCli(['--db', db, 'ask', empty]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toMatch(/^paperloom: the question is empty/);
    }
  });

  it('filters by date and category', async () => {
    expect((await ask(db, 'capsule networks', '--since', '2021-01-01')).retrieved).toEqual([]);
    expect((await ask(db, 'capsule networks', '--category', 'cs.CV')).retrieved[0]).toBe('2003.08047');
    expect((await ask(db, 'capsule networks', '--category', 'math.AG')).retrieved).toEqual([]);
  });

  it('prints the answer with the list of cited papers', async () => {
    const result = await runCli(['--db', db, 'ask', 'capsule networks for GANs']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Cited papers:');
    expect(result.stdout).toContain('https://arxiv.org/abs/2003.08047');
  });
});

describe.skipIf(!hasSharedData)(`paperloom ask --fetch against a loopback arXiv ${SKIP_REASON}`, () => {
  let server: ArxivServer;
  let root: string;
  beforeAll(async () => {
    server = await new ArxivServer().start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-askfetch-'));
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('fetches and analyses papers for the question through the arXiv client, then answers from them', async () => {
    const db = path.join(root, 'library.db');
    const env = { ARXIV_API_URL: server.url, PAPERLOOM_ARXIV_DELAY_MS: '10', PAPERLOOM_ARXIV_PAGE_SIZE: '10', PAPERLOOM_ARXIV_RETRIES: '1', PAPERLOOM_ARXIV_BACKOFF_MS: '5' };
    const result = await runCli(['--db', db, '--json', '-q', 'ask', 'testing', '--fetch'], env);
    expect(result.code, result.stderr).toBe(0);
    const answer = AskResultSchema.parse(JSON.parse(result.stdout));
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    expect(server.requests[0]!.params.get('search_query')).toBe('all:testing');
    expect(answer.retrieved.length).toBeGreaterThan(0);
    for (const c of answer.citations) expect(answer.retrieved).toContain(c.arxivId);
  }, 60_000);
});
