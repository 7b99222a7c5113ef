import type { Db } from './open.js';
import { nowIso } from './open.js';

/** Consolidated syntheses and rendered reports of runs, stored as JSON / text. */
export class SynthesisRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      save: db.prepare(`INSERT INTO syntheses (run_id, content, mermaid, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (run_id) DO UPDATE SET content = excluded.content, mermaid = excluded.mermaid, created_at = excluded.created_at`),
      get: db.prepare<[string], { content: string }>('SELECT content FROM syntheses WHERE run_id = ?'),
      saveReport: db.prepare(`INSERT INTO reports (run_id, format, content, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (run_id, format) DO UPDATE SET content = excluded.content, created_at = excluded.created_at`),
      getReport: db.prepare<[string, string], { content: string }>('SELECT content FROM reports WHERE run_id = ? AND format = ?'),
    };
  }

  /** Stores (or replaces) a run's synthesis; `content` is JSON-serialisable. */
  save(runId: string, content: unknown, mermaid: string): void {
    this.stmts.save.run(runId, JSON.stringify(content), mermaid, nowIso());
  }

  /** The run's synthesis as stored (unparsed JSON value), or null. */
  get(runId: string): unknown {
    const row = this.stmts.get.get(runId);
    return row ? JSON.parse(row.content) : null;
  }

  /** Stores a rendered report. */
  saveReport(runId: string, format: string, content: string): void {
    this.stmts.saveReport.run(runId, format, content, nowIso());
  }

  /** A stored rendered report, or null. */
  getReport(runId: string, format: string): string | null {
    return this.stmts.getReport.get(runId, format)?.content ?? null;
  }
}
