import fs from 'node:fs';
import type { Command } from 'commander';
import { defaultThreads } from '../../../agents/analyst/pool.js';
import { openLibrary } from '../../../db/index.js';
import { queueContext, requireRedis } from '../../queue/connection.js';
import { startWorker } from '../../queue/worker.js';
import { llmEnabled } from '../../llm/runtime.js';
import { cliContext, distributedDeps, researchDeps, withLlmAgents, withLlmFlags, type GlobalOptions } from '../context.js';
import { positiveInt } from '../options.js';

/** `worker`: takes scheduled runs and distributed analyses from Redis until SIGINT or SIGTERM. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run scheduled research runs and the analyses of distributed runs (Redis at $REDIS_URL)')
    .option('--concurrency <n>', 'analysis jobs at once (more than 1 uses worker threads)', positiveInt('--concurrency'), 1)
    .option('--analysis-only', 'take only analysis jobs (for machines without the library)')
    .action(async (flags: { concurrency: number; analysisOnly?: boolean }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      // Scheduled runs use the LLM agents of the environment (PAPERLOOM_LLM), checked now.
      const ctx = withLlmFlags(cliContext(options), {});
      const qctx = queueContext(ctx.config);
      await requireRedis(qctx);
      // Scheduled runs need the library; without it (another machine), this worker only analyses.
      const withLibrary = !flags.analysisOnly && (fs.existsSync(ctx.dbPath) || options.db !== undefined || process.env.PAPERLOOM_DB !== undefined);
      const library = withLibrary ? openLibrary(ctx.dbPath) : null;
      const worker = await startWorker({
        ctx: qctx,
        concurrency: flags.concurrency,
        log: ctx.log,
        scheduled: library
          ? {
              library,
              skills: ctx.skills(),
              overlapDays: qctx.overlapDays,
              researchDeps: async (runId) =>
                llmEnabled(ctx.config.llm)
                  ? { ...(await withLlmAgents(ctx, library, runId, researchDeps(ctx, library, defaultThreads()))), distributed: false }
                  : distributedDeps(ctx, library, runId, { minWorkers: 2, threads: defaultThreads() }),
            }
          : undefined,
      });
      let closing = false;
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          if (closing) {
            ctx.log(`${signal} again: exiting now`);
            process.exit(130);
          }
          closing = true;
          ctx.log(`${signal}: finishing the jobs in hand, then exiting (send it again to exit now)`);
          void worker.close().then(resolve);
        };
        process.on('SIGINT', () => stop('SIGINT'));
        process.on('SIGTERM', () => stop('SIGTERM'));
      });
      library?.close();
      ctx.log('worker stopped');
    });
}
