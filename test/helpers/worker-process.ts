import type { ChildProcess } from 'node:child_process';
import { spawnCli } from './cli.js';
import { waitFor } from './redis.js';

/** A `paperloom worker` child process, with its stderr collected. */
export class WorkerProcess {
  readonly child: ChildProcess;
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawnCli(['worker', ...args], env);
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.child.stdout!.resume();
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves once the worker says it is ready for jobs. */
  async ready(): Promise<this> {
    await waitFor(`worker ready (stderr so far: ${this.stderr})`, () => this.stderr.includes('worker ready') || this.child.exitCode !== null, 30_000);
    if (this.child.exitCode !== null) throw new Error(`worker exited ${this.child.exitCode}: ${this.stderr}`);
    return this;
  }

  /** SIGTERM, then waits for it to exit. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}
