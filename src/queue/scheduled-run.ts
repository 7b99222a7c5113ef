import os from 'node:os';
import path from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import { reportHeader, selectReport } from '../../agents/reporter/build-report.js';
import type { Library } from '../../db/index.js';
import type { ResearchDeps } from '../../graphs/research/graph.js';
import { newRunId, resumeRun, startRun, type RunOutcome } from '../../graphs/research/run.js';
import type { RunRequest } from '../../graphs/research/state.js';
import { exportReport, type Format } from '../export/report-files.js';
import { isProcessAlive } from '../process.js';
import type { SkillMatcher } from '../skills/match.js';
import { ScheduledRunJobSchema } from './jobs.js';

/** How long a scheduled run's lease lasts before anyone may take it (a crashed holder on another host). */
const LEASE_MS = 6 * 3600_000;

export type ScheduledRunDeps = {
  library: Library;
  skills: SkillMatcher;
  overlapDays: number;
  log: (line: string) => void;
  /** The research-graph wiring for a run; `distributed` when other workers can take analyses. */
  researchDeps: (runId: string) => Promise<ResearchDeps & { close(): Promise<void>; distributed: boolean }>;
};

/** Writes a run's exports, as `paperloom export <run-id>` does. */
function exportRun(library: Library, skills: SkillMatcher, runId: string, dir: string, formats: string[]): string[] {
  const selection = selectReport(library, { kind: 'run', runId });
  return exportReport(library, selection, reportHeader(library, selection, { matcher: skills }), formats as Format[], dir);
}

const owner = () => `${os.hostname()}:${process.pid}`;

/** The lease owner recorded for a process of this host that no longer exists, if that is who holds it. */
function staleOwner(holder: string | null): string | null {
  if (!holder) return null;
  const [host, pid] = holder.split(':');
  return host === os.hostname() && pid && !isProcessAlive(Number(pid)) ? holder : null;
}

const dayBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Runs one scheduled research run. A lease in the library makes sure only one worker runs a schedule at a
 * time (two workers, one nightly job: one runs it, the other skips). The run fetches only what is new
 * since the schedule's watermark, minus an overlap for arXiv's indexing lag (upserts remove the
 * duplicates); after a missed night it therefore catches up. A retried job resumes its run instead of
 * starting another. When the run is done the watermark moves forward and the exports are written.
 */
export async function runScheduled(job: Job, deps: ScheduledRunDeps): Promise<{ runId?: string; skipped?: string; papers?: number }> {
  const parsed = ScheduledRunJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad scheduled-run job data: ${parsed.error.issues[0]?.message}`);
  const { library } = deps;
  const schedule = library.schedules.get(parsed.data.schedule);
  if (!schedule) throw new UnrecoverableError(`schedule "${parsed.data.schedule}" no longer exists`);

  const me = owner();
  if (!library.schedules.lease(schedule.name, me, Date.now() + LEASE_MS, staleOwner(schedule.leaseOwner))) {
    deps.log(`schedule ${schedule.name}: already running (${schedule.leaseOwner}), skipped`);
    return { skipped: `already running in ${schedule.leaseOwner}` };
  }
  try {
    let outcome: RunOutcome;
    const existing = parsed.data.runId ? library.runs.get(parsed.data.runId) : null;
    const runId = existing?.id ?? newRunId();
    const research = await deps.researchDeps(runId);
    try {
      if (existing) {
        // A retried job (its worker died, or Redis lost its lock): the run it started goes on.
        deps.log(`schedule ${schedule.name}: resuming ${runId}`);
        outcome = await resumeRun(library, research, runId, { distributed: research.distributed }, { force: true });
      } else {
        await job.updateData({ ...parsed.data, runId });
        const since = schedule.watermark ? dayBefore(schedule.watermark, deps.overlapDays) : null;
        const request: RunRequest = { ...schedule.request, since, until: null, concurrency: 4, batchSize: 0, distributed: research.distributed };
        deps.log(`schedule ${schedule.name}: run ${runId}${since ? ` (papers since ${since})` : ''}${research.distributed ? ', analyses on the workers' : ''}`);
        outcome = await startRun(library, research, request, { runId, schedule: schedule.name });
      }
    } finally {
      await research.close();
    }
    const newest = library.db
      .prepare<[string], { day: string | null }>(
        `SELECT max(substr(p.published, 1, 10)) AS day FROM run_papers rp JOIN papers p ON p.id = rp.paper_id WHERE rp.run_id = ?`,
      )
      .get(outcome.runId)?.day ?? null;
    // The watermark moves only when the run finished: a failed run is fetched again next time.
    library.schedules.finish(schedule.name, outcome.runId, outcome.status, outcome.status === 'completed' ? newest : null);
    if (schedule.exportDir) {
      const files = exportRun(library, deps.skills, outcome.runId, path.join(schedule.exportDir, outcome.runId), schedule.formats);
      deps.log(`schedule ${schedule.name}: exported ${files.length} files to ${path.join(schedule.exportDir, outcome.runId)}`);
    }
    deps.log(`schedule ${schedule.name}: ${outcome.runId} ${outcome.status}, ${outcome.papers} papers (${outcome.analysed} analysed, ${outcome.skipped} reused)`);
    return { runId: outcome.runId, papers: outcome.papers };
  } catch (error) {
    library.schedules.finish(schedule.name, parsed.data.runId ?? '', 'failed', null);
    throw error;
  } finally {
    library.schedules.release(schedule.name, me);
  }
}
