import type { Token } from '../../src/nlp/document.js';
import { GENERIC_HEADS, GENERIC_MODIFIERS } from '../../src/nlp/stopwords.js';
import { stem } from '../../src/nlp/words.js';

/** A word of the text with hyphenated compounds joined ("GPU-based", "state-of-the-art"). */
export type Unit = {
  text: string;
  lower: string;
  /** NOUN, PROPN, ADJ, MOD (a participle that can modify), HEAD (an -ing form that can head), or OTHER. */
  role: 'NOUN' | 'PROPN' | 'ADJ' | 'MOD' | 'HEAD' | 'OTHER';
  sentence: number;
};

/** One occurrence of a candidate phrase. */
export type Occurrence = {
  key: string;
  surface: string;
  sentence: number;
  position: number;
  length: number;
  /** Set when the occurrence is an acronym counted as the phrase it abbreviates. */
  viaAcronym?: boolean;
};

const HAS_LETTER = /\p{L}/u;

/** Verb forms that read like participles but never name a concept ("including", "called", "based"). */
const NOT_CONCEPT_VERBS = new Set([
  'including', 'using', 'following', 'regarding', 'according', 'involving', 'concerning', 'considering',
  'during', 'being', 'having', 'making', 'leading', 'resulting', 'comparing', 'showing', 'achieving',
  'yielding', 'allowing', 'enabling', 'providing', 'requiring', 'existing', 'remaining', 'surrounding',
  'called', 'named', 'termed', 'dubbed', 'used', 'given', 'obtained', 'known', 'compared', 'proposed',
  'presented', 'described', 'introduced', 'shown', 'based', 'related', 'required', 'needed', 'achieved',
  'applied', 'observed', 'reported', 'found', 'made', 'considered', 'studied', 'discussed', 'developed',
]);
const MAX_WORDS = 4;

function roleOf(token: Token): Unit['role'] {
  if (token.stop) return 'OTHER';
  switch (token.pos) {
    case 'NOUN': return 'NOUN';
    case 'PROPN': return 'PROPN';
    case 'ADJ': return 'ADJ';
    case 'VERB':
      if (NOT_CONCEPT_VERBS.has(token.lower)) return 'OTHER';
      if (token.lower.endsWith('ing')) return 'HEAD';
      if (token.lower.endsWith('ed')) return 'MOD';
      return 'OTHER';
    default: return 'OTHER';
  }
}

/** Joins hyphenated compounds written without spaces into single units. */
export function toUnits(tokens: Token[]): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const parts = [tokens[i]!];
    while (
      tokens[i + 1]?.text === '-' && !tokens[i + 1]!.spaced &&
      tokens[i + 2] && !tokens[i + 2]!.spaced && HAS_LETTER.test(tokens[i + 2]!.text) &&
      tokens[i + 2]!.sentence === tokens[i]!.sentence
    ) {
      parts.push(tokens[i + 2]!);
      i += 2;
    }
    if (parts.length === 1) {
      const t = parts[0]!;
      units.push({ text: t.text, lower: t.lower, role: roleOf(t), sentence: t.sentence });
      continue;
    }
    const text = parts.map((p) => p.text).join('-');
    const last = parts.at(-1)!;
    const role: Unit['role'] = last.pos === 'NOUN' || last.pos === 'PROPN' ? 'NOUN' : 'ADJ';
    units.push({ text, lower: text.toLowerCase(), role, sentence: parts[0]!.sentence });
  }
  return units;
}

function usable(unit: Unit): boolean {
  return unit.role !== 'OTHER' && unit.text.length > 1 && HAS_LETTER.test(unit.text) && !/^\p{P}/u.test(unit.text);
}

const canHead = (u: Unit) => u.role === 'NOUN' || u.role === 'PROPN' || u.role === 'HEAD';

