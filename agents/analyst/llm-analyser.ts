import { createHash } from 'node:crypto';
import type { Paper, Provenance } from '../../db/schema.js';
import { TERMS_PROMPT } from '../../prompts/terms.js';
import { SUMMARIZER_PROMPT } from '../../prompts/summarizer.js';
import type { LlmRuntime } from '../../src/llm/runtime.js';
import { decodeEntities } from '../../src/nlp/prepare.js';
import { latexToText } from '../../src/nlp/latex.js';
import { rouge } from '../../src/nlp/rouge.js';
import { wordTokens } from '../../src/nlp/words.js';
import { llmSummarize } from '../summarizer/llm.js';
import { conceptGraphToMermaid } from '../synthesizer/paper-graph.js';
import { llmKeyConcepts } from '../term-extractor/llm.js';
import { ANALYSER_VERSION, analysePaper, type PaperAnalysis } from './analyse-paper.js';
import type { Analyser } from './node.js';

/**
 * The version of analyses made with these models and prompts: the deterministic version (which writes
 * whatever falls back) plus a digest of each LLM agent's model and prompt version. Another model or a
 * changed prompt is another version, so papers are analysed again rather than mixed.
 */
export function llmAnalyserVersion(runtime: Pick<LlmRuntime, 'agents'>): string {
  const parts = [
    `summarizer=${runtime.agents.summarizer ?? 'nlp'}@${SUMMARIZER_PROMPT.version}`,
    `terms=${runtime.agents.terms ?? 'nlp'}@${TERMS_PROMPT.version}`,
  ];
  return `${ANALYSER_VERSION}+llm-${createHash('sha256').update(parts.join(';')).digest('hex').slice(0, 10)}`;
}

/**
 * The per-paper analyser with LLM agents: the summarizer and the term extractor ask their models (in
 * parallel), and whatever a model cannot deliver (an unusable reply after the repairs, a refusal, the
 * budget reached, the server down) comes from the deterministic agents, which run for every paper
 * anyway. Mermaid is always drawn by paperloom from the concept graph. Each analysis says who wrote
 * what (provenance), and every call is recorded against the run and the paper.
 */
export function createLlmAnalyser(runtime: LlmRuntime, runId: string): Analyser {
  const summarizer = runtime.handle('summarizer');
  const terms = runtime.handle('terms');
  const version = llmAnalyserVersion(runtime);
  return {
    version,
    analyse: async (paper: Paper & { id?: number }): Promise<PaperAnalysis> => {
      const base = analysePaper(paper);
      const context = { runId, paperId: paper.id ?? null };
      const [s, t] = await Promise.all([summarizer ? llmSummarize(summarizer, paper, context) : null, terms ? llmKeyConcepts(terms, paper, context) : null]);
      const provenance: Provenance = {
        summarizer: { by: s?.ok ? summarizer!.spec : 'nlp', fallback: s && !s.ok ? s.reason : null },
        terms: { by: t?.ok ? terms!.spec : 'nlp', fallback: t && !t.ok ? t.reason : null },
      };
      const out: PaperAnalysis = { ...base, analyserVersion: version, provenance };
      if (s?.ok) {
        out.tldr = s.value.tldr;
        out.summary = s.value.summary;
        out.rouge = rouge(s.value.summary, latexToText(decodeEntities(paper.abstract)));
        out.summaryWords = wordTokens(s.value.summary).length;
      }
      if (t?.ok) {
        out.terms = t.value.terms;
        out.conceptGraph = t.value.conceptGraph;
        out.mermaid = conceptGraphToMermaid(t.value.conceptGraph);
      }
      return out;
    },
  };
}
