import { AskResultSchema, type AskResult } from '../../agents/answerer/schema.js';
import type { AskDeps, AskOptions } from '../../agents/answerer/steps.js';
import { UsageError } from '../../src/errors.js';
import { compileAskGraph } from './graph.js';

/** Answers a question from the library (after a live fetch with options.fetch). */
export async function ask(deps: AskDeps, question: string, options: AskOptions, graph = compileAskGraph(deps)): Promise<AskResult> {
  if (!question.trim()) throw new UsageError('the question is empty: ask something, e.g. "which papers combine MPI with Dask?"');
  if (options.fetch && !deps.fetchPapers) throw new UsageError('--fetch is not available here');
  const started = performance.now();
  const state = await graph.invoke({ question, options });
  const byId = new Map(state.retrieved.map((p) => [p.arxivId, p]));
  return AskResultSchema.parse({
    question,
    answer: state.answer,
    citations: state.sentences.flatMap((s) => s.citations.map((id) => ({ arxivId: id, title: byId.get(id)?.title ?? '', sentence: s.text }))),
    retrieved: state.retrieved.map((p) => p.arxivId),
    mode: state.mode,
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
  });
}
