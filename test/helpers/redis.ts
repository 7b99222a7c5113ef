import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const REDIS_SERVER = '/usr/bin/redis-server';
export const hasRedis = fs.existsSync(REDIS_SERVER);
if (!hasRedis) process.stderr.write(`paperloom tests: ${REDIS_SERVER} is absent (apt install redis-server); queue tests are skipped\n`);

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.write('PING\r\n');
  });
}

/**
 * A private redis-server for one test file, on its own port and folder, with an append-only file so
 * that a restart keeps the queues and schedules (as a production Redis should).
 */
export class TestRedis {
  private process?: ChildProcess;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperloom-redis-'));
  port = 0;

  /**
   * What one test needs to stay apart from the others on this server: its own queue prefix and library
   * file (in `dir`), and the environment that gives both to the CLI and workers.
   */
  isolated(dir: string): { prefix: string; dbPath: string; env: { REDIS_URL: string; PAPERLOOM_QUEUE_PREFIX: string; PAPERLOOM_DB: string } } {
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const dbPath = path.join(dir, `${prefix}.db`);
    return { prefix, dbPath, env: { REDIS_URL: this.url, PAPERLOOM_QUEUE_PREFIX: prefix, PAPERLOOM_DB: dbPath } };
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!this.port) this.port = await freePort();
    this.process = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await answers(this.port)) return this;
      await sleep(50);
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** Stops the server (SIGTERM: it writes its data), waits, starts it again on the same port. */
  async restart(downMs = 1000): Promise<void> {
    await this.stop(false);
    await sleep(downMs);
    await this.start();
  }

  async stop(removeData = true): Promise<void> {
    const p = this.process;
    if (p && p.exitCode === null) {
      const exited = new Promise((resolve) => p.once('exit', resolve));
      p.kill('SIGTERM');
      await exited;
    }
    if (removeData) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls `check` until it returns something truthy, or fails naming `what` after `ms`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, ms = 30_000, every = 100): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}
