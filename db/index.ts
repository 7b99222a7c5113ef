import { AnalysisRepository } from './analyses.js';
import { LlmCallRepository } from './llm-calls.js';
import { openDb, type Db } from './open.js';
import { PaperRepository } from './papers.js';
import { RunRepository } from './runs.js';
import { ScheduleRepository } from './schedules.js';
import { SearchRepository } from './search.js';
import { SynthesisRepository } from './syntheses.js';

/** The library: one SQLite connection and its repositories. */
export type Library = {
  db: Db;
  papers: PaperRepository;
  runs: RunRepository;
  analyses: AnalysisRepository;
  syntheses: SynthesisRepository;
  search: SearchRepository;
  schedules: ScheduleRepository;
  llmCalls: LlmCallRepository;
  /**
   * A stamp that changes whenever the library file changes (a commit by this connection or any other
   * process): caches of derived views key on it. Costs microseconds.
   */
  changeStamp(): string;
  /**
   * Runs `fn` in one transaction, IMMEDIATE: the write lock is taken (waiting up to the busy timeout)
   * before `fn` reads anything, so a writer in another process (a worker, the dashboard's skill index)
   * cannot make it fail half-way with SQLITE_BUSY when it upgrades from reading to writing.
   */
  transaction<T>(fn: () => T): T;
  close(): void;
};

/** Opens the library file (created and migrated as needed). */
export function openLibrary(file: string): Library {
  const db = openDb(file);
  const totalChanges = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
  return {
    db,
    papers: new PaperRepository(db),
    runs: new RunRepository(db),
    analyses: new AnalysisRepository(db),
    syntheses: new SynthesisRepository(db),
    search: new SearchRepository(db),
    schedules: new ScheduleRepository(db),
    llmCalls: new LlmCallRepository(db),
    changeStamp: () => `${db.pragma('data_version', { simple: true })}:${totalChanges.get()!.n}`,
    transaction: (fn) => db.transaction(fn).immediate(),
    close: () => db.close(),
  };
}

export type { Db } from './open.js';
