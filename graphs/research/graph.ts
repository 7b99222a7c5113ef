import { END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import { makeAnalyseStep, makeCollectStep, type AnalyseDeps } from '../../agents/analyst/node.js';
import { makeFetchStep, type FetchDeps } from '../../agents/fetcher/node.js';
import { planSearch } from '../../agents/fetcher/plan.js';
import { makeReportStep, type ReportDeps } from '../../agents/reporter/node.js';
import { makeSynthesizeStep, type SynthesizeDeps } from '../../agents/synthesizer/node.js';
import { fanOutAnalyses } from './routes.js';
import { AnalyseBatchState, ResearchState } from './state.js';

/** Everything the research graph's steps need; one object so tests can swap any part. */
export type ResearchDeps = Omit<FetchDeps, 'analyserVersion'> & AnalyseDeps & ReportDeps & Pick<SynthesizeDeps, 'narrate' | 'llmInfo'>;

/** The research graph: plan → fetch → analyse (fan-out) → collect (re-send what is pending) → synthesize → report. */
export function buildResearchGraph(deps: ResearchDeps) {
  const analyserVersion = deps.analyser.version;
  return new StateGraph(ResearchState)
    // Resolve the request into the exact query and filters.
    .addNode('plan', planSearch)
    // Stream papers into the library and decide which need analysing.
    .addNode('fetch', makeFetchStep({ ...deps, analyserVersion }))
    // Summarise, extract terms and draw the concept graph for one batch of papers.
    .addNode('analyse', makeAnalyseStep(deps), { input: AnalyseBatchState })
    // See what is still pending after a fan-out (tasks lost in a crash) and send it again.
    .addNode('collect', makeCollectStep(deps))
    // Merge the run's concept graphs into one map and rank terms.
    .addNode('synthesize', makeSynthesizeStep({ library: deps.library, analyserVersion, narrate: deps.narrate, llmInfo: deps.llmInfo }))
    // Write the report and close the run.
    .addNode('report', makeReportStep(deps))
    .addEdge(START, 'plan')
    .addEdge('plan', 'fetch')
    .addConditionalEdges('fetch', fanOutAnalyses, ['analyse', 'synthesize'])
    .addEdge('analyse', 'collect')
    .addConditionalEdges('collect', fanOutAnalyses, ['analyse', 'synthesize'])
    .addEdge('synthesize', 'report')
    .addEdge('report', END);
}

/** The graph compiled with a checkpointer (SqliteSaver on the library in the CLI; any saver in tests). */
export function compileResearchGraph(deps: ResearchDeps, checkpointer: BaseCheckpointSaver) {
  return buildResearchGraph(deps).compile({ checkpointer });
}
