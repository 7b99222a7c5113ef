// Worker-thread entry of the analyser pool. Plain JavaScript because it must load tsx before it can
// import the TypeScript agents; the thread then runs exactly the function the in-process analyser runs.
import { register } from 'tsx/esm/api';

register();
const { analysePaper } = await import('./analyse-paper.ts');
const { encodeAnalysis } = await import('../../db/analyses.ts');

/** Analyses one paper (a structured clone of a Paper) and returns its PaperAnalysis. */
export default function analyse(paper) {
  return analysePaper(paper);
}

/**
 * Analyses a batch of papers in one message: per paper, its analysis encoded as it is stored (a few
 * strings are much cheaper to pass back than the objects) or the error's message.
 */
export function analyseMany(papers) {
  return papers.map((paper) => {
    try {
      return { ok: true, encoded: encodeAnalysis(analysePaper(paper)) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  });
}
