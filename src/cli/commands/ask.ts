import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { createLlmRuntime, llmEnabled } from '../../llm/runtime.js';
import { cliContext, openContextLibrary, researchDeps, withLlmFlags, type GlobalOptions } from '../context.js';
import { isoDay, positiveInt, usdAmount } from '../options.js';
import { printJson, printLine } from '../output.js';
import { withLibrary } from './library.js';

type AskFlags = { k: number; since?: string; category?: string; fetch?: boolean; fetchMax: number; llm?: string; budgetUsd?: number };

/** Papers a --fetch brings from arXiv at most. */
const FETCH_MAX = 20;

/** `ask`: a question answered from the library, every citation a retrieved paper. */
export function registerAskCommand(program: Command): void {
  program
    .command('ask')
    .description('answer a question from the papers in the library, citing arXiv ids')
    .argument('<question...>', 'the question, e.g. "which papers combine MPI with Dask?"')
    .option('--k <n>', 'papers to retrieve', positiveInt('--k'), 5)
    .option('--since <date>', 'only papers first published on or after YYYY-MM-DD', isoDay('--since'))
    .option('--category <cat>', 'only papers in this arXiv category (cs.LG, or cs for all of cs)')
    .option('--fetch', `first fetch up to ${FETCH_MAX} new papers for the question from arXiv and analyse them`)
    .option('--llm <model>', 'answer with this model (openai:<model>, any OpenAI-compatible server via OPENAI_BASE_URL), or none; default $PAPERLOOM_LLM_ANSWER, then $PAPERLOOM_LLM')
    .option('--budget-usd <amount>', 'stop LLM calls for this question at this cost', usdAmount('--budget-usd'))
    .action(async (words: string[], flags: AskFlags, command: Command) => {
      const question = words.join(' ');
      if (!question.trim()) throw new UsageError('the question is empty: ask something, e.g. "which papers combine MPI with Dask?"');
      if (flags.category && !/^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$/.test(flags.category)) throw new UsageError(`--category: "${flags.category}" is not an arXiv category like cs.CL`);
      const options = command.optsWithGlobals<GlobalOptions>();
      const all = withLlmFlags(cliContext(options), { llm: flags.llm, budgetUsd: flags.budgetUsd });
      // Only the answerer asks a model here (a --fetch analyses with the deterministic agents).
      const llmConfig = { ...all.config.llm, agents: { summarizer: null, terms: null, synthesizer: null, answer: all.config.llm.agents.answer } };
      const ctx = { ...all, config: { ...all.config, llm: llmConfig } };
      const { ask } = await import('../../../graphs/ask/run.js');
      const run = async (library: ReturnType<typeof openContextLibrary>, json: boolean) => {
        const fetchPapers = async (query: string) => {
          const { startRun } = await import('../../../graphs/research/run.js');
          const deps = researchDeps({ ...ctx, quiet: true }, library, 0);
          try {
            const outcome = await startRun(library, deps, { query, source: 'arxiv', max: FETCH_MAX, since: flags.since ?? null, until: null, categories: [], concurrency: 4, batchSize: 0 });
            ctx.log(`fetched ${outcome.papers} papers from arXiv for "${query}"`);
            return outcome.papers;
          } finally {
            await deps.close();
          }
        };
        const runtime = llmEnabled(llmConfig) ? await createLlmRuntime(llmConfig, library, ctx.log) : null;
        const answerLlm = runtime?.handle('answer');
        const result = await ask({ library, skills: ctx.skills(), fetchPapers, answerLlm, log: ctx.log }, question, {
          k: flags.k,
          since: flags.since ?? null,
          category: flags.category ?? null,
          fetch: !!flags.fetch,
        });
        const llm = answerLlm ? { model: answerLlm.spec, ...runtime!.totals() } : null;
        if (llm) ctx.log(`answerer ${llm.model}: ${llm.calls} calls, ${llm.inputTokens} input + ${llm.outputTokens} output tokens, $${llm.costUsd.toFixed(6)}${runtime!.budget.reached ? ' (budget reached)' : ''}`);
        if (json) printJson({ ...result, llm });
        else printLine(result.answer);
      };
      // --fetch may create the library; without it, asking an empty place is an error.
      if (flags.fetch) {
        const library = openContextLibrary(ctx);
        try {
          await run(library, ctx.json);
        } finally {
          library.close();
        }
      } else {
        await withLibrary(options, run);
      }
    });
}
