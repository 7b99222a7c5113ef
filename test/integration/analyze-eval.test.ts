import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analysePaper } from '../../agents/analyst/analyse-paper.js';
import { analyseAll } from '../../agents/analyst/node.js';
import { encodeAnalysis } from '../../db/analyses.js';
import { createAdaptiveAnalyser, createAnalyserPool, IN_PROCESS_PAPERS } from '../../agents/analyst/pool.js';
import { parseAtomFeed } from '../../agents/fetcher/atom.js';
import { SampleSource } from '../../agents/fetcher/sources.js';
import { asPaper } from '../../src/eval/evaluate.js';
import { runCli } from '../helpers/cli.js';
import { freshDir } from '../helpers/db.js';
import { SHARED_DATA, hasSharedData, SKIP_REASON } from '../helpers/shared-data.js';

const papers = parseAtomFeed(SampleSource.loadFeed()).papers;
const jsonl = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

describe('paperloom analyze', () => {
  it('writes, per input line, exactly what the pipeline computes for that text', async () => {
    const dir = freshDir();
    const input = path.join(dir, 'in.jsonl');
    const out = path.join(dir, 'out.jsonl');
    fs.writeFileSync(input, jsonl([
      { id: 'a', title: papers[0]!.title, abstract: papers[0]!.abstract },
      { id: 7, text: papers[1]!.abstract },
    ]));
    const result = await runCli(['analyze', '--data', input, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(['a', '7']);
    const expected = analysePaper(asPaper('a', papers[0]!.title, papers[0]!.abstract));
    expect(rows[0]).toEqual({ id: 'a', keyphrases: expected.terms.map((t) => t.term), tldr: expected.tldr, summary: expected.summary });
    expect(rows[0].keyphrases.length).toBeGreaterThanOrEqual(10);
  });

  it('rejects a line without text or abstract, naming the line, and writes nothing', async () => {
    const dir = freshDir();
    const input = path.join(dir, 'in.jsonl');
    fs.writeFileSync(input, jsonl([{ id: 'ok', text: 'Graph neural networks for molecules.' }, { id: 'bad', title: 'no text' }]));
    const result = await runCli(['analyze', '--data', input, '--out', path.join(dir, 'out.jsonl')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^paperloom: .*in\.jsonl: line 2: .*needs "text" or "abstract"/);
    expect(fs.existsSync(path.join(dir, 'out.jsonl'))).toBe(false);
  });
});

describe('paperloom eval', () => {
  it('scores a small key-phrase set, beside its baselines, in the same run', async () => {
    const dir = freshDir();
    const data = path.join(dir, 'keyphrases-tiny.jsonl');
    const gold = papers.slice(0, 3).map((p, i) => {
      const terms = analysePaper(asPaper(String(i), '', `${p.title}. ${p.abstract}`)).terms.map((t) => t.term);
      return { id: String(i), title: '', text: `${p.title}. ${p.abstract}`, keyphrases: [terms[0]!, 'an absent phrase'] };
    });
    fs.writeFileSync(data, jsonl(gold));
    const result = await runCli(['--json', 'eval', 'keyphrases', '--data', data]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.documents).toBe(3);
    expect(report.scores.map((s: { method: string }) => s.method)).toEqual(['paperloom', 'TF-IDF (noun phrases; DF from this set)', 'first noun phrases', 'YAKE (reimplemented, wink stop words)', 'KP-Miner (as pke; DF from this set)', 'oracle: gold candidates first (ceiling)']);
    // each document's first prediction is one of its two gold phrases: P@5 = 1/5, R = 1/2
    const ours = report.scores[0];
    expect(ours.f1at5).toBeCloseTo(100 * ((2 * 0.2 * 0.5) / 0.7), 5);
  });

  it('scores TLDRs with the first-sentence baseline and the oracle ceiling', async () => {
    const dir = freshDir();
    const data = path.join(dir, 'tldr-tiny.jsonl');
    fs.writeFileSync(data, jsonl([{ id: 'x', title: papers[0]!.title, abstract: papers[0]!.abstract, targets: ['This is a tutorial and survey paper on generative adversarial networks.'] }]));
    const result = await runCli(['--json', 'eval', 'tldr', '--data', data]);
    expect(result.code, result.stderr).toBe(0);
    const [ours, first, oracle] = JSON.parse(result.stdout).scores;
    expect(first.method).toBe('first sentence');
    // the abstract's first sentence says it is a tutorial and survey: the oracle picks it, and so does the
    // TLDR, shortened (the aside "(GAN)" dropped), which scores above the whole sentence
    expect(oracle.rouge1).toBeGreaterThanOrEqual(first.rouge1);
    expect(oracle.rouge1).toBeGreaterThan(50);
    expect(ours.rouge1).toBeGreaterThan(oracle.rouge1);
  });

  it('says which folder it cannot find', async () => {
    const result = await runCli(['eval', 'all', '--dir', '/nonexistent/eval']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('paperloom: evaluation folder not found: /nonexistent/eval');
  });
});

describe.skipIf(!hasSharedData)(`the development sets ${SKIP_REASON}`, () => {
  it('reproduce the README figures on SciTLDR (TLDR ROUGE-1 at least 40, above the first sentence)', async () => {
    const result = await runCli(['--json', 'eval', 'tldr', '--data', path.join(SHARED_DATA, 'eval/tldr-scitldr-dev.jsonl')]);
    const [ours, first, oracle] = JSON.parse(result.stdout).scores;
    expect(first.rouge1).toBeCloseTo(30.1, 0);
    expect(oracle.rouge1).toBeCloseTo(47.8, 0);
    expect(ours.rouge1).toBeGreaterThanOrEqual(40);
  }, 120_000);
});

describe('the adaptive analyser', () => {
  it('analyses small runs in this thread and the rest on workers, with the same results', async () => {
    const adaptive = createAdaptiveAnalyser(2);
    try {
      const few = await analyseAll(adaptive, papers.slice(0, 5));
      const many = await analyseAll(adaptive, Array.from({ length: IN_PROCESS_PAPERS }, (_, i) => papers[i % papers.length]!));
      expect(few).toEqual(papers.slice(0, 5).map((p) => ({ ok: true, value: analysePaper(p) })));
      // on workers, encoded for storage: the same analysis, as it would be stored
      expect(many).toEqual(many.map((_, i) => ({ ok: true, encoded: encodeAnalysis(analysePaper(papers[i % papers.length]!)) })));
    } finally {
      await adaptive.close();
    }
  });
});

describe('the analyser pool', () => {
  const pool = createAnalyserPool(2);
  afterAll(() => pool.close());

  it('returns exactly what the in-process analyser returns', async () => {
    const outcomes = await analyseAll(pool, papers);
    expect(outcomes).toEqual(papers.map((p) => ({ ok: true, encoded: encodeAnalysis(analysePaper(p)) })));
    expect(await pool.analyse(papers[3]!)).toEqual(analysePaper(papers[3]!));
  });

  it('reports a paper that cannot be analysed as failed without failing the others', async () => {
    const broken = { ...papers[0]!, title: undefined } as unknown as (typeof papers)[number];
    const outcomes = await analyseAll(pool, [papers[1]!, broken, papers[2]!]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
  });
});
