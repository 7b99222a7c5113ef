import { END, START, StateGraph } from '@langchain/langgraph';
import { makeAnswerStep, makeFetchStep, makeRetrieveStep, makeUnderstandStep, makeVerifyStep, type AskDeps } from '../../agents/answerer/steps.js';
import { fetchOrRetrieve } from './routes.js';
import { AskState } from './state.js';

/** The ask graph: understand → (fetch) → retrieve → write the answer → verify citations. */
export function buildAskGraph(deps: AskDeps) {
  return new StateGraph(AskState)
    // Read the question into content words and skill expansions.
    .addNode('understand', makeUnderstandStep(deps))
    // With --fetch: bring new papers for the question from arXiv into the library.
    .addNode('fetch', makeFetchStep(deps))
    // BM25 over the library's papers, then a coverage check.
    .addNode('retrieve', makeRetrieveStep(deps))
    // Write the answer from the retrieved papers (the LLM answerer, or their own sentences).
    .addNode('write', makeAnswerStep(deps))
    // Keep only statements that cite retrieved papers.
    .addNode('verify', makeVerifyStep(deps))
    .addEdge(START, 'understand')
    .addConditionalEdges('understand', fetchOrRetrieve, ['fetch', 'retrieve'])
    .addEdge('fetch', 'retrieve')
    .addEdge('retrieve', 'write')
    .addEdge('write', 'verify')
    .addEdge('verify', END);
}

/** The compiled ask graph (no checkpointer: a question takes milliseconds). */
export function compileAskGraph(deps: AskDeps) {
  return buildAskGraph(deps).compile();
}
