import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { describeError, PaperloomError } from '../errors.js';
import { registerAskCommand } from './commands/ask.js';
import { registerDemandCommand } from './commands/demand.js';
import { registerEvalCommands } from './commands/evaluate.js';
import { registerExportCommand } from './commands/export.js';
import { registerLibraryCommands } from './commands/library.js';
import { registerRunCommands } from './commands/run.js';
import { registerScheduleCommands } from './commands/schedule.js';
import { registerServeCommand } from './commands/serve.js';
import { registerWorkerCommand } from './commands/worker.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The paperloom command line. Returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('paperloom')
    .description('Research synthesis over arXiv: paper cards, a consolidated concept map and a demand report, in one SQLite library.')
    .version(version)
    .option('--db <file>', 'library file (default: $PAPERLOOM_DB, else a file in your data directory)')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'no progress or log lines on stderr')
    .option('--skills <file>', 'your skill taxonomy (JSON), merged over the default (or $PAPERLOOM_SKILLS)')
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showHelpAfterError(false);
  registerRunCommands(program);
  registerLibraryCommands(program);
  registerAskCommand(program);
  registerDemandCommand(program);
  registerEvalCommands(program);
  registerExportCommand(program);
  registerScheduleCommands(program);
  registerWorkerCommand(program);
  registerServeCommand(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      process.stderr.write(`paperloom: ${error.message.replace(/^error: /, '')}\n`);
      return 2;
    }
    process.stderr.write(`paperloom: ${describeError(error)}\n`);
    if (process.env.PAPERLOOM_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return error instanceof PaperloomError ? error.exitCode : 1;
  }
}
