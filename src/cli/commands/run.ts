import type { Command } from 'commander';
import { checkRunRequest } from '../../../graphs/research/request.js';
import type { RunOutcome } from '../../../graphs/research/run.js';
import type { RunRequest } from '../../../graphs/research/state.js';
import { defaultThreads } from '../../../agents/analyst/pool.js';
import { UsageError } from '../../errors.js';
import { queueContext, requireRedis } from '../../queue/connection.js';
import type { LlmAgent } from '../../config.js';
import { llmEnabled } from '../../llm/runtime.js';
import { cliContext, distributedDeps, openContextLibrary, researchDeps, withLlmAgents, withLlmFlags, type CliContext, type GlobalOptions } from '../context.js';
import { categoryList, isoDay, positiveInt, usdAmount } from '../options.js';
import { printJson, printLine } from '../output.js';

type RunFlags = {
  source: string;
  max: number;
  since?: string;
  until?: string;
  categories?: string[];
  concurrency: number;
  batchSize: number;
  workers: number;
  distributed?: boolean;
  llm?: string;
  budgetUsd?: number;
};

function printOutcome(ctx: CliContext, outcome: RunOutcome): void {
  if (ctx.json) return printJson(outcome);
  printLine(`run ${outcome.runId} ${outcome.status}: ${outcome.papers} papers (${outcome.analysed} analysed, ${outcome.skipped} reused, ${outcome.failed} failed) in ${(outcome.durationMs / 1000).toFixed(1)} s`);
  if (outcome.reportPath) printLine(`report: ${outcome.reportPath}`);
}

/** Validates everything about a run before anything is opened or written. */
function toRequest(queryWords: string[], flags: RunFlags, ctx: CliContext): RunRequest {
  const { source, max, since, until, categories, concurrency, batchSize } = flags;
  return checkRunRequest({ query: queryWords.join(' '), source, max, since, until, categories, concurrency, batchSize }, ctx.config, (o) => `--${o}`);
}

const concurrencyFlag = positiveInt('--concurrency', 2);

/** LangGraph takes ~0.6 s to load; only the commands that run the graph pay for it. */
const loadGraph = () => import('../../../graphs/research/run.js');

/** `run` and `resume`. */
export function registerRunCommands(program: Command): void {
  program
    .command('run')
    .description('fetch papers for a query, analyse them concurrently, synthesise and write a report')
    .argument('<query...>', 'free text ("large language models") or arXiv syntax (ti:"diffusion" AND cat:cs.CV)')
    .option('--source <source>', 'arxiv (live), sample (offline demo feed) or file:PATH (Atom or snapshot JSON Lines, .gz ok)', 'arxiv')
    .option('--max <n>', 'at most this many papers', positiveInt('--max'), 100)
    .option('--since <date>', 'papers first published on or after YYYY-MM-DD', isoDay('--since'))
    .option('--until <date>', 'papers first published on or before YYYY-MM-DD', isoDay('--until'))
    .option('--categories <list>', 'only these arXiv categories, comma-separated (cs.CL,cs.LG)', categoryList)
    .option('--concurrency <n>', 'analysis tasks in flight at once (at least 2)', concurrencyFlag, 4)
    .option('--batch-size <n>', 'papers per analysis task (0: automatic)', positiveInt('--batch-size', 0), 0)
    .option('--workers <n>', 'worker threads for the analysis (0: analyse in the main thread)', positiveInt('--workers', 0), defaultThreads())
    .option('--distributed', 'analyse on `paperloom worker` processes through Redis (in this process when none is running)')
    .option('--llm <model>', 'LLM agents with this model: openai:<model> (any OpenAI-compatible server via OPENAI_BASE_URL), or none; default $PAPERLOOM_LLM')
    .option('--budget-usd <amount>', 'stop LLM calls at this cost and finish with the deterministic agents; default $PAPERLOOM_BUDGET_USD', usdAmount('--budget-usd'))
    .action(async (queryWords: string[], flags: RunFlags, command: Command) => {
      const ctx = withLlmFlags(cliContext(command.optsWithGlobals<GlobalOptions>()), { llm: flags.llm, budgetUsd: flags.budgetUsd });
      const request = toRequest(queryWords, flags, ctx);
      if (flags.distributed && llmEnabled(ctx.config.llm)) throw new UsageError('--distributed is for the deterministic agents; LLM agents run in this process (they wait on the model server, not on the CPU)');
      const { startRun, newRunId } = await loadGraph();
      if (flags.distributed) await requireRedis(queueContext(ctx.config));
      const library = openContextLibrary(ctx);
      const runId = newRunId();
      const deps = flags.distributed
        ? await distributedDeps(ctx, library, runId, { minWorkers: 1, threads: flags.workers })
        : { ...(await withLlmAgents(ctx, library, runId, researchDeps(ctx, library, flags.workers))), distributed: false };
      if (flags.distributed && !deps.distributed) ctx.log('no worker is connected to Redis: analysing in this process');
      try {
        printOutcome(ctx, await startRun(library, deps, { ...request, distributed: deps.distributed }, { runId }));
      } finally {
        await deps.close();
        library.close();
      }
    });

  program
    .command('resume')
    .description('finish a run that crashed, was killed or failed, without redoing finished papers')
    .argument('<run-id>')
    .option('--concurrency <n>', 'analysis tasks in flight at once (at least 2)', concurrencyFlag)
    .option('--force', 'resume even if the process recorded as running it still exists (pid reused)')
    .option('--workers <n>', 'worker threads for the analysis (0: analyse in the main thread)', positiveInt('--workers', 0), defaultThreads())
    .option('--budget-usd <amount>', "the run's LLM budget, what it spent before included; default $PAPERLOOM_BUDGET_USD", usdAmount('--budget-usd'))
    .action(async (runId: string, flags: { concurrency?: number; force?: boolean; workers: number; budgetUsd?: number }, command: Command) => {
      const base = cliContext(command.optsWithGlobals<GlobalOptions>());
      const { resumeRun } = await loadGraph();
      const library = openContextLibrary(base);
      const run = library.runs.get(runId);
      // A run goes on with the agents it started with: the same models (or none).
      const agents = (run?.llm as { agents?: Record<LlmAgent, string | null> } | null)?.agents ?? { summarizer: null, terms: null, synthesizer: null, answer: null };
      let ctx: CliContext;
      try {
        ctx = withLlmFlags(base, { budgetUsd: flags.budgetUsd }, agents);
      } catch (error) {
        library.close();
        throw error;
      }
      const distributed = run?.params.distributed === true;
      if (distributed) await requireRedis(queueContext(ctx.config));
      const deps = distributed
        ? await distributedDeps(ctx, library, runId, { minWorkers: 1, threads: flags.workers })
        : { ...(await withLlmAgents(ctx, library, runId, researchDeps(ctx, library, flags.workers, runId))), distributed: false };
      try {
        const overrides = { ...(flags.concurrency ? { concurrency: flags.concurrency } : {}), distributed: deps.distributed };
        printOutcome(ctx, await resumeRun(library, deps, runId, overrides, { force: flags.force }));
      } finally {
        await deps.close();
        library.close();
      }
    });
}
