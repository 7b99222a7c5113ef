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
  /** Called once per paper finished (analysed, already done, or failed). */
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
  return async (batch: AnalyseBatch): Promise<AnalyseBatchResult> => {
    const result: AnalyseBatchResult = { analysed: [], failed: [] };
    for (const paperId of batch.paperIds) {
      try {
        const paper = library.papers.byId(paperId);
        if (!paper) throw new Error(`paper ${paperId} is not in the library`);
        if (!library.analyses.isCurrent(paperId, paper.version, analyser.version)) {
          const analysis = await analyser.analyse(paper);
          library.transaction(() => {
            library.analyses.save(paperId, { ...analysis, createdAt: new Date().toISOString() });
            library.runs.markPaper(batch.runId, paperId, 'analysed');
          });
        } else {
          library.runs.markPaper(batch.runId, paperId, 'analysed');
        }
        result.analysed.push(paperId);
      } catch (error) {
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
