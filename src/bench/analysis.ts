/**
 * `npm run bench`: throughput of the full per-paper analysis (summary, TLDR, key terms, concept graph
 * and its Mermaid, SQLite writes) as the research graph runs it, on the 2025 corpus, beside the floor:
 * the time wink-nlp takes merely to tokenise the same texts; then the latency of `ask` over the library
 * it built, for a fixed list of 50 questions (p50, p95); then, unless --no-workers, the distributed
 * analysis with 1 and 2 worker processes (src/bench/workers.ts, needs Redis).
 *
 *   npm run bench -- [--limit N] [--workers N] [--corpus FILE] [--no-workers]
 */
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { ANALYSER_VERSION, analysePaper } from '../../agents/analyst/analyse-paper.js';
import { createAnalyserPool, defaultThreads } from '../../agents/analyst/pool.js';
import type { PaperSource } from '../../agents/fetcher/sources.js';
import { openLibrary } from '../../db/index.js';
import { compileAskGraph } from '../../graphs/ask/graph.js';
import { ask } from '../../graphs/ask/run.js';
import { startRun } from '../../graphs/research/run.js';
import { corpusFile, flag, loadCorpus } from './common.js';
import { BENCH_QUESTIONS } from './questions.js';
import { compileTaxonomy } from '../skills/match.js';
import { loadTaxonomy } from '../skills/taxonomy.js';

const corpus = corpusFile();
const limit = Number(flag('limit', '1000000'));
const workers = Number(flag('workers', String(defaultThreads())));
const pipelineOnly = process.argv.includes('--pipeline-only');

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/**
 * CPU time of this process's main thread so far, in ms (Linux: /proc, 10 ms ticks), or null elsewhere.
 * The event loop's busy share counts time the thread waited for a core too, so it overstates the main
 * thread's cost when the worker threads keep both cores busy.
 */
