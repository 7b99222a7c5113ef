import { parseText, type Token } from './document.js';
import { latexToText } from './latex.js';

/** A paper's title and abstract as plain text, split and tagged once for every agent that reads it. */
export type PreparedText = {
  title: string;
  abstract: string;
  /** Sentences of title then abstract; the title's come first. */
  sentences: string[];
  /** Number of sentences that belong to the title (usually 1, 0 without a title). */
  titleSentences: number;
  /** Tokens of title and abstract; `sentence` indexes `sentences`. */
  tokens: Token[];
};

/** Converts LaTeX to text and tags title and abstract with wink-nlp. */
export function prepareText(title: string, abstract: string): PreparedText {
  const cleanTitle = latexToText(title);
  const cleanAbstract = latexToText(abstract);
  // The title is one sentence whatever wink reads in it; an empty text has none (wink reads one).
  const t = cleanTitle ? parseText(cleanTitle, 0, true) : { sentences: [], tokens: [] };
  const titleSentences = t.sentences.length ? 1 : 0;
  const a = cleanAbstract ? parseText(cleanAbstract, titleSentences) : { sentences: [], tokens: [] };
  const tokens = t.tokens.concat(a.tokens);
  const sentences = [...(titleSentences ? [cleanTitle] : []), ...a.sentences.map((s) => s.text)];
  return { title: cleanTitle, abstract: cleanAbstract, sentences, titleSentences, tokens };
}
