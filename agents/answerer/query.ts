import { background } from '../../src/nlp/background/index.js';
import { parseText } from '../../src/nlp/document.js';
import type { SkillMatcher } from '../../src/skills/match.js';
import { stem, wordTokens } from '../../src/nlp/words.js';

/** Words that ask rather than say what is asked about. */
const QUESTION_WORDS = new Set([
  'which', 'what', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'paper', 'papers', 'work', 'works',
  'study', 'studies', 'article', 'articles', 'approach', 'approaches', 'method', 'methods', 'use', 'uses',
  'using', 'used', 'show', 'shows', 'find', 'list', 'give', 'tell', 'explain', 'describe', 'are', 'is', 'do',
  'does', 'there', 'any', 'some', 'about', 'recent', 'latest', 'new', 'best', 'good', 'way', 'ways',
]);

/** Longest questions read: 10 KB of text is cut to its first distinct content words. */
const MAX_TERMS = 24;

/** The searchable part of a question. */
export type QuestionTerms = {
  /** Content words, lower-cased, in question order, each once. */
  words: string[];
  /** Their Porter stems (what the FTS5 porter tokenizer indexes), for coverage checks. */
  stems: string[];
  /**
   * Phrases searched besides the words: the spelled-out form of an acronym the question uses (from the
   * skill taxonomy) and key phrases of the question that arXiv abstracts use as terms.
   */
  expansions: string[];
};

/**
 * The content words of a question (no stop words, no question words), plus the aliases of the skills it
 * names. Punctuation, FTS syntax, SQL and quotes are just separators here, so nothing of the question
 * reaches SQLite as syntax.
 */
export function questionTerms(question: string, skills: SkillMatcher): QuestionTerms {
  const words: string[] = [];
  const seen = new Set<string>();
  const text = question.slice(0, 20_000);
  const stop = new Set(parseText(text.slice(0, 4000)).tokens.filter((t) => t.stop).map((t) => t.lower));
  for (const w of wordTokens(text)) {
    if (words.length >= MAX_TERMS) break;
    if (w.length < 2 && !/\d/.test(w)) continue;
    if (stop.has(w) || QUESTION_WORDS.has(w) || seen.has(w)) continue;
    seen.add(w);
    words.push(w);
  }
  // Expansions, kept to synonyms: an acronym the question uses and the taxonomy spells out ("GPU" ->
  // "graphics processing unit", "RL" -> "reinforcement learning"), and the reverse. A skill's other
  // aliases are siblings (Dask, Ray, Spark), not synonyms, and are left out.
  const expansions: string[] = [];
  const initials = (phrase: string) => wordTokens(phrase).map((w) => w[0]).join('');
  for (const id of skills.match(text).keys()) {
    const skill = skills.skills.find((s) => s.id === id);
    const names = [...(skill?.aliases ?? []), ...(skill?.exact ?? [])].map((n) => wordTokens(n).join(' ')).filter(Boolean);
    for (const name of names) {
      const isAcronym = !name.includes(' ');
      const pairs = names.filter((other) => (isAcronym ? other.includes(' ') && initials(other) === name.replace(/s$/, '') : !other.includes(' ') && initials(name) === other.replace(/s$/, '')));
      const asked = isAcronym ? words.includes(name) : ` ${wordTokens(text).join(' ')} `.includes(` ${name} `);
      if (asked) for (const p of pairs) if (!expansions.includes(p)) expansions.push(p);
    }
  }
  // Key phrases: neighbouring content words that arXiv abstracts use as a term ("verifiable rewards").
  const ordered = wordTokens(text);
  for (let i = 0; i + 1 < ordered.length && expansions.length < 12; i++) {
    for (const n of [3, 2]) {
      const phrase = ordered.slice(i, i + n);
      if (phrase.length < n || !phrase.every((w) => seen.has(w))) continue;
      const joined = phrase.join(' ');
      if (background().phraseDocs(phrase.map(stem).join(' ')) > 0 && !expansions.includes(joined)) expansions.push(joined);
    }
  }
  return { words, stems: words.map(stem), expansions };
}

/** Inverse document frequency of a word over arXiv abstracts: rare words weigh more in sentence scores. */
export function wordWeight(word: string): number {
  return background().idf(stem(word));
}

/**
 * A word as an FTS5 string: quoted, quotes doubled, so it can never be read as syntax ("AND (", "NEAR(",
 * "*", "title:"). Retrieval searches single words (agents/answerer/retrieve.ts).
 */
export const quoteTerm = (t: string) => `"${t.replace(/"/g, '""')}"`;
