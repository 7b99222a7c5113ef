import { z } from 'zod';
import { SYNTHESIZER_PROMPT } from '../../prompts/synthesizer.js';
import { callStructured, type Failure, type ModelHandle, type Success } from '../../src/llm/structured.js';
import { wordTokens } from '../../src/nlp/words.js';
import { oneLine } from '../summarizer/llm.js';
import { synthesisMermaid } from './consolidate.js';
import type { Synthesis } from './schema.js';

/** What the model returns: names for theme ids, a narrative, takeaways with references. */
export const LlmSynthesisSchema = z.object({
  themes: z.array(z.object({ id: z.string().describe('a theme id of the data, e.g. T1'), name: z.string() })),
  narrative: z.string(),
  takeaways: z.array(z.object({ text: z.string(), papers: z.array(z.string()).describe('references such as P3') })),
});
export type LlmSynthesis = z.infer<typeof LlmSynthesisSchema>;

/** Themes, concepts and papers shown to the model at most (the map of a 40,000-paper run stays a small prompt). */
const MAX_THEMES = 12;
const CONCEPTS_PER_THEME = 10;
const PAPERS_PER_THEME = 8;
const NARRATIVE_SENTENCES = 6;
const MIN_TAKEAWAYS = 3;
const MAX_TAKEAWAYS = 6;

/** The themes as the model reads them: ids, concept labels, and a few papers (ref and title) each. */
function themesData(synthesis: Synthesis): string {
  const label = new Map(synthesis.nodes.map((n) => [n.id, n.label]));
  const title = new Map(synthesis.papers.map((p) => [p.ref, p.title]));
  return JSON.stringify(
    synthesis.themes.slice(0, MAX_THEMES).map((t) => ({
      id: t.id,
      concepts: t.nodes.slice(0, CONCEPTS_PER_THEME).map((n) => label.get(n) ?? n),
      papers: t.papers.slice(0, PAPERS_PER_THEME).map((ref) => ({ ref, title: (title.get(ref) ?? '').slice(0, 200) })),
    })),
    null,
    1,
  );
}

/**
 * Keeps what can be checked: names only for theme ids that exist (two to eight words, one line),
 * references only to papers of the run, takeaways only with at least one such reference.
 */
export function checkSynthesis(synthesis: Synthesis) {
  const themeIds = new Set(synthesis.themes.map((t) => t.id));
  const refs = new Set(synthesis.papers.map((p) => p.ref));
  return (value: LlmSynthesis): { ok: true; value: LlmSynthesis } | { ok: false; problem: string } => {
    const themes = value.themes
      .map((t) => ({ id: oneLine(t.id), name: oneLine(t.name).slice(0, 60) }))
      .filter((t) => themeIds.has(t.id) && wordTokens(t.name).length >= 1 && wordTokens(t.name).length <= 8);
    const narrative = oneLine(value.narrative).slice(0, 1500);
    const takeaways = value.takeaways
      .map((t) => ({ text: oneLine(t.text).slice(0, 400), papers: [...new Set(t.papers.map((r) => oneLine(r).toUpperCase()).filter((r) => refs.has(r)))] }))
      .filter((t) => t.papers.length > 0 && wordTokens(t.text).length >= 3)
      .slice(0, MAX_TAKEAWAYS);
    if (wordTokens(narrative).length < 10) return { ok: false, problem: '"narrative" must be a few sentences' };
    if (takeaways.length === 0) return { ok: false, problem: `each takeaway needs "papers" with references of the data (P1 to P${synthesis.papers.length})` };
    return { ok: true, value: { themes, narrative, takeaways } };
  };
}

/**
 * The LLM synthesizer: names the run's themes and writes the narrative and takeaways, then the map is
 * drawn again with the new names (by paperloom's serializer). Returns the synthesis unchanged, with the
 * reason, when the model is not usable.
 */
export async function llmNarrate(handle: ModelHandle, synthesis: Synthesis, runId: string): Promise<Success<Synthesis> | Failure> {
  if (synthesis.themes.length === 0) return { ok: false, reason: 'no themes to name' };
  const result = await callStructured(
    handle,
    SYNTHESIZER_PROMPT,
    {
      paperCount: synthesis.papers.length,
      themeCount: Math.min(MAX_THEMES, synthesis.themes.length),
      narrativeSentences: NARRATIVE_SENTENCES,
      minTakeaways: MIN_TAKEAWAYS,
      maxTakeaways: MAX_TAKEAWAYS,
      themes: { data: themesData(synthesis), maxChars: 20_000 },
    },
    LlmSynthesisSchema,
    checkSynthesis(synthesis),
    { agent: 'synthesizer', runId, paperId: null },
  );
  if (!result.ok) return result;
  const names = new Map(result.value.themes.map((t) => [t.id, t.name]));
  const themes = synthesis.themes.map((t) => ({ ...t, name: names.get(t.id) ?? t.name }));
  const renamed = { ...synthesis, themes };
  return {
    ...result,
    value: {
      ...renamed,
      mermaid: synthesisMermaid(renamed),
      narrative: { by: handle.spec, text: result.value.narrative, takeaways: result.value.takeaways },
    },
  };
}
