import type { Library } from '../../db/index.js';
import { consolidate } from './consolidate.js';
import type { SynthesisInputPaper } from './schema.js';

export type SynthesizeDeps = { library: Library; analyserVersion: string };

/**
 * The Mermaid synthesizer's step: reads the analyses of the run's papers (in run order, references
 * P1, P2, ... matching the report's cards), merges them into one concept map and stores it.
 */
export function makeSynthesizeStep(deps: SynthesizeDeps) {
  const { library } = deps;
  return async (state: { runId: string }): Promise<{ synthesised: number }> => {
    // Read twice by consolidate (counts, then details), never held whole in memory.
    const synthesis = consolidate(function* (): Generator<SynthesisInputPaper> {
      for (const paper of library.analyses.graphsForRun(state.runId, deps.analyserVersion)) yield { ...paper, ref: `P${paper.ref}` };
    });
    if (synthesis.papers.length === 0) return { synthesised: 0 };
    library.syntheses.save(state.runId, synthesis, synthesis.mermaid);
    return { synthesised: synthesis.papers.length };
  };
}
