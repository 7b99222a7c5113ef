import { z } from 'zod';
import type { Db } from './open.js';
import { nowIso } from './open.js';

/** What a scheduled run fetches each time. */
export const ScheduleRequestSchema = z.object({
  query: z.string().min(1),
  source: z.string().describe('arxiv, sample or file:PATH'),
  categories: z.array(z.string()),
  max: z.number().int().min(1).describe('papers per run at most'),
});
export type ScheduleRequest = z.infer<typeof ScheduleRequestSchema>;

/** A schedule as stored in the library. */
export const ScheduleSchema = z.object({
  name: z.string(),
  cron: z.string(),
  tz: z.string(),
  request: ScheduleRequestSchema,
  exportDir: z.string().nullable(),
  formats: z.array(z.string()),
  watermark: z.string().nullable().describe('newest first-published day a finished run fetched'),
  leaseOwner: z.string().nullable(),
  leaseUntil: z.number().nullable(),
  lastRunId: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  lastStatus: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

/** The settings a user gives; two schedules with the same settings are the same schedule. */
export type ScheduleSettings = Pick<Schedule, 'name' | 'cron' | 'tz' | 'request' | 'exportDir' | 'formats'>;

type Row = {
  name: string; cron: string; tz: string; request: string; export_dir: string | null; formats: string; watermark: string | null;
  lease_owner: string | null; lease_until: number | null; last_run_id: string | null; last_run_at: string | null;
  last_status: string | null; created_at: string; updated_at: string;
};

function fromRow(r: Row): Schedule {
  return ScheduleSchema.parse({
    name: r.name, cron: r.cron, tz: r.tz, request: JSON.parse(r.request), exportDir: r.export_dir, formats: JSON.parse(r.formats),
    watermark: r.watermark, leaseOwner: r.lease_owner, leaseUntil: r.lease_until, lastRunId: r.last_run_id,
    lastRunAt: r.last_run_at, lastStatus: r.last_status, createdAt: r.created_at, updatedAt: r.updated_at,
  });
}

/** Schedules, their watermarks, leases and last runs. */
export class ScheduleRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      get: db.prepare<[string], Row>('SELECT * FROM schedules WHERE name = ?'),
      list: db.prepare<[], Row>('SELECT * FROM schedules ORDER BY name'),
      upsert: db.prepare(`INSERT INTO schedules (name, cron, tz, request, export_dir, formats, created_at, updated_at)
        VALUES (@name, @cron, @tz, @request, @exportDir, @formats, @now, @now)
        ON CONFLICT (name) DO UPDATE SET cron = excluded.cron, tz = excluded.tz, request = excluded.request,
          export_dir = excluded.export_dir, formats = excluded.formats, updated_at = excluded.updated_at`),
      remove: db.prepare('DELETE FROM schedules WHERE name = ?'),
      lease: db.prepare(`UPDATE schedules SET lease_owner = @owner, lease_until = @until
        WHERE name = @name AND (lease_owner IS NULL OR lease_until < @now OR lease_owner = @owner OR lease_owner = @stale)`),
      release: db.prepare('UPDATE schedules SET lease_owner = NULL, lease_until = NULL WHERE name = ? AND lease_owner = ?'),
      finish: db.prepare(`UPDATE schedules SET last_run_id = @runId, last_run_at = @now, last_status = @status,
        watermark = CASE WHEN @watermark IS NOT NULL AND (watermark IS NULL OR @watermark > watermark) THEN @watermark ELSE watermark END
        WHERE name = @name`),
    };
  }

  get(name: string): Schedule | null {
    const row = this.stmts.get.get(name);
    return row ? fromRow(row) : null;
  }

  list(): Schedule[] {
    return this.stmts.list.all().map(fromRow);
  }

  /** Creates or updates a schedule's settings (watermark, lease and history are kept). */
  upsert(s: ScheduleSettings): void {
    this.stmts.upsert.run({ ...s, request: JSON.stringify(s.request), formats: JSON.stringify(s.formats), now: nowIso() });
  }

  remove(name: string): boolean {
    return this.stmts.remove.run(name).changes > 0;
  }

  /**
   * Takes the schedule's lease for `owner` until `until` (ms). Succeeds when nobody holds it, the lease
   * ran out, the owner already holds it, or the holder is `staleOwner` (a process known to be dead).
   */
  lease(name: string, owner: string, until: number, staleOwner: string | null = null): boolean {
    return this.stmts.lease.run({ name, owner, until, now: Date.now(), stale: staleOwner }).changes > 0;
  }

  /** Gives the lease back (only the owner can). */
  release(name: string, owner: string): void {
    this.stmts.release.run(name, owner);
  }

  /** Records a finished scheduled run; the watermark only moves forward. */
  finish(name: string, runId: string, status: string, watermark: string | null): void {
    this.stmts.finish.run({ name, runId, status, watermark, now: nowIso() });
  }
}

/** True when two schedules have the same settings. */
export function sameSettings(a: ScheduleSettings, b: ScheduleSettings): boolean {
  const pick = (s: ScheduleSettings) => JSON.stringify([s.cron, s.tz, s.request.query, s.request.source, [...s.request.categories].sort(), s.request.max, s.exportDir, [...s.formats].sort()]);
  return pick(a) === pick(b);
}
