import { setMaxListeners } from 'node:events';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { EncodedAnalysis } from '../../db/analyses.js';
import type { Library } from '../../db/index.js';
import type { StoredPaper } from '../../db/papers.js';
import type { Paper } from '../../db/schema.js';
import { describeError } from '../../src/errors.js';
import type { PaperAnalysis } from './analyse-paper.js';

/** One paper's analysis (as objects, or encoded for storage by a worker thread), or why it failed. */
export type AnalysisOutcome =
  | { ok: true; value: PaperAnalysis }
  | { ok: true; encoded: EncodedAnalysis }
  | { ok: false; error: string };

/** The analyser seam: the deterministic agents by default, an LLM-backed one later, a probe in tests. */
export type Analyser = {
  version: string;
  analyse: (paper: Paper) => PaperAnalysis | Promise<PaperAnalysis>;
  /** Several papers at once (one message to a worker pool); without it, `analyse` runs per paper. */
  analyseMany?: (papers: Paper[]) => Promise<AnalysisOutcome[]>;
  /**
   * Several papers whose results arrive over time, in any order (from worker processes): each is
   * persisted as it comes. `index` is the paper's place in the list given.
   */
  analyseStream?: (papers: StoredPaper[]) => AsyncIterable<{ index: number; outcome: AnalysisOutcome }>;
  /** Called when a run has nothing left to analyse: a pool can let its workers go (it starts again if needed). */
  release?: () => Promise<void>;
};

/** Runs an analyser over papers; a failing paper becomes a failed outcome, never an exception. */
export async function analyseAll(analyser: Analyser, papers: Paper[]): Promise<AnalysisOutcome[]> {
  if (papers.length === 0) return [];
  if (analyser.analyseMany) return analyser.analyseMany(papers);
  const settled = await Promise.allSettled(papers.map((paper) => Promise.resolve().then(() => analyser.analyse(paper))));
  return settled.map((s) => (s.status === 'fulfilled' ? { ok: true, value: s.value } : { ok: false, error: describeError(s.reason) }));
}

export type AnalyseDeps = {
  library: Library;
  analyser: Analyser;
  /** Called once per paper this step analysed or failed (not for papers it found already done). */
  onPaperDone?: () => void;
};

/** One unit of fan-out: a small batch of papers of one run. */
export type AnalyseBatch = { runId: string; paperIds: number[] };

/** What one task reports to the graph: counts (which papers, and why they failed, is in SQLite). */
export type AnalyseBatchResult = { analysed: number; failed: number };

/**
 * The per-paper step, run for each batch sent by the fan-out. The batch's papers are analysed
 * concurrently (in parallel when the analyser is a worker pool) and the batch is persisted in one
 * transaction as soon as it is done, so a crash loses at most the batches in flight. It is idempotent:
 * a paper already analysed by this analyser (before a crash, or by a concurrent run) is not redone. A
 * failing paper is recorded as failed and never throws, so it cannot abort its siblings.
 */
export function makeAnalyseStep(deps: AnalyseDeps) {
  const { library, analyser } = deps;
  return async (batch: AnalyseBatch, config?: { signal?: AbortSignal }): Promise<AnalyseBatchResult> => {
    // When a sibling task fails, LangGraph aborts the step: stop instead of writing on in the
    // background; unfinished papers stay pending and are picked up on resume.
    config?.signal?.throwIfAborted();
    // LLM calls made inside this step each listen on its abort signal (LangChain passes the step's
    // config down): one per call in flight, more than Node's default warning threshold of 10.
    if (config?.signal) setMaxListeners(0, config.signal);
    const result = { analysed: [] as number[], failed: [] as number[] };
    const todo: StoredPaper[] = [];
    const found = new Set<number>();
    for (const { paper, current } of library.papers.forAnalysis(batch.paperIds, analyser.version)) {
      found.add(paper.id);
      if (current) result.analysed.push(paper.id);
      else todo.push(paper);
    }
    const missing = batch.paperIds.filter((paperId) => !found.has(paperId));
    const createdAt = new Date().toISOString();
    const record = (paperId: number, outcome: AnalysisOutcome) => {
      if (outcome.ok) {
        if ('encoded' in outcome) library.analyses.saveEncoded(paperId, outcome.encoded, createdAt);
        else library.analyses.save(paperId, { ...outcome.value, createdAt });
        library.runs.markPaper(batch.runId, paperId, 'analysed');
        result.analysed.push(paperId);
      } else {
        library.runs.markPaper(batch.runId, paperId, 'failed', outcome.error);
        result.failed.push(paperId);
      }
    };
    library.transaction(() => {
      for (const paperId of result.analysed) library.runs.markPaper(batch.runId, paperId, 'analysed');
      for (const paperId of missing) {
        library.runs.markPaper(batch.runId, paperId, 'failed', `paper ${paperId} is not in the library`);
        result.failed.push(paperId);
      }
    });
    if (analyser.analyseStream && todo.length) {
      // Results from worker processes: written as they arrive, a few at a time.
      let pending: { paperId: number; outcome: AnalysisOutcome }[] = [];
      let last = Date.now();
      const flush = () => {
        const items = pending;
        pending = [];
        last = Date.now();
        library.transaction(() => items.forEach((i) => record(i.paperId, i.outcome)));
        for (let i = 0; i < items.length; i++) deps.onPaperDone?.();
      };
      for await (const { index, outcome } of analyser.analyseStream(todo)) {
        config?.signal?.throwIfAborted();
        pending.push({ paperId: todo[index]!.id, outcome });
        if (pending.length >= 100 || Date.now() - last > 500) flush();
      }
      flush();
    } else {
      const outcomes = await analyseAll(analyser, todo);
      config?.signal?.throwIfAborted();
      library.transaction(() => outcomes.forEach((outcome, i) => record(todo[i]!.id, outcome)));
      for (let i = 0; i < todo.length; i++) deps.onPaperDone?.();
    }
    for (let i = 0; i < missing.length; i++) deps.onPaperDone?.();
    // Let sibling tasks and I/O run between batches.
    await yieldToLoop();
    return { analysed: result.analysed.length, failed: result.failed.length };
  };
}

/** Passes over the run's pending papers before the leftovers are recorded as failed. */
export const MAX_ANALYSIS_PASSES = 3;

/**
 * The step after each fan-out: reads from the library which of the run's papers are still pending and
 * hands them to another fan-out. This makes the run complete even when fan-out tasks are lost: after a
 * crash, LangGraph.js resumes the tasks that had started but drops those that were still queued behind
 * maxConcurrency (measured with 1.7.3). After MAX_ANALYSIS_PASSES, papers still pending are recorded
 * as failed rather than looping.
 */
export function makeCollectStep(deps: { library: Library; analyser?: Analyser }) {
  const { library } = deps;
  return async (state: { runId: string; passes: number }): Promise<{ pending: number[]; passes: number }> => {
    const passes = (state.passes ?? 0) + 1;
    const pending = library.runs.members(state.runId).filter((m) => m.status === 'pending').map((m) => m.paperId);
    // Nothing left to analyse: let the workers go before the synthesis and the report need the memory.
    if (pending.length === 0) await deps.analyser?.release?.();
    if (pending.length > 0 && passes >= MAX_ANALYSIS_PASSES) {
      library.transaction(() => {
        for (const id of pending) library.runs.markPaper(state.runId, id, 'failed', `not analysed after ${passes} passes; run paperloom resume ${state.runId}`);
      });
      return { pending: [], passes };
    }
    return { pending, passes };
  };
}
