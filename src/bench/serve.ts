/**
 * `npm run bench:serve`: server time of each dashboard page and API call on a library holding the whole
 * 2025 corpus (40,717 papers, one run). The library is built on first use (a real run through the research
 * graph, about a minute) and kept at --db for the next time. Requests go through the whole app (security
 * middleware, validation, rendering) in this process, without a socket: what is measured is the server's
 * own work, first (cold: nothing cached) and then the median of the next five.
 *
 *   npm run bench:serve -- [--db FILE] [--corpus FILE]
 */
import path from 'node:path';
import { defaultThreads } from '../../agents/analyst/pool.js';
import { openLibrary } from '../../db/index.js';
import { cliContext, researchDeps } from '../cli/context.js';
import { createApp } from '../server/app.js';
import { indexSkills, skillIndexState, taxonomyDigest } from '../skills/paper-index.js';
import { corpusFile, flag, ROOT } from './common.js';

const corpus = corpusFile();
const dbPath = path.resolve(flag('db', path.join(ROOT, 'out/bench-serve.db')));

const ctx = { ...cliContext({ db: dbPath, quiet: true }), log: (line: string) => process.stderr.write(`  ${line}\n`) };
const library = openLibrary(dbPath);
const source = `file:${corpus}`;
let run = library.runs.list(100).find((r) => r.source === source && r.status === 'completed');
if (!run) {
  console.log(`building ${dbPath} from ${path.basename(corpus)} (once)...`);
  const { startRun } = await import('../../graphs/research/run.js');
  const deps = researchDeps({ ...ctx, quiet: true }, library, defaultThreads());
  const t = performance.now();
  const outcome = await startRun(library, deps, { query: '*', source, max: 100_000, since: null, until: null, categories: [], concurrency: 4, batchSize: 0 });
  await deps.close();
  console.log(`  run ${outcome.runId}: ${outcome.papers} papers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  run = library.runs.get(outcome.runId)!;
}
const skills = ctx.skills();
const t0 = performance.now();
await indexSkills(library, skills);
const state = skillIndexState(library, taxonomyDigest(skills));
console.log(`library: ${library.papers.count()} papers; run ${run.id}; skill index ${state.indexed}/${state.papers} (brought up to date in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

const { app } = createApp({ ctx, library, host: '127.0.0.1', token: null });
const paper = library.papers.list({ limit: 1, offset: 20_000 })[0]!;
const request = (url: string, init: RequestInit = {}) => app.request(url, { ...init, headers: { host: '127.0.0.1', ...(init.headers ?? {}) } });
const form = (body: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });

const cases: [string, string, RequestInit?][] = [
  ['Library, page 1', '/'],
  ['Library, page 400 (papers 19,951-20,000)', '/?page=400'],
  ['Library, search "diffusion models for video"', '/?q=diffusion+models+for+video'],
  ['Library, category cs.CV, page 10', '/?category=cs.CV&page=10'],
  ['Library, skill PyTorch', '/?skill=pytorch'],
  ['Library, 2025-06-01..2025-06-30', '/?since=2025-06-01&until=2025-06-30'],
  ['Library, run + skill + dates', `/?run=${run.id}&skill=cuda&since=2025-03-01`],
  ['Paper', `/papers/${paper.arxivId}`],
  ['Runs', '/runs'],
  ['Run report, page 1 (40,717-paper run)', `/runs/${run.id}`],
  ['Run report, page 300', `/runs/${run.id}?page=300`],
  ['Demand, whole library', '/demand'],
  ['Demand, cs.LG since 2025-09-01 vs 2025-03..06', '/demand?category=cs.LG&since=2025-09-01&compareTo=2025-03-01..2025-06-30'],
  ['Ask (page)', '/ask', form({ question: 'which papers use reinforcement learning with verifiable rewards?' })],
  ['Schedules (Redis as configured)', '/schedules'],
  ['API papers, search', '/api/papers?q=graph+neural+networks'],
  ['API demand', '/api/demand?top=20'],
  ['API ask', '/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'how are mixture-of-experts models trained?' }) }],
  ['Download skills.csv (40,717-paper run)', `/runs/${run.id}/download/skills.csv`],
  ['Download papers.bib (40,717-paper run)', `/runs/${run.id}/download/papers.bib`],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`\n${'page'.padEnd(52)} ${'status'.padStart(6)} ${'KB'.padStart(8)} ${'cold ms'.padStart(9)} ${'warm p50 ms'.padStart(12)}`);
for (const [name, url, init] of cases) {
  const times: number[] = [];
  let status = 0;
  let size = 0;
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    const res = await request(url, init);
    size = (await res.arrayBuffer()).byteLength;
    times.push(performance.now() - t);
    status = res.status;
  }
  console.log(`${name.padEnd(52)} ${String(status).padStart(6)} ${(size / 1024).toFixed(0).padStart(8)} ${times[0]!.toFixed(0).padStart(9)} ${median(times.slice(1)).toFixed(0).padStart(12)}`);
}
library.close();
