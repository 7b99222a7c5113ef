import { Annotation } from '@langchain/langgraph';
import type { FetchRequest } from '../../agents/fetcher/schema.js';

/** What a run was asked to do; stored with the run and in the first checkpoint. */
export type RunRequest = FetchRequest & {
  /** `arxiv`, `sample` or `file:PATH`. */
  source: string;
  /** Most analysis tasks in flight at once (LangGraph's maxConcurrency; at least 2). */
  concurrency: number;
  /** Papers per fan-out task; 0 picks a size from the number of papers. */
  batchSize: number;
  /** Analyse on `paperloom worker` processes through BullMQ (one fan-out task: the run's flow). */
  distributed?: boolean;
};

// Counts, not id lists: a list that every one of hundreds of tasks appends to made LangGraph's end of
// step cost 10 s and 700 MB on 40,717 papers.
const sum = (a: number, b: number) => a + b;

/**
 * State of the research graph. It holds what the graph needs to route and report, never the corpus:
 * papers and analyses live in SQLite and the state carries their row ids and counts.
 */
export const ResearchState = Annotation.Root({
  /** Run id; also the checkpoint thread id, so `resume <run-id>` finds it. */
  runId: Annotation<string>,
  /** The request the run was started with. */
  request: Annotation<RunRequest>,
  /** The query in arXiv's syntax, with its category and date filters, as plan resolved it. */
  searchQuery: Annotation<string>,
  /** Papers the run holds (set by fetch). */
  fetched: Annotation<number>,
  /** Library ids of the papers still to analyse, in run order (set by fetch). */
  pending: Annotation<number[]>,
  /** Fan-out passes so far (collect counts them; a pass re-sends papers whose task was lost). */
  passes: Annotation<number>,
  /** Papers reused because this analyser version had already analysed them. */
  skipped: Annotation<number>,
  /** Papers analysed by this run's fan-out tasks so far (each task adds its count; ids are in SQLite). */
  analysed: Annotation<number>({ reducer: sum, default: () => 0 }),
  /** Papers whose analysis failed (reasons are in SQLite). */
  failed: Annotation<number>({ reducer: sum, default: () => 0 }),
  /** Papers that went into the consolidated synthesis. */
  synthesised: Annotation<number>,
  /** Where the Markdown report was written. */
  reportPath: Annotation<string>,
});

export type ResearchStateType = typeof ResearchState.State;
export type ResearchUpdate = typeof ResearchState.Update;

/** Input of one fan-out task: a batch of papers of one run. */
export const AnalyseBatchState = Annotation.Root({
  runId: Annotation<string>,
  paperIds: Annotation<number[]>,
});
