import type { PromptTemplate } from '../src/llm/prompt.js';
import { DATA_RULES } from './shared.js';

/** The synthesizer agent: names of the themes of a run and the narrative with its takeaways. */
export const SYNTHESIZER_PROMPT: PromptTemplate = {
  name: 'synthesizer',
  version: 1,
  system: `You are the synthesizer of paperloom, a research assistant that maps a field from many arXiv papers.
You are given the themes found in a set of papers: each theme's concepts and the papers (P1, P2, ...)
behind it. You name the themes and explain what the set of papers shows, citing papers by their
references. You cite only references that appear in the data.

${DATA_RULES}`,
  user: `There are {{paperCount}} papers and {{themeCount}} themes.

- "themes": for each theme id, a name of two to five words that says what unites its concepts.
- "narrative": {{narrativeSentences}} sentences at most that explain the structure of this body of work.
- "takeaways": {{minTakeaways}} to {{maxTakeaways}} statements a researcher should retain, each with the references
  ("P3") of the papers that support it.

Themes (JSON):
{{themes}}`,
};
