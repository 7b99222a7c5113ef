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
    const inputs: SynthesisInputPaper[] = [];
    library.runs.members(state.runId).forEach((m, i) => {
      if (m.status !== 'analysed' && m.status !== 'skipped') return;
      const analysis = library.analyses.get(m.paperId, deps.analyserVersion) ?? library.analyses.latest(m.paperId);
      const paper = library.papers.byId(m.paperId);
      if (!analysis || !paper) return;
      inputs.push({ ref: `P${i + 1}`, arxivId: paper.arxivId, title: paper.title, terms: analysis.terms, conceptGraph: analysis.conceptGraph });
    });
    if (inputs.length === 0) return { synthesised: 0 };
    const synthesis = consolidate(inputs);
    library.syntheses.save(state.runId, synthesis, synthesis.mermaid);
    return { synthesised: inputs.length };
  };
}
