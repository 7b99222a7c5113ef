import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Library } from '../../db/index.js';
import type { Paper } from '../../db/schema.js';
import { describeError } from '../../src/errors.js';
import type { PaperAnalysis } from './analyse-paper.js';

/** The analyser seam: the deterministic agents by default, an LLM-backed one later, a probe in tests. */
export type Analyser = {
  version: string;
  analyse: (paper: Paper) => PaperAnalysis | Promise<PaperAnalysis>;
};

export type AnalyseDeps = {
  library: Library;
  analyser: Analyser;
  /** Called once per paper this step analysed or failed (not for papers it found already done). */
  onPaperDone?: () => void;
};

/** One unit of fan-out: a small batch of papers of one run. */
export type AnalyseBatch = { runId: string; paperIds: number[] };

export type AnalyseBatchResult = { analysed: number[]; failed: { paperId: number; error: string }[] };

/**
 * The per-paper step, run for each batch sent by the fan-out. Each paper is analysed and persisted in its
 * own transaction as soon as it is done, so a crash loses at most the papers in flight. It is idempotent:
 * a paper already analysed by this analyser (before a crash, or by a concurrent run) is not redone. A
 * failing paper is recorded as failed and never throws, so it cannot abort its siblings.
 */
export function makeAnalyseStep(deps: AnalyseDeps) {
  const { library, analyser } = deps;
  return async (batch: AnalyseBatch, config?: { signal?: AbortSignal }): Promise<AnalyseBatchResult> => {
    const result: AnalyseBatchResult = { analysed: [], failed: [] };
    for (const paperId of batch.paperIds) {
      // When a sibling task fails, LangGraph aborts the step: stop here instead of writing on in the
      // background; unfinished papers stay pending and are picked up on resume.
      config?.signal?.throwIfAborted();
      try {
        const paper = library.papers.byId(paperId);
        if (!paper) throw new Error(`paper ${paperId} is not in the library`);
        if (library.analyses.isCurrent(paperId, paper.version, analyser.version)) {
          library.runs.markPaper(batch.runId, paperId, 'analysed');
          result.analysed.push(paperId);
          continue;
        }
        const analysis = await analyser.analyse(paper);
        config?.signal?.throwIfAborted();
        library.transaction(() => {
          library.analyses.save(paperId, { ...analysis, createdAt: new Date().toISOString() });
          library.runs.markPaper(batch.runId, paperId, 'analysed');
        });
        result.analysed.push(paperId);
      } catch (error) {
        if (config?.signal?.aborted) throw error;
        library.runs.markPaper(batch.runId, paperId, 'failed', describeError(error));
        result.failed.push({ paperId, error: describeError(error) });
      }
      deps.onPaperDone?.();
      // Let sibling tasks and I/O run between papers.
      await yieldToLoop();
    }
    return result;
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
export function makeCollectStep(deps: { library: Library }) {
  const { library } = deps;
  return async (state: { runId: string; passes: number }): Promise<{ pending: number[]; passes: number }> => {
    const passes = (state.passes ?? 0) + 1;
    const pending = library.runs.members(state.runId).filter((m) => m.status === 'pending').map((m) => m.paperId);
    if (pending.length > 0 && passes >= MAX_ANALYSIS_PASSES) {
      library.transaction(() => {
        for (const id of pending) library.runs.markPaper(state.runId, id, 'failed', `not analysed after ${passes} passes; run paperloom resume ${state.runId}`);
      });
      return { pending: [], passes };
    }
    return { pending, passes };
  };
}
