/**
 * `npm run bench:workers` (and the second half of `npm run bench`): analysis throughput of a distributed
 * run with 1 and with 2 `paperloom worker` processes on the same corpus slice. Each pass is a real run
 * through the research graph into a fresh library: the papers go to Redis as BullMQ jobs, the worker
 * processes analyse them, the results come back to this process, which writes SQLite. Measured is the
 * analysis phase, from the last paper stored to the last analysis written. Needs Redis at $REDIS_URL.
 *
 *   npm run bench:workers -- [--limit N] [--corpus FILE] [--counts 1,2]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ANALYSER_VERSION } from '../../agents/analyst/analyse-paper.js';
import type { PaperSource } from '../../agents/fetcher/sources.js';
import { openLibrary } from '../../db/index.js';
import { newRunId, startRun } from '../../graphs/research/run.js';
import { loadConfig } from '../config.js';
import { openQueue, queueContext, QUEUES, requireRedis } from '../queue/connection.js';
import { createDistributedAnalyser } from '../queue/distributed.js';
import { compileTaxonomy } from '../skills/match.js';
import { loadTaxonomy } from '../skills/taxonomy.js';
import { corpusFile, flag, loadCorpus, ROOT } from './common.js';

const corpus = corpusFile();
const limit = Number(flag('limit', '6000'));
const counts = flag('counts', '1,2').split(',').map(Number);

/** Starts a `paperloom worker --analysis-only` process and resolves once it is ready. */
function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/paperloom.ts'), 'worker', '--analysis-only'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (stderr.includes('worker ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${stderr}`)));
  });
}

/** CPU seconds a child process has used so far (user + system, from /proc). */
function cpuSeconds(child: ChildProcess): number {
  const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds the Redis server has used (INFO cpu). */
async function redisCpu(): Promise<number> {
  const { Redis } = await import('ioredis');
  const client = new Redis(ctx.redisUrl);
  const info = await client.info('cpu');
  client.disconnect();
  const get = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return get('used_cpu_user') + get('used_cpu_sys');
}

const config = loadConfig({ ...process.env, PAPERLOOM_QUEUE_PREFIX: `bench-${randomUUID().slice(0, 8)}` });
const ctx = queueContext(config);
await requireRedis(ctx);
const papers = await loadCorpus(corpus, limit);
const skills = compileTaxonomy(loadTaxonomy());
console.log(`bench:workers: ${papers.length} papers from ${path.basename(corpus)}; ${os.availableParallelism()} cores; analyser ${ANALYSER_VERSION}; Redis ${ctx.redisUrl}`);

const results: { workers: number; seconds: number; rate: number }[] = [];
for (const count of counts) {
  const env = { REDIS_URL: ctx.redisUrl, PAPERLOOM_QUEUE_PREFIX: ctx.prefix };
  const workers = await Promise.all(Array.from({ length: count }, () => startWorkerProcess(env)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-bench-workers-'));
  const library = openLibrary(path.join(dir, 'bench.db'));
  try {
    const queue = openQueue(ctx, QUEUES.analysis);
    const connected = (await queue.getWorkers()).length;
    await queue.close();
    if (connected !== count) throw new Error(`expected ${count} workers connected to Redis, found ${connected}`);
    const runId = newRunId();
    const cpuBefore = { me: process.cpuUsage(), workers: workers.map(cpuSeconds), redis: await redisCpu() };
    const analyser = createDistributedAnalyser(ctx, runId);
    const memory: PaperSource = { spec: 'memory', papers: async function* () { yield* papers; } };
    let fetchedAt = 0;
    let analysedAt = 0;
    let cpuAtFetched = process.cpuUsage();
    let cpuAtAnalysed = process.cpuUsage();
    const outcome = await startRun(
      library,
      {
        library,
        openSource: () => memory,
        analyser,
        reportDir: dir,
        skills,
        onFetched: () => {
          fetchedAt = performance.now();
          cpuAtFetched = process.cpuUsage();
        },
        // The last paper done sets the time.
        onPaperDone: () => {
          analysedAt = performance.now();
          cpuAtAnalysed = process.cpuUsage(cpuAtFetched);
        },
      },
      { query: 'all:*', source: 'memory', max: papers.length, since: null, until: null, categories: [], concurrency: 4, batchSize: 0, distributed: true },
      { runId },
    );
    await analyser.close();
    if (outcome.analysed !== outcome.papers || !analysedAt) {
      const why = library.db.prepare("SELECT error FROM run_papers WHERE status = 'failed' LIMIT 1").get() as { error: string } | undefined;
      throw new Error(`${outcome.analysed} of ${outcome.papers} papers analysed (${outcome.failed} failed${why ? `: ${why.error}` : ''})`);
    }
    const me = process.cpuUsage(cpuBefore.me);
    const cpu = {
      orchestrator: (me.user + me.system) / 1e6,
      orchestratorAnalysing: (cpuAtAnalysed.user + cpuAtAnalysed.system) / 1e6,
      workers: workers.map((w, i) => cpuSeconds(w) - cpuBefore.workers[i]!),
      redis: (await redisCpu()) - cpuBefore.redis,
    };
    const seconds = (analysedAt - fetchedAt) / 1000;
    results.push({ workers: count, seconds, rate: outcome.papers / seconds });
    console.log(`${count} worker process${count > 1 ? 'es' : ''}: analysis of ${outcome.papers} papers ${seconds.toFixed(2)} s   ${(outcome.papers / seconds).toFixed(0)} papers/s   CPU s: orchestrator ${cpu.orchestrator.toFixed(1)} (${cpu.orchestratorAnalysing.toFixed(1)} while analysing), workers ${cpu.workers.map((c) => c.toFixed(1)).join(' + ')}, redis ${cpu.redis.toFixed(1)}`);
  } finally {
    library.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.once('exit', resolve), w.kill('SIGTERM')))));
  }
}
const one = results.find((r) => r.workers === 1);
for (const r of results) if (one && r !== one) console.log(`speed-up with ${r.workers} workers: ${(r.rate / one.rate).toFixed(2)}x (target for 2: >= 1.7x)`);
