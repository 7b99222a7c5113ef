import type { Library } from '../../db/index.js';
import { consolidate } from './consolidate.js';
import type { Synthesis, SynthesisInputPaper } from './schema.js';

export type SynthesizeDeps = {
  library: Library;
  analyserVersion: string;
  /** The LLM synthesizer: names the themes and writes the narrative; absent without one. */
  narrate?: (synthesis: Synthesis, runId: string) => Promise<Synthesis>;
  /** What the run's LLM agents were and how the budget went, stored with the run; absent without LLM. */
  llmInfo?: () => Record<string, unknown>;
};

/**
 * The Mermaid synthesizer's step: reads the analyses of the run's papers (in run order, references
 * P1, P2, ... matching the report's cards), merges them into one concept map and stores it; with an LLM
 * synthesizer, the themes are named and the narrative written first.
 */
export function makeSynthesizeStep(deps: SynthesizeDeps) {
  const { library } = deps;
  return async (state: { runId: string }): Promise<{ synthesised: number }> => {
    // Read twice by consolidate (counts, then details), never held whole in memory.
    const synthesis = consolidate(function* (): Generator<SynthesisInputPaper> {
      for (const paper of library.analyses.graphsForRun(state.runId, deps.analyserVersion)) yield { ...paper, ref: `P${paper.ref}` };
    });
    if (synthesis.papers.length === 0) {
      if (deps.llmInfo) library.runs.setLlm(state.runId, deps.llmInfo());
      return { synthesised: 0 };
    }
    const final = deps.narrate ? await deps.narrate(synthesis, state.runId) : synthesis;
    library.syntheses.save(state.runId, final, final.mermaid);
    if (deps.llmInfo) library.runs.setLlm(state.runId, deps.llmInfo());
    return { synthesised: final.papers.length };
  };
}
