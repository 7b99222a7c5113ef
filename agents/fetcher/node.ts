import type { Library } from '../../db/index.js';
import type { PaperSource } from './sources.js';
import type { FetchRequest, Paper } from './schema.js';

/** What the fetch step needs from the outside world. */
export type FetchDeps = {
  library: Library;
  /** Opens the source a run names (`arxiv`, `sample`, `file:PATH`). */
  openSource: (spec: string) => PaperSource;
  analyserVersion: string;
  log?: (line: string) => void;
  /** Called when fetching is done, with what will be analysed. */
  onFetched?: (result: FetchStepOutput) => void;
};

/** The part of the run state the fetch step reads. */
export type FetchStepInput = { runId: string; request: FetchRequest & { source: string } };

/** What it hands on: how many papers the run holds and which still need analysing. */
export type FetchStepOutput = { fetched: number; pending: number[]; skipped: number };

const WRITE_BATCH = 500;

/**
 * The fetcher agent's step: streams papers from the source into the library (upserted by arXiv id, so a
 * re-run or a resumed run adds no duplicates), records them as members of the run, and sorts them into
 * papers to analyse and papers this analyser version has already analysed (skipped).
 */
export function makeFetchStep(deps: FetchDeps) {
  return async (state: FetchStepInput): Promise<FetchStepOutput> => {
    const { library } = deps;
    const source = deps.openSource(state.request.source);
    // Positions continue after the run's existing members, so a fetch that runs again on resume keeps
    // the first order and numbers any new paper after it.
    let position = library.runs.members(state.runId).length;
    let fetched = 0;
    let batch: Paper[] = [];
    const flush = () => {
      const papers = batch;
      batch = [];
      library.transaction(() => {
        for (const paper of papers) {
          if (library.runs.addMember(state.runId, library.papers.upsert(paper).id, position)) position++;
          fetched++;
        }
      });
    };
    for await (const paper of source.papers(state.request)) {
      batch.push(paper);
      if (batch.length >= WRITE_BATCH) {
        flush();
        deps.log?.(`fetched ${fetched} papers`);
      }
    }
    flush();

    const pending: number[] = [];
    let skipped = 0;
    library.transaction(() => {
      for (const m of library.runs.members(state.runId)) {
        if (m.status === 'analysed' || m.status === 'skipped') {
          if (m.status === 'skipped') skipped++;
          continue;
        }
        if (library.analyses.isCurrent(m.paperId, m.version, deps.analyserVersion)) {
          library.runs.markPaper(state.runId, m.paperId, 'skipped');
          skipped++;
        } else {
          pending.push(m.paperId);
        }
      }
      library.runs.recount(state.runId);
    });
    deps.log?.(`fetched ${fetched} papers from ${source.spec}: ${pending.length} to analyse, ${skipped} analysed before`);
    const result = { fetched, pending, skipped };
    deps.onFetched?.(result);
    return result;
  };
}
