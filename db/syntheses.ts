import type { Db } from './open.js';
import { nowIso } from './open.js';

/** Consolidated syntheses of runs (JSON) and the report files written for them. */
export class SynthesisRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      save: db.prepare(`INSERT INTO syntheses (run_id, content, mermaid, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (run_id) DO UPDATE SET content = excluded.content, mermaid = excluded.mermaid, created_at = excluded.created_at`),
      get: db.prepare<[string], { content: string }>('SELECT content FROM syntheses WHERE run_id = ?'),
      saveReport: db.prepare(`INSERT INTO reports (run_id, format, path, bytes, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (run_id, format) DO UPDATE SET path = excluded.path, bytes = excluded.bytes, created_at = excluded.created_at`),
      getReport: db.prepare<[string, string], { path: string; bytes: number; created_at: string }>(
        'SELECT path, bytes, created_at FROM reports WHERE run_id = ? AND format = ?',
      ),
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

  /** Records a report file written for a run. */
  saveReport(runId: string, format: string, path: string, bytes: number): void {
    this.stmts.saveReport.run(runId, format, path, bytes, nowIso());
  }

  /** Where a run's report of this format was written, or null. */
  getReport(runId: string, format: string): { path: string; bytes: number; createdAt: string } | null {
    const row = this.stmts.getReport.get(runId, format);
    return row ? { path: row.path, bytes: row.bytes, createdAt: row.created_at } : null;
  }
}
