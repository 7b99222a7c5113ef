import { phraseSource, phraseWords } from './phrase.js';

/** The parts of a skill this module reads (a `Skill`, without importing the schema module). */
type SkillPhrases = { id: string; aliases: string[]; exact: string[]; patterns: string[] };

/**
 * A user pattern that uses back-references or named groups keeps its own regex: joined into one
 * alternation its group numbers would shift and duplicate group names are a syntax error.
 */
const NEEDS_OWN_REGEX = /\\[1-9]|\\k<|\(\?<(?![=!])/;

/** Why a skill cannot be compiled (an invalid pattern, a one-letter phrase, nothing to match), or null. */
export function skillProblem(skill: SkillPhrases): string | null {
  if (skill.aliases.length + skill.exact.length + skill.patterns.length === 0) {
    return `skill "${skill.id}" has no aliases, exact phrases or patterns, so it would never match`;
  }
  for (const phrase of [...skill.aliases, ...skill.exact]) {
    const words = phraseWords(phrase);
    if (words.length === 0) return `skill "${skill.id}": phrase ${JSON.stringify(phrase)} has no words`;
    if (words.length === 1 && [...words[0]!].length === 1) {
      return `skill "${skill.id}": one-letter phrase ${JSON.stringify(phrase)} would match everywhere; use a pattern with context`;
    }
  }
  for (const pattern of skill.patterns) {
    try {
      const re = new RegExp(pattern, 'u');
      if (re.test('')) return `skill "${skill.id}": pattern ${JSON.stringify(pattern)} matches the empty string`;
    } catch (error) {
      return `skill "${skill.id}": pattern ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message.split('\n')[0]})`;
    }
  }
  try {
    compileSkill(skill);
  } catch (error) {
    return `skill "${skill.id}": its phrases and patterns do not compile together (${(error as Error).message.split('\n')[0]})`;
  }
  return null;
}

/** An alias or exact phrase: its text, its global regex and its words (see `phraseRuns`). */
export type CompiledPhrase = { text: string; regex: RegExp; words: string[] };

/** A skill ready to match. */
export type CompiledSkill = {
  id: string;
  /** Its aliases and exact phrases, each with its own regex, so that only those whose words a text has are run. */
  phrases: CompiledPhrase[];
  /** All its phrases in one global regex; null when it has none. */
  allPhrases: RegExp | null;
  /** Its patterns: one alternation, plus one regex per pattern that cannot join it. */
  patterns: RegExp[];
};

/**
 * The distinct lower-cased runs of letters and digits of a phrase ("C++" -> ["c"], "Node.js" -> ["node",
 * "js"]). Each is a whole word of any text the phrase matches (the last perhaps with a plural s).
 */
export function phraseRuns(phrase: string): string[] {
  return [...new Set(phrase.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
}

/** Compiles a skill (assumed free of `skillProblem`s) into global regular expressions. */
export function compileSkill(skill: SkillPhrases): CompiledSkill {
  // Longest first: in the joined regex, where two phrases start at one position the longer one wins.
  const sources = [
    ...skill.aliases.map((p) => ({ p, source: phraseSource(p, false) })),
    ...skill.exact.map((p) => ({ p, source: phraseSource(p, true) })),
  ].sort((a, b) => b.p.length - a.p.length);
  const joinable = skill.patterns.filter((p) => !NEEDS_OWN_REGEX.test(p));
  const own = skill.patterns.filter((p) => NEEDS_OWN_REGEX.test(p));
  return {
    id: skill.id,
    phrases: sources.map(({ p, source }) => ({ text: p, regex: new RegExp(source, 'gu'), words: phraseRuns(p) })),
    allPhrases: sources.length > 0 ? new RegExp(sources.map((x) => x.source).join('|'), 'gu') : null,
    patterns: [
      ...(joinable.length > 0 ? [new RegExp(joinable.map((p) => `(?:${p})`).join('|'), 'gu')] : []),
      ...own.map((p) => new RegExp(p, 'gu')),
    ],
  };
}

/** The [start, end) spans `re` matches in `text`, empty matches skipped. */
export function matchSpans(re: RegExp, text: string): [number, number][] {
  const spans: [number, number][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    else spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

/** Number of mentions: matches of several regexes that overlap count once. */
export function countMentions(regexes: RegExp[], text: string): number {
  if (regexes.length === 1) return matchSpans(regexes[0]!, text).length;
  const spans = regexes.flatMap((re) => matchSpans(re, text)).sort((a, b) => a[0] - b[0]);
  let count = 0;
  let end = -1;
  for (const [s, e] of spans) {
    if (s >= end) count++;
    end = Math.max(end, e);
  }
  return count;
}