/** Displays a word lower-cased unless its case carries meaning (acronyms, "ImageNet", "GPT-4"). */
export function displayWord(text: string): string {
  return /\p{Lu}/u.test(text.slice(1)) ? text : text.toLowerCase();
}

/**
 * Normal form of one word for merging: its Porter stem, except that words whose case carries meaning
 * keep it (so "GaN", gallium nitride, never merges with "GAN"), minus a plural s ("GANs" = "GAN").
 */
export function wordKey(text: string): string {
  if (/\p{Lu}/u.test(text.slice(1))) return text.replace(/(?<=\p{Lu})s$/u, '');
  return stem(text.toLowerCase());
}

/** Normal form of a sequence of words. */
export function unitKey(words: string[]): string {
  return words.map(wordKey).join(' ');
}

/**
 * Noun phrases of the text as candidate key terms: maximal runs of adjectives, nouns and participles
 * ending in a noun, without leading filler ("novel", "various") and without generic heads on their own
 * ("method", "results"). Runs longer than four words keep their last four (the head is at the end).
 */
export function candidateOccurrences(units: Unit[]): Occurrence[] {
  const found: Occurrence[] = [];
  let i = 0;
  while (i < units.length) {
    if (!usable(units[i]!)) { i++; continue; }
    // A run ends at an -ing form: it can head a phrase ("machine learning") but never sits inside one.
    let j = i;
    while (units[j]!.role !== 'HEAD' && j + 1 < units.length && usable(units[j + 1]!) && units[j + 1]!.sentence === units[i]!.sentence) j++;
    let start = i;
    let end = j;
    while (end >= start && !canHead(units[end]!)) end--;
    // A head that is itself an -ing form needs a noun-ish modifier ("machine learning"), else it is a verb.
    if (end >= start && units[end]!.role === 'HEAD' && end === start) end--;
    while (start <= end && (GENERIC_MODIFIERS.has(units[start]!.lower) || units[start]!.role === 'MOD' && start === end)) start++;
    if (end - start + 1 > MAX_WORDS) start = end - MAX_WORDS + 1;
    while (start <= end && GENERIC_MODIFIERS.has(units[start]!.lower)) start++;
    if (start <= end) {
      const words = units.slice(start, end + 1);
      const single = words.length === 1;
      if (!(single && GENERIC_HEADS.has(words[0]!.lower)) && !words.every((w) => GENERIC_HEADS.has(w.lower) || GENERIC_MODIFIERS.has(w.lower))) {
        found.push({
          key: unitKey(words.map((w) => w.text)),
          surface: words.map((w) => displayWord(w.text)).join(' '),
          sentence: words[0]!.sentence,
          position: start,
          length: words.length,
        });
      }
    }
    i = j + 1;
  }
  return found;
}

/**
 * Acronyms defined in the text, "large language models (LLMs)": maps the acronym's key to the key of
 * the phrase it abbreviates, when the acronym's letters are the phrase words' initials.
 */
export function acronymDefinitions(units: Unit[], occurrences: Occurrence[]): Map<string, string> {
  const defs = new Map<string, string>();
  const byEnd = new Map<number, Occurrence>();
  for (const o of occurrences) byEnd.set(o.position + o.length - 1, o);
  for (let i = 2; i + 1 < units.length; i++) {
    if (units[i - 1]!.text !== '(' || units[i + 1]!.text !== ')') continue;
    const acronym = units[i]!.text;
    if (!/^[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*$/.test(acronym)) continue;
    const phrase = byEnd.get(i - 2);
    if (!phrase || phrase.length < 2) continue;
    const letters = acronym.replace(/s$/, '').replace(/[^A-Z]/g, '').toLowerCase();
    const initials = phrase.surface.split(/[\s-]+/).map((w) => w[0]?.toLowerCase() ?? '').join('');
    if (letters.length >= 2 && initials.endsWith(letters)) defs.set(wordKey(acronym), phrase.key);
  }
  return defs;
}
