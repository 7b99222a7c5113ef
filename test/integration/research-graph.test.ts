import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../../agents/reporter/schema.js';
import { buildReport } from '../../agents/reporter/build-report.js';
import { startRun, resumeRun } from '../../graphs/research/run.js';
import { freshLibrary } from '../helpers/db.js';
import { mermaidBlocks, parseMermaid } from '../helpers/mermaid.js';
import { defaultAnalyser, defaultSkills, request, testDeps } from '../helpers/research.js';

/** An analyser that takes a while per paper and records how many papers were in flight at once. */
function probeAnalyser(delayMs: number) {
  const probe = { inFlight: 0, maxInFlight: 0, calls: 0 };
  const analyser = {
    version: defaultAnalyser.version,
    analyse: async (paper: Parameters<typeof defaultAnalyser.analyse>[0]) => {
      probe.calls++;
      probe.inFlight++;
      probe.maxInFlight = Math.max(probe.maxInFlight, probe.inFlight);
      await sleep(delayMs);
      probe.inFlight--;
      return defaultAnalyser.analyse(paper);
    },
  };
  return { probe, analyser };
}

describe('research graph', () => {
  it('analyses papers concurrently, up to the configured limit', async () => {
    const library = freshLibrary();
    const { probe, analyser } = probeAnalyser(40);
    const outcome = await startRun(library, testDeps(library, { analyser }), request({ concurrency: 3, batchSize: 1 }));
    expect(outcome).toMatchObject({ status: 'completed', papers: 10, analysed: 10, failed: 0 });
    expect(probe.calls).toBe(10);
    expect(probe.maxInFlight).toBe(3);
  });

  it('loses no fan-out task at the smallest allowed concurrency (2)', async () => {
    const library = freshLibrary();
    const { probe, analyser } = probeAnalyser(5);
    const outcome = await startRun(library, testDeps(library, { analyser }), request({ concurrency: 2, batchSize: 1 }));
    expect(outcome.analysed).toBe(10);
    expect(probe.calls).toBe(10);
    expect(probe.maxInFlight).toBe(2);
  });

  it('records one failing paper as failed and finishes the run', async () => {
    const library = freshLibrary();
    const analyser = {
      version: defaultAnalyser.version,
      analyse: async (paper: Parameters<typeof defaultAnalyser.analyse>[0]) => {
        if (paper.arxivId === '1904.08994') throw new Error('analyser exploded on purpose');
        await sleep(5);
        return defaultAnalyser.analyse(paper);
      },
    };
    const outcome = await startRun(library, testDeps(library, { analyser }), request({ batchSize: 1 }));
    expect(outcome).toMatchObject({ status: 'completed', papers: 10, analysed: 9, failed: 1 });
    const report = buildReport(library, { kind: 'run', runId: outcome.runId }, { matcher: defaultSkills() });
    const failed = report.papers.find((p) => p.arxivId === '1904.08994')!;
    expect(failed).toMatchObject({ status: 'failed', error: 'analyser exploded on purpose', analysis: null });
    expect(report.synthesis!.papers.map((p) => p.arxivId)).not.toContain('1904.08994');
    expect(fs.readFileSync(outcome.reportPath!, 'utf8')).toContain('analyser exploded on purpose');
  });

  it('re-running a query adds no duplicates and reuses earlier analyses', async () => {
    const library = freshLibrary();
    const first = await startRun(library, testDeps(library), request());
    const second = await startRun(library, testDeps(library), request());
    expect(first).toMatchObject({ papers: 10, analysed: 10, skipped: 0 });
    expect(second).toMatchObject({ papers: 10, analysed: 0, skipped: 10 });
    const count = (sql: string) => (library.db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM papers')).toBe(10);
    expect(count('SELECT count(*) AS n FROM analyses')).toBe(10);
    expect(count('SELECT count(*) AS n FROM papers_fts')).toBe(10);
    // the second report still shows every card, analysed in the first run
    expect(buildReport(library, { kind: 'run', runId: second.runId }, { matcher: defaultSkills() }).papers.every((p) => p.analysis !== null)).toBe(true);
  });

  it('writes a report whose JSON matches the exported schema and whose diagrams all parse', async () => {
    const library = freshLibrary();
    const outcome = await startRun(library, testDeps(library), request());
    const report = ReportSchema.parse(buildReport(library, { kind: 'run', runId: outcome.runId }, { matcher: defaultSkills() }));
    expect(report.papers).toHaveLength(10);
    for (const card of report.papers) {
      expect(card.analysis!.terms.length).toBeGreaterThan(0);
      expect(card.analysis!.terms.length).toBeLessThanOrEqual(15);
    }
    const markdown = fs.readFileSync(outcome.reportPath!, 'utf8');
    const blocks = mermaidBlocks(markdown);
    expect(blocks).toHaveLength(13); // ten paper graphs, the concept map, the skills chart and co-occurrence graph
    for (const block of blocks) await expect(parseMermaid(block)).resolves.toMatchObject({ config: {} });
  });

  it('resumes a run that failed mid-analysis, analysing every paper exactly once', async () => {
    const library = freshLibrary();
    const calls = new Map<string, number>();
    const analyser = {
      version: defaultAnalyser.version,
      analyse: async (paper: Parameters<typeof defaultAnalyser.analyse>[0]) => {
        calls.set(paper.arxivId, (calls.get(paper.arxivId) ?? 0) + 1);
        await sleep(10);
        return defaultAnalyser.analyse(paper);
      },
    };
    let done = 0;
    // A fault outside the per-paper guard (here: the progress hook) fails the whole step, as a broken
    // disk or a bug would; LangGraph then aborts the sibling tasks in flight.
    const crashing = testDeps(library, {
      analyser,
      onPaperDone: () => {
        if (++done === 4) throw new Error('disk on fire');
      },
    });
    await expect(startRun(library, crashing, request({ batchSize: 1, concurrency: 2 }))).rejects.toThrow('disk on fire');
    const runId = library.runs.list(1)[0]!.id;
    expect(library.runs.get(runId)).toMatchObject({ status: 'failed', error: 'disk on fire' });
    const before = library.db.prepare('SELECT paper_id, created_at FROM analyses ORDER BY paper_id').all();
    expect(before.length).toBeGreaterThanOrEqual(4);
    expect(before.length).toBeLessThan(10);
    const finished = new Set((library.db.prepare('SELECT p.arxiv_id FROM analyses a JOIN papers p ON p.id = a.paper_id').all() as { arxiv_id: string }[]).map((r) => r.arxiv_id));
    const callsBefore = new Map(calls);

    const outcome = await resumeRun(library, testDeps(library, { analyser }), runId);
    expect(outcome).toMatchObject({ status: 'completed', papers: 10, analysed: 10, failed: 0 });
    // papers finished before the crash are not analysed again; the one in flight when it hit may be
    for (const id of finished) expect(calls.get(id)).toBe(callsBefore.get(id));
    expect(calls.size).toBe(10);
    expect([...calls.values()].reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10 + 1);
    const after = library.db.prepare('SELECT paper_id, created_at FROM analyses ORDER BY paper_id').all();
    expect(after).toHaveLength(10);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  it('resumes a run whose source failed, from the start', async () => {
    const library = freshLibrary();
    const deps = testDeps(library);
    let reachable = false;
    const flaky = testDeps(library, {
      openSource: (spec) => {
        if (!reachable) throw new Error('arXiv is down');
        return deps.openSource(spec);
      },
    });
    await expect(startRun(library, flaky, request())).rejects.toThrow('arXiv is down');
    const runId = library.runs.list(1)[0]!.id;
    reachable = true;
    expect(await resumeRun(library, flaky, runId)).toMatchObject({ status: 'completed', papers: 10, analysed: 10 });
  });

  it('refuses to resume an unknown run', async () => {
    const library = freshLibrary();
    await expect(resumeRun(library, testDeps(library), 'run-nope')).rejects.toThrow(/no run run-nope/);
  });
});
