import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs tasks one at a time with at least `delayMs` between the end of one and the start of the next.
 * arXiv asks API clients for one request every three seconds, so every request of the process goes
 * through one pacer (see `arxivPacer`).
 */
export class Pacer {
  private lastEnd = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(public delayMs: number) {}

  /** Queues `task`; it starts when every earlier task has ended and the gap has passed. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(async () => {
      const wait = this.lastEnd + this.delayMs - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await task();
      } finally {
        this.lastEnd = Date.now();
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** The one pacer every arXiv request of this process shares. */
export const arxivPacer = new Pacer(3000);
