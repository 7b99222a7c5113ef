import { z } from 'zod';
import type { Db } from './open.js';
import { nowIso } from './open.js';

export const RUN_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type RunPaperStatus = 'pending' | 'analysed' | 'skipped' | 'failed';

/** A run as stored: what was asked, how it went, and its counts. */
export const RunSchema = z.object({
  id: z.string(),
  query: z.string(),
  source: z.string(),
  params: z.record(z.string(), z.unknown()).describe('the whole run request'),
  status: z.enum(RUN_STATUSES),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  pid: z.number().nullable(),
  papers: z.number().int(),
  analysed: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  reportPath: z.string().nullable(),
  error: z.string().nullable(),
  schedule: z.string().nullable().describe('the schedule that started it, if any'),
  analyserVersion: z.string().nullable().describe('the analyser the run used; null before it was recorded (the deterministic one)'),
  llm: z.record(z.string(), z.unknown()).nullable().describe('its LLM agents, budget and when the budget was reached; null without LLM'),
});
export type Run = z.infer<typeof RunSchema>;

type RunRow = {
  id: string; query: string; source: string; params: string; status: string; created_at: string;
  started_at: string | null; finished_at: string | null; pid: number | null; papers: number; analysed: number;
  skipped: number; failed: number; report_path: string | null; error: string | null; schedule: string | null;
  analyser_version: string | null; llm: string | null;
};

function fromRow(row: RunRow): Run {
  return RunSchema.parse({
    id: row.id,
    query: row.query,
    source: row.source,
    params: JSON.parse(row.params),
    status: row.status,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    pid: row.pid,
    papers: row.papers,
    analysed: row.analysed,
    skipped: row.skipped,
    failed: row.failed,
    reportPath: row.report_path,
    error: row.error,
    schedule: row.schedule,
    analyserVersion: row.analyser_version,
    llm: row.llm ? JSON.parse(row.llm) : null,
  });
}

/** A run member as the analysis step needs it. */
export type RunMember = { paperId: number; arxivId: string; version: number; status: RunPaperStatus };

/** Runs and their membership. */
export class RunRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO runs (id, query, source, params, status, created_at, schedule, analyser_version)
        VALUES (@id, @query, @source, @params, 'pending', @now, @schedule, @analyserVersion)`),
      setLlm: db.prepare('UPDATE runs SET llm = ? WHERE id = ?'),
      get: db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?'),
      start: db.prepare("UPDATE runs SET status = 'running', started_at = coalesce(started_at, ?), pid = ?, error = NULL WHERE id = ?"),
      fail: db.prepare("UPDATE runs SET status = 'failed', finished_at = ?, pid = NULL, error = ? WHERE id = ?"),
      complete: db.prepare("UPDATE runs SET status = 'completed', finished_at = ?, pid = NULL, report_path = ? WHERE id = ?"),
      member: db.prepare(`INSERT INTO run_papers (run_id, paper_id, position, status) VALUES (?, ?, ?, 'pending')
        ON CONFLICT (run_id, paper_id) DO NOTHING`),
      markPaper: db.prepare('UPDATE run_papers SET status = ?, error = ? WHERE run_id = ? AND paper_id = ?'),
      members: db.prepare<[string], { paper_id: number; arxiv_id: string; version: number; status: RunPaperStatus }>(
        `SELECT rp.paper_id, p.arxiv_id, p.version, rp.status FROM run_papers rp JOIN papers p ON p.id = rp.paper_id
         WHERE rp.run_id = ? ORDER BY rp.position`),
      recount: db.prepare(`UPDATE runs SET
          papers = (SELECT count(*) FROM run_papers WHERE run_id = @id),
          analysed = (SELECT count(*) FROM run_papers WHERE run_id = @id AND status = 'analysed'),
          skipped = (SELECT count(*) FROM run_papers WHERE run_id = @id AND status = 'skipped'),
          failed = (SELECT count(*) FROM run_papers WHERE run_id = @id AND status = 'failed')
        WHERE id = @id`),
      list: db.prepare<[number], RunRow>('SELECT * FROM runs ORDER BY created_at DESC, id DESC LIMIT ?'),
    };
  }

  /** Records a new run, pending. */
  create(run: { id: string; query: string; source: string; params: Record<string, unknown>; schedule?: string | null; analyserVersion?: string | null }): void {
    this.stmts.insert.run({ ...run, params: JSON.stringify(run.params), now: nowIso(), schedule: run.schedule ?? null, analyserVersion: run.analyserVersion ?? null });
  }

  /** Records what the run's LLM agents were and how the budget went. */
  setLlm(id: string, info: Record<string, unknown>): void {
    this.stmts.setLlm.run(JSON.stringify(info), id);
  }

  /** The run, or null. */
  get(id: string): Run | null {
    const row = this.stmts.get.get(id);
    return row ? fromRow(row) : null;
  }

  /** Most recent runs first. */
  list(limit = 50): Run[] {
    return this.stmts.list.all(limit).map(fromRow);
  }

  /** Marks the run as running in this process. */
  start(id: string, pid = process.pid): void {
    this.stmts.start.run(nowIso(), pid, id);
  }

  /** Marks the run failed with a one-line reason; its finished work stays. */
  fail(id: string, error: string): void {
    this.recount(id);
    this.stmts.fail.run(nowIso(), error, id);
  }

  /** Marks the run completed. */
  complete(id: string, reportPath: string | null): void {
    this.recount(id);
    this.stmts.complete.run(nowIso(), reportPath, id);
  }

  /** Adds a paper to the run at a position; adding it again changes nothing. Returns whether it was added. */
  addMember(runId: string, paperId: number, position: number): boolean {
    return this.stmts.member.run(runId, paperId, position).changes > 0;
  }

  /** Records what happened to one paper of the run. */
  markPaper(runId: string, paperId: number, status: RunPaperStatus, error: string | null = null): void {
    this.stmts.markPaper.run(status, error, runId, paperId);
  }

  /** The run's papers in fetch order. */
  members(runId: string): RunMember[] {
    return this.stmts.members.all(runId).map((r) => ({ paperId: r.paper_id, arxivId: r.arxiv_id, version: r.version, status: r.status }));
  }

  /** Recomputes the run's counts from its membership. */
  recount(id: string): void {
    this.stmts.recount.run({ id });
  }
}
