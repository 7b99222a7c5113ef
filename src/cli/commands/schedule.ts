import fs from 'node:fs';
import type { Command } from 'commander';
import { openLibrary } from '../../../db/index.js';
import { openQueue, queueContext, QUEUES, requireRedis } from '../../queue/connection.js';
import { addSchedule, listSchedules, removeSchedule, runNow, validateSchedule } from '../../queue/schedules.js';
import { NotFoundError } from '../../errors.js';
import { cliContext, type GlobalOptions } from '../context.js';
import { categoryList, positiveInt } from '../options.js';
import { printJson, printLine, printTable } from '../output.js';

type AddFlags = { cron: string; tz: string; query?: string; source: string; categories?: string[]; max: number; export?: string; format?: string; replace?: boolean };

/** Opens the library and the runs queue for a schedule command, and closes both after. */
async function withSchedules<T>(command: Command, create: boolean, fn: (args: { library: ReturnType<typeof openLibrary>; queue: ReturnType<typeof openQueue>; ctx: ReturnType<typeof cliContext> }) => Promise<T>): Promise<T> {
  const ctx = cliContext(command.optsWithGlobals<GlobalOptions>());
  const qctx = queueContext(ctx.config);
  await requireRedis(qctx);
  if (!create && !fs.existsSync(ctx.dbPath)) throw new NotFoundError(`no library at ${ctx.dbPath} yet; add a schedule first: paperloom schedule add`);
  const library = openLibrary(ctx.dbPath);
  const queue = openQueue(qctx, QUEUES.runs, ctx.log);
  try {
    return await fn({ library, queue, ctx });
  } finally {
    await queue.close();
    library.close();
  }
}

/** `schedule add | list | remove | run-now`: nightly research runs, kept in Redis and in the library. */
export function registerScheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description('research runs on a schedule (BullMQ on Redis at $REDIS_URL)');

  schedule
    .command('add')
    .description('add a schedule (adding the same again changes nothing; --replace changes its settings)')
    .argument('<name>')
    .requiredOption('--cron <pattern>', 'cron pattern, e.g. "0 3 * * *" (every night at 03:00)')
    .option('--tz <zone>', 'time zone of the pattern (IANA name)', 'UTC')
    .option('--query <q>', 'what to fetch: free text or arXiv syntax')
    .option('--source <source>', 'arxiv, sample or file:PATH', 'arxiv')
    .option('--categories <list>', 'only these arXiv categories', categoryList)
    .option('--max <n>', 'papers per run at most', positiveInt('--max'), 200)
    .option('--export <dir>', 'write each run\'s exports into DIR/<run-id>/')
    .option('--format <list>', 'export formats (default: all six)')
    .option('--replace', 'change the settings of an existing schedule')
    .action(async (name: string, flags: AddFlags, command: Command) => {
      const ctx = cliContext(command.optsWithGlobals<GlobalOptions>());
      // Everything is checked before Redis or the library is touched.
      const settings = validateSchedule({
        name, cron: flags.cron, tz: flags.tz, query: flags.query ?? '', source: flags.source, categories: flags.categories ?? [],
        max: flags.max, exportDir: flags.export ?? null, formats: flags.format ? flags.format.split(',').map((f) => f.trim()).filter(Boolean) : [],
      }, ctx.config);
      await withSchedules(command, true, async ({ library, queue }) => {
        const result = await addSchedule(library, queue, settings, !!flags.replace);
        const [view] = (await listSchedules(library, queue)).filter((s) => s.name === name);
        if (ctx.json) printJson({ result, schedule: view });
        else printLine(`schedule ${name} ${result}; next run ${view?.next ?? 'unknown'}`);
      });
    });

  schedule
    .command('list')
    .description('schedules with their next run, last run and status')
    .action(async (_flags: unknown, command: Command) => {
      await withSchedules(command, false, async ({ library, queue, ctx }) => {
        const schedules = await listSchedules(library, queue);
        if (ctx.json) return printJson(schedules);
        if (schedules.length === 0) return printLine('no schedules');
        printTable(['NAME', 'CRON', 'TZ', 'NEXT', 'LAST RUN', 'STATUS', 'WATERMARK', 'QUERY'], schedules.map((s) => [
          s.name, s.cron, s.tz, s.next?.slice(0, 16).replace('T', ' ') ?? 'not in Redis', s.lastRunId ?? '—', s.lastStatus ?? '—', s.watermark ?? '—', `${s.request.query} [${s.request.source}]`,
        ]));
      });
    });

  schedule
    .command('remove')
    .description('remove a schedule (its runs stay in the library)')
    .argument('<name>')
    .action(async (name: string, _flags: unknown, command: Command) => {
      await withSchedules(command, false, async ({ library, queue, ctx }) => {
        await removeSchedule(library, queue, name);
        if (ctx.json) printJson({ removed: name });
        else printLine(`schedule ${name} removed`);
      });
    });

  schedule
    .command('run-now')
    .description('queue a run of a schedule now (a worker runs it)')
    .argument('<name>')
    .action(async (name: string, _flags: unknown, command: Command) => {
      await withSchedules(command, false, async ({ library, queue, ctx }) => {
        const jobId = await runNow(library, queue, name);
        if (ctx.json) printJson({ queued: name, jobId });
        else printLine(`run of ${name} queued (job ${jobId}); a worker with the library runs it: paperloom worker`);
      });
    });
}
