/**
 * Regular-expression sources for the literal phrases of a skill (its `aliases` and `exact` lists).
 * Boundaries are explicit look-arounds rather than `\b`, which is ASCII-only and fires between a letter
 * and a `+` (so `\bC\b` would find the C of "C++").
 */

/**
 * A letter, digit or underscore. The U+FFFC that `plainText` leaves where LaTeX math was is not one, so
 * "8$\times$A100" still names an A100; the patterns for one-letter names (R, C) treat it as part of a word.
 */
const WORD_CHAR = String.raw`[\p{L}\p{N}_]`;
/** What may join the words of a multi-word phrase: any run of white space and hyphens (or Unicode dashes). */
const SEPARATOR = String.raw`[\s\u2010-\u2013-]+`;
const STARTS_WITH_WORD_CHAR = /^[\p{L}\p{N}_]/u;
const ENDS_WITH_LETTER = /\p{L}$/u;
const ENDS_WITH_DIGIT = /[\p{N}_]$/u;

/** Escapes a character that is syntax in a `u`-flag regular expression (and only those: `\-` is an error there). */
function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** A character class that accepts both cases of a letter; other characters escaped as needed. */
function caseless(ch: string): string {
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  // Letters without a one-to-one case pair (ß -> SS) are matched as written.
  if (lower === upper || [...lower].length !== 1 || [...upper].length !== 1) return escapeChar(ch);
  return `[${lower}${upper}]`;
}

/** The words of a phrase, split where it has spaces or hyphens. */
export function phraseWords(phrase: string): string[] {
  return phrase.trim().split(/[\s\u2010-\u2013-]+/u).filter((w) => w.length > 0);
}

/**
 * The source of a regular expression (flag `u`) that finds `phrase` as a whole word or words: spaces and
 * hyphens inside it are interchangeable, a plural `s` is accepted after a final letter, and the phrase
 * never matches inside a longer word. `caseSensitive: false` accepts any mix of cases.
 */
export function phraseSource(phrase: string, caseSensitive: boolean): string {
  const toSource = caseSensitive ? escapeChar : caseless;
  const [first = [], ...rest] = phraseWords(phrase).map((word) => [...word].map(toSource));
  const text = phrase.trim();
  // The boundary check comes after the first character, not before it: a regex that starts with a literal
  // is scanned for that literal quickly, one that starts with a look-behind runs it at every position.
  const head = STARTS_WITH_WORD_CHAR.test(text) ? `(?<!${WORD_CHAR}${first[0]})` : '';
  const body = [`${first[0]}${head}${first.slice(1).join('')}`, ...rest.map((w) => w.join(''))].join(SEPARATOR);
  let tail: string;
  if (ENDS_WITH_LETTER.test(text)) tail = `${caseSensitive ? 's' : '[sS]'}?(?!${WORD_CHAR})`;
  else if (ENDS_WITH_DIGIT.test(text)) tail = `(?!${WORD_CHAR})`;
  // "C++" and "C#": not followed by more of the same or by letters; digits may follow (C++17).
  else tail = String.raw`(?![+#\p{L}_])`;
  return `${body}${tail}`;
}
