import { main } from './main.js';

// Entry point of the `paperloom` command.
process.exitCode = await main(process.argv);
