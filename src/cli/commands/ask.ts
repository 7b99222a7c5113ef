import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { cliContext, openContextLibrary, researchDeps, type GlobalOptions } from '../context.js';
import { isoDay, positiveInt } from '../options.js';
import { printJson, printLine } from '../output.js';
import { withLibrary } from './library.js';

type AskFlags = { k: number; since?: string; category?: string; fetch?: boolean; fetchMax: number };

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
    .action(async (words: string[], flags: AskFlags, command: Command) => {
      const question = words.join(' ');
      if (!question.trim()) throw new UsageError('the question is empty: ask something, e.g. "which papers combine MPI with Dask?"');
      if (flags.category && !/^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$/.test(flags.category)) throw new UsageError(`--category: "${flags.category}" is not an arXiv category like cs.CL`);
      const options = command.optsWithGlobals<GlobalOptions>();
      const ctx = cliContext(options);
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
        const result = await ask({ library, skills: ctx.skills(), fetchPapers }, question, {
          k: flags.k,
          since: flags.since ?? null,
          category: flags.category ?? null,
          fetch: !!flags.fetch,
        });
        if (json) printJson(result);
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
