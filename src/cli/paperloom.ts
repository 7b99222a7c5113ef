import { main } from './main.js';

// A reader that stops early (`paperloom report ... | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Entry point of the `paperloom` command.
process.exitCode = await main(process.argv);
