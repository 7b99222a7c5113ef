import fs from 'node:fs';
import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { createApp } from '../../server/app.js';
import { isLoopback } from '../../server/security.js';
import { indexSkills } from '../../skills/paper-index.js';
import { cliContext, openContextLibrary, withLlmFlags, type GlobalOptions } from '../context.js';
import { positiveInt } from '../options.js';
import { printJson } from '../output.js';

type ServeFlags = { host: string; port: number; dataDir?: string };

/** `serve`: the web dashboard on the library. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('the web dashboard: browse, search, runs with live progress, rendered maps, demand, ask, schedules, exports')
    .option('--host <address>', 'address to listen on; beyond loopback it needs $PAPERLOOM_TOKEN', '127.0.0.1')
    .option('--port <n>', 'port (0: any free one)', positiveInt('--port', 0), 8321)
    .option('--data-dir <dir>', 'offer the Atom and JSON Lines files of this folder as run sources')
    .action(async (flags: ServeFlags, command: Command) => {
      const ctx = withLlmFlags(cliContext(command.optsWithGlobals<GlobalOptions>()), {});
      const { token, allowedHosts } = ctx.config.serve;
      if (!isLoopback(flags.host) && token === null) {
        throw new UsageError(`refusing to listen on ${flags.host} without a token: set PAPERLOOM_TOKEN (16+ characters), or listen on 127.0.0.1`);
      }
      if (flags.dataDir && !fs.statSync(flags.dataDir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--data-dir: ${flags.dataDir} is not a folder`);
      const library = openContextLibrary(ctx);
      const { app, launcher } = createApp({ ctx, library, host: flags.host, token, extraHosts: allowedHosts, dataDir: flags.dataDir ?? null });
      const server = serve({ fetch: app.fetch, hostname: flags.host, port: flags.port });
      const port = await new Promise<number>((resolve, reject) => {
        server.once('listening', () => resolve((server.address() as { port: number }).port));
        server.once('error', (error: NodeJS.ErrnoException) =>
          reject(error.code === 'EADDRINUSE' ? new UsageError(`port ${flags.port} on ${flags.host} is in use; choose another with --port`) : error),
        );
      }).catch((error) => {
        library.close();
        throw error;
      });
      const host = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
      const url = `http://${host}:${port}/`;
      ctx.log(`serving ${ctx.dbPath} at ${url}${token ? ' (token required: open it with ?token=<PAPERLOOM_TOKEN>)' : ''}`);
      if (ctx.json) printJson({ url, db: ctx.dbPath });
      // The skill filter's index, built in the background (and kept in the library for next time).
      const stopIndexing = new AbortController();
      const indexing = indexSkills(library, ctx.skills(), { signal: stopIndexing.signal }).then(
        () => ctx.log('skill index up to date'),
        (error: Error) => ctx.log(`skill index: ${error.message}`),
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      stopIndexing.abort();
      // Open event streams would hold the server open: they are closed too.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as import('node:http').Server).closeAllConnections?.();
      });
      if (launcher.inProgress.length) ctx.log(`stopping with runs in progress (${launcher.inProgress.join(', ')}): they are interrupted; resume them from the Runs page or with paperloom resume`);
      else await indexing;
      ctx.log('stopped');
      if (!launcher.inProgress.length) library.close();
      process.exit(0);
    });
}