function mainThreadCpuMs(): number | null {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

const papers = await loadCorpus(corpus, limit);
console.log(`bench: ${papers.length} papers from ${path.basename(corpus)}; ${os.availableParallelism()} cores; ${workers} worker threads; analyser ${ANALYSER_VERSION}`);

// The floor: wink-nlp with no pipeline, tokenising the same title and abstract in one thread. The
// median of three passes: one pass moved by ±10% between runs on this machine, the pipeline far less.
const tokenizer = winkNLP(model, []);
let started = 0;
let tokens = 0;
const floorPasses: number[] = [];
for (let pass = 0; pass < (pipelineOnly ? 1 : 3); pass++) {
  started = performance.now();
  tokens = 0;
  for (const p of pipelineOnly ? [] : papers) tokens += tokenizer.readDoc(`${p.title}. ${p.abstract}`).tokens().length();
  floorPasses.push(performance.now() - started);
}
const floorMs = [...floorPasses].sort((a, b) => a - b)[floorPasses.length >> 1]!;

// One thread, analysis only (no SQLite), on a sample: the per-paper CPU cost.
const sample = papers.slice(0, pipelineOnly ? 1 : Math.min(2000, papers.length));
analysePaper(sample[0]!);
started = performance.now();
for (const p of sample) analysePaper(p);
const cpuPerPaper = (performance.now() - started) / sample.length;

// The pipeline: the research graph over these papers (an in-memory source), analyses on worker threads.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-bench-'));
const library = openLibrary(path.join(dir, 'bench.db'));
const memory: PaperSource = { spec: 'memory', papers: async function* () { yield* papers; } };
const pool = workers > 0 ? createAnalyserPool(workers) : null;
let fetchedAt = 0;
let analysedAt = 0;
// CPU time of the whole process (main thread, worker threads, SQLite) while the papers are analysed.
let cpuAtFetched = process.cpuUsage();
let cpuAnalysing = { user: 0, system: 0 };
let eluAtFetched = performance.eventLoopUtilization();
let eluAnalysing = eluAtFetched;
let done = 0;
let mainAtFetched = mainThreadCpuMs();
let mainAnalysing: number | null = null;
started = performance.now();
const outcome = await startRun(
  library,
  {
    library,
    openSource: () => memory,
    analyser: pool ?? { version: ANALYSER_VERSION, analyse: analysePaper },
    reportDir: dir,
    skills: compileTaxonomy(loadTaxonomy()),
    onFetched: () => {
      fetchedAt = performance.now();
      cpuAtFetched = process.cpuUsage();
      mainAtFetched = mainThreadCpuMs();
      eluAtFetched = performance.eventLoopUtilization();
    },
    onPaperDone: () => {
      if (++done === papers.length) {
        analysedAt = performance.now();
        cpuAnalysing = process.cpuUsage(cpuAtFetched);
        const mainNow = mainThreadCpuMs();
        mainAnalysing = mainNow !== null && mainAtFetched !== null ? mainNow - mainAtFetched : null;
        eluAnalysing = performance.eventLoopUtilization(eluAtFetched);
      }
    },
  },
  { query: 'all:*', source: 'memory', max: papers.length, since: null, until: null, categories: [], concurrency: Number(flag('concurrency', '4')), batchSize: Number(flag('batch', '0')) },
);
const totalMs = performance.now() - started;
await pool?.close();

// Ask: extractive answers over the library just built, for a fixed list of questions.
const askDeps = { library, skills: compileTaxonomy(loadTaxonomy()) };
const askGraph = compileAskGraph(askDeps);
const askOptions = { k: 5, since: null, category: null, fetch: false };
await ask(askDeps, BENCH_QUESTIONS[0], askOptions, askGraph); // warm-up: loads the NLP model and statistics
const latencies: number[] = [];
let answered = 0;
for (const question of BENCH_QUESTIONS) {
  const t = performance.now();
  const result = await ask(askDeps, question, askOptions, askGraph);
  latencies.push(performance.now() - t);
  if (result.citations.length) answered++;
}
latencies.sort((a, b) => a - b);
const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
library.close();
fs.rmSync(dir, { recursive: true, force: true });

const analysisMs = analysedAt - fetchedAt;
const rate = papers.length / (analysisMs / 1000);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log('');
console.log(`floor: tokenise only (wink-nlp, 1 thread)   ${seconds(floorMs)} s   ${(papers.length / (floorMs / 1000)).toFixed(0)} papers/s   ${tokens} tokens   (median of ${floorPasses.map(seconds).join(', ')} s)`);
console.log(`analysis alone, 1 thread, no SQLite         ${cpuPerPaper.toFixed(3)} ms/paper   ${(1000 / cpuPerPaper).toFixed(0)} papers/s   ${(cpuPerPaper / (floorMs / papers.length)).toFixed(1)}x the floor per paper`);
console.log(`full analysis in the pipeline (+ SQLite)    ${seconds(analysisMs)} s   ${rate.toFixed(0)} papers/s   ${(analysisMs / floorMs).toFixed(1)}x the floor`);
const cpuSeconds = (cpuAnalysing.user + cpuAnalysing.system) / 1e6;
console.log(`  CPU while analysing: ${cpuSeconds.toFixed(1)} s of the ${((analysisMs / 1000) * os.availableParallelism()).toFixed(1)} s the cores had (${((cpuSeconds * 1e6) / papers.length).toFixed(0)} µs a paper); main thread busy ${(eluAnalysing.utilization * 100).toFixed(0)}% (${((eluAnalysing.active * 1000) / papers.length).toFixed(0)} µs a paper)${mainAnalysing === null ? '' : `, of which CPU ${((mainAnalysing * 1000) / papers.length).toFixed(0)} µs`}`);
console.log(`whole run (store, analyse, synthesise, report)  ${seconds(totalMs)} s for ${outcome.papers} papers (${outcome.analysed} analysed, ${outcome.failed} failed)`);
console.log(`peak RSS                                    ${peakRssMb.toFixed(0)} MB`);
console.log(`ask, ${BENCH_QUESTIONS.length} questions (extractive)            p50 ${percentile(50).toFixed(1)} ms   p95 ${percentile(95).toFixed(1)} ms   max ${latencies.at(-1)!.toFixed(1)} ms   ${answered} answered, ${BENCH_QUESTIONS.length - answered} "nothing found"`);

if (!process.argv.includes('--no-workers')) {
  console.log('');
  await import('./workers.js');
}
