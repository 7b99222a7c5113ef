import { tokenStem, type Token } from '../../src/nlp/document.js';
import { DOCUMENT_FURNITURE, GENERIC_HEADS, GENERIC_MODIFIERS } from '../../src/nlp/stopwords.js';
import { stem, stemmedTokens } from '../../src/nlp/words.js';

/** A word of the text with hyphenated compounds joined ("GPU-based", "state-of-the-art"). */
export type Unit = {
  text: string;
  lower: string;
  /** NOUN, PROPN, ADJ, MOD (a participle that can modify), HEAD (an -ing form that can head), or OTHER. */
  role: 'NOUN' | 'PROPN' | 'ADJ' | 'MOD' | 'HEAD' | 'OTHER';
  sentence: number;
  /** Can be part of a candidate term. */
  usable: boolean;
  /** A phrase cannot run into it from the unit before: a boundary the sentence splitter missed. */
  breakBefore: boolean;
  /** An -ing verb between a noun phrase's opening and its noun (see isAdjunct): a phrase runs through it. */
  adjunct: boolean;
  /** Normal form for merging (see wordKey); set for usable units. */
  key: string;
  /** Form shown to people (see displayWord); set for usable units. */
  display: string;
  /** Porter stems of its alphanumeric parts, as the background statistics count them. */
  stems: string[];
  /** The token it is, unless it joins several (its stem is then shared with other agents). */
  token: Token | undefined;
};

/** One occurrence of a candidate phrase (its words are units[position .. position + length - 1]). */
export type Occurrence = {
  key: string;
  sentence: number;
  position: number;
  length: number;
  /** A whole noun phrase, not a part of a longer one. */
  maximal: boolean;
};

const HAS_LETTER = /\p{L}/u;
/**
 * An upper-case letter after the first of a word or of a hyphenated part: its case carries meaning ("GaN",
 * "ImageNet", "GPT-4"); a title's capitals ("Fine-Tuning", "Anti-Spoofing") do not.
 */
const CASE_CARRIES_MEANING = /\p{Lu}(?<![-\s]\p{Lu})/u;
/** One lower-case alphanumeric token, nothing else (what wordTokens would return whole). */
const PLAIN_WORD = /^[\p{Ll}\p{N}]+$/u;

/** PLAIN_WORD.test, answering for ASCII without the Unicode regular expression. */
function plainWord(lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c > 127) return PLAIN_WORD.test(lower);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false;
  }
  return lower.length > 0;
}

/** Verb forms that read like participles but never name a concept ("including", "called", "based"). */
const NOT_CONCEPT_VERBS = new Set([
  'including', 'using', 'following', 'regarding', 'according', 'involving', 'concerning', 'considering',
  'during', 'being', 'having', 'making', 'leading', 'resulting', 'comparing', 'showing', 'achieving',
  'yielding', 'allowing', 'enabling', 'providing', 'requiring', 'existing', 'remaining', 'surrounding',
  'called', 'named', 'termed', 'dubbed', 'used', 'given', 'obtained', 'known', 'compared', 'proposed',
  'presented', 'described', 'introduced', 'shown', 'based', 'related', 'required', 'needed', 'achieved',
  'applied', 'observed', 'reported', 'found', 'made', 'considered', 'studied', 'discussed', 'developed',
  // -ing forms that stand alone without naming anything ("owing to", "delving into", "Rethinking ...")
  'owing', 'delving', 'striving', 'beginning', 'coming', 'going', 'looking', 'trying', 'wanting', 'starting',
  'adding', 'noting', 'missing', 'unveiling', 'uncovering', 'revisiting', 'rethinking', 'demystifying',
  'envisioning', 'ushering', 'succeeding', 'prevailing', 'appealing', 'misleading', 'interesting',
  'promising', 'outstanding', 'increasing', 'growing', 'emerging', 'underlying', 'corresponding', 'bridging',
  'everything', 'something', 'nothing', 'anything',
]);
/**
 * Irregular past participles, which wink tags as verbs and which modify like -ed forms ("hidden markov
 * models", "frozen backbones", "spoken language", "chosen plaintext attack"). Those that never name a
 * concept ("given", "known", "shown") are in NOT_CONCEPT_VERBS.
 */
const IRREGULAR_PARTICIPLES = new Set([
  'arisen', 'beaten', 'bitten', 'blown', 'broken', 'built', 'chosen', 'drawn', 'driven', 'eaten', 'fallen',
  'flown', 'forbidden', 'forgotten', 'frozen', 'grown', 'handwritten', 'hidden', 'learnt', 'mistaken',
  'overridden', 'proven', 'rewritten', 'ridden', 'risen', 'seen', 'shaken', 'spoken', 'stolen', 'sunken',
  'taken', 'thrown', 'torn', 'unseen', 'unspoken', 'withdrawn', 'woken', 'worn', 'woven', 'written',
]);
export const MAX_WORDS = 4;
const CAPITAL_LETTERS = /^\p{Lu}+$/u;
const ENDS_IN_DIGIT = /\d$/;
/** The letters of a standard's amendment after its dotted number: "802.11b", "802.11ac". */
const AMENDMENT = /^[a-z]{1,2}$/;
/** How wink reads the letter of a standard's name, "H.264", "X.509": a capital and its dot. */
const LETTER_DOT = /^[A-Z]\.$/;
const DIGITS = /^\d+$/;
const STANDARD_NAME = /^[A-Z]\.\d/;
/** Particles that end a hyphenated noun: "trade-off", "fan-out", "plug-in", "set-up", "roll-out". */
const PARTICLES = new Set(['off', 'out', 'in', 'up', 'down', 'on', 'over', 'back', 'away']);
const STARTS_WITH_DIGIT = /^\d/;
/** A count written with a magnitude ("7B" parameters, "4K" tokens, "1M" images): never part of a term. */
const QUANTITY = /^\d+(?:\.\d+)?[KMBT]$/;
/** What follows an -ing form used as a noun ("pruning of", "clustering is", "denoising."). */
const AFTER_NOMINAL = new Set(['PUNCT', 'ADP', 'CCONJ', 'SCONJ', 'AUX', 'VERB', 'PART']);
/** What follows a plural noun but not a verb in -s: a noun it modifies, punctuation or a conjunction. */
const AFTER_PLURAL_NOUN = new Set(['NOUN', 'PROPN', 'PUNCT', 'CCONJ']);

function roleOf(token: Token): Unit['role'] {
  if (token.stop) return 'OTHER';
  switch (token.pos) {
    case 'NOUN': return 'NOUN';
    case 'PROPN': return 'PROPN';
    case 'ADJ': return 'ADJ';
    case 'VERB':
      if (NOT_CONCEPT_VERBS.has(token.lower)) return 'OTHER';
      if (token.lower.endsWith('ing')) return 'HEAD';
      if (token.lower.endsWith('ed') || IRREGULAR_PARTICIPLES.has(token.lower)) return 'MOD';
      return 'OTHER';
    default: return 'OTHER';
  }
}

/** Participles that work as prepositions ("data using", "science including"): no verb takes them as its object. */
const PREPOSITION_PARTICIPLES = new Set(['using', 'including', 'regarding', 'following', 'according', 'concerning', 'involving']);
/** Pronouns that own rather than act: an -ed form after them modifies ("our learned representations"). */
const POSSESSIVES = new Set(['our', 'its', 'their', 'my', 'your', 'his', 'her']);
/** What can stand before an -ing word that names a thing ("deep learning", "the following", "a reasoning"). */
const MODIFIES_NEXT = new Set(['ADJ', 'NOUN', 'PROPN', 'DET', 'NUM']);

/** What stands before a word inside a noun phrase (with determiners, what opens one). */
const INSIDE_PHRASE = new Set(['ADJ', 'NOUN', 'PROPN']);
/** Determiners that open a verb's object ("LangDA addresses these challenges", "techniques offer a solution"), in lower case. */
const OBJECT_DETERMINERS = new Set(['the', 'a', 'an', 'these', 'this', 'those']);

/** A plural's -s ("logs"), not that of "analysis", "bus" or "class". */
const PLURAL_S = /(?<![isu])s$/;
/**
 * Nouns whose singular ends like a plural: "a time series", "a species". Read as plurals, they made the
 * next word a verb ("time-series pattern matching", "time series data using ...").
 */
const INVARIANT_NOUNS = new Set(['series', 'species']);

/** Whether a noun is a plural by its ending ("logs", "queries"), not "analysis", "bus" or "series". */
function isPlural(lower: string): boolean {
  return PLURAL_S.test(lower) && !INVARIANT_NOUNS.has(lower);
}
/** A verb form with an ending: -s, -ed, -ing. */
const INFLECTED = /(?:s|ed|ing)$/;
/** A base form ending in s: "bypass", "access", "focus". */
const BASE_IN_S = /(?:ss|us)$/;

function isNoun(t: Token | undefined): t is Token {
  return !!t && (t.pos === 'NOUN' || t.pos === 'PROPN') && !t.stop;
}

/** The next token when it is in the same sentence and spaced from this one. */
function spacedAfter(tokens: Token[], i: number): Token | undefined {
  const next = tokens[i + 1];
  return next && next.sentence === tokens[i]!.sentence && next.spaced ? next : undefined;
}

/** Particles of family names, written in lower case: "de Bruijn graphs", "von Neumann architecture", "van der Waals". */
const NAME_PARTICLES = new Set(['de', 'van', 'von', 'der', 'den', 'du', 'di', 'da', 'del', 'della', 'le', 'la']);

/** Whether tokens[i] starts a name, after a name particle: a capitalised word, or another particle before one. */
function startsName(tokens: Token[], i: number, sentence: number): boolean {
  const t = tokens[i];
  if (!t || t.sentence !== sentence || !t.spaced) return false;
  if (NAME_PARTICLES.has(t.text)) return startsName(tokens, i + 1, sentence);
  return t.pos === 'PROPN' && t.text !== t.lower && t.text[0] !== t.lower[0];
}

/**
 * Whether a stop word written in capitals among words that are not is an acronym: "IT" (information
 * technology) in "IT professionals", "US" in "US universities". In a heading written in capitals
 * ("THE IT MODEL CURRICULUM") it is a word of the heading.
 */
function stopWordAcronym(tokens: Token[], i: number): boolean {
  const t = tokens[i]!;
  if (t.text.length < 2 || !CAPITAL_LETTERS.test(t.text)) return false;
  const capitals = (n: Token | undefined) => !!n && n.sentence === t.sentence && n.text.length > 1 && CAPITAL_LETTERS.test(n.text);
  return !capitals(tokens[i - 1]) && !capitals(tokens[i + 1]);
}

/**
 * Whether "least" (a stop word: "at least") modifies the noun after it, as in "least squares",
 * "recursive least squares", "a least squares problem", "least privilege": not after "at", and after a
 * determiner only before a plural ("the least squares solution", not "the least performance drop").
 */
function leastModifies(tokens: Token[], i: number): boolean {
  const after = spacedAfter(tokens, i);
  if (!isNoun(after)) return false;
  const before = tokens[i - 1]?.sentence === tokens[i]!.sentence ? tokens[i - 1] : undefined;
  if (before?.lower === 'at') return false;
  return before?.pos !== 'DET' || isPlural(after.lower);
}

/**
 * Whether a verb's base form that opens a sentence, before a noun in lower case, is the first noun of a
 * compound: "Transfer learning has emerged ...", "Reward models (RMs) ...", "Pose estimation was ...".
 * Abstracts do not open sentences with commands. Not a name ("DeGauss models dynamic scenes") and not a
 * title in title case ("Tell Model Where to Look"), where the next word is capitalised.
 */
function opensNounPhrase(t: Token, after: Token): boolean {
  return t.text !== t.lower && sameAfterFirst(t.text, t.lower) && after.text === after.lower;
}

/**
 * roleOf, corrected by the neighbours where wink's tags make verbs look like parts of a term:
 * - a word tagged as a noun between a noun (or adjective) and a determiner is the verb of a clause
 *   ("this work reframes the task", "existing methods face a trade-off", "deep learning techniques
 *   offer a solution"), and so is a base form between a plural noun and an adjective or -ing word
 *   ("agents offer significant opportunities", "bridges face escalating deterioration", "risks like
 *   overfitting"), though not before a participle that works as a preposition ("kinematics data using");
 * - an -ed form after an auxiliary or a pronoun is a finite verb ("have demonstrated impressive
 *   capabilities", "has garnered significant attention", "we explored"), unless the pronoun owns ("our
 *   learned representations");
 * - an -ing word tagged as a noun, before an adjective and not after a word that could modify it, is a
 *   verb with its object ("in generating high-quality images", ", offering valuable insights"), while
 *   "deep learning due to", "centralized training impractical" and "a reasoning large language model"
 *   keep their noun;
 * - an -ing word tagged as an adjective after a noun is a noun ("entity ranking is", "tag ranking
 *   algorithm");
 * - a verb's base form between a singular noun and a noun is a noun ("tree edit distance", "pyramid
 *   match kernel"): a singular subject would take an -s, and a plural one ("networks learn
 *   representations") keeps the verb; so is one that opens a sentence before a noun ("Transfer learning
 *   has ...", see opensNounPhrase);
 * - "least" before a noun modifies it ("least squares", see leastModifies).
 */
function roleInContext(tokens: Token[], i: number): Unit['role'] {
  const t = tokens[i]!;
  if (t.stop && stopWordAcronym(tokens, i)) return 'PROPN';
  if (t.lower === 'least' && leastModifies(tokens, i)) return 'ADJ';
  if (NAME_PARTICLES.has(t.text) && startsName(tokens, i + 1, t.sentence)) return 'ADJ';
  const role = roleOf(t);
  const before = tokens[i - 1]?.sentence === t.sentence ? tokens[i - 1] : undefined;
  // ("named entity recognition": "named" before a common noun is no "called")
  if (t.lower === 'named') {
    const after = spacedAfter(tokens, i);
    return after?.pos === 'NOUN' && !after.stop && after.text === after.lower ? 'MOD' : role;
  }
  if (role === 'OTHER') {
    // (not the verbs of GENERIC_MODIFIERS: "this paper propose iFlame")
    if (t.pos !== 'VERB' || t.stop || NOT_CONCEPT_VERBS.has(t.lower) || GENERIC_MODIFIERS.has(t.lower)) return role;
    const after = spacedAfter(tokens, i);
    if (!isNoun(after)) return role;
    // (opening a sentence, also a base form in -s: "Bypass rates", "Access control")
    if (!before) return (!INFLECTED.test(t.lower) || BASE_IN_S.test(t.lower)) && opensNounPhrase(t, after) ? 'NOUN' : role;
    return !INFLECTED.test(t.lower) && isNoun(before) && !isPlural(before.lower) ? 'NOUN' : role;
  }
  // (tagged an adjective, an -ing word after a noun is its head or a noun adjunct: "entity ranking is", "tag ranking algorithm")
  if (role === 'ADJ') return isNoun(before) && t.lower.endsWith('ing') && !NOT_CONCEPT_VERBS.has(t.lower) ? 'NOUN' : role;
  if (role === 'MOD') return before && (before.pos === 'AUX' || (before.pos === 'PRON' && !POSSESSIVES.has(before.lower))) ? 'OTHER' : role;
  if (role !== 'NOUN') return role;
  const after = spacedAfter(tokens, i);
  if (!after) return role;
  // (a plural subject and its verb, before the object's adjective: "deployed systems offer tangible benefits")
  // (not before a participle that works as a preposition: "kinematics data using", "materials science including")
  if (isNoun(before) && isPlural(before.lower) && !INFLECTED.test(t.lower) && (after.pos === 'ADJ' || (after.pos === 'VERB' && after.lower.endsWith('ing') && !PREPOSITION_PARTICIPLES.has(after.lower)))) return 'OTHER';
  if (after.pos === 'DET') {
    const clause = before && (before.pos === 'NOUN' || before.pos === 'PROPN' || before.pos === 'ADJ');
    // (a capitalised one starts a sentence the splitter missed: "... support vector machines An abstract ...")
    return clause && OBJECT_DETERMINERS.has(after.text) ? 'OTHER' : role;
  }
  return after.pos === 'ADJ' && t.lower.endsWith('ing') && !(before && MODIFIES_NEXT.has(before.pos)) ? 'OTHER' : role;
}

/**
 * Whether an -ing verb modifies the noun after it, as a noun adjunct, because it stands inside a noun
 * phrase: after a determiner, an adjective or a noun ("the routing protocol", "secure routing protocols",
 * "web authoring tools"). wink tags these as verbs, as it does "by routing packets".
 */
function isAdjunct(tokens: Token[], i: number): boolean {
  const before = tokens[i - 1];
  if (!before || before.sentence !== tokens[i]!.sentence) return false;
  if (before.pos !== 'DET' && (!INSIDE_PHRASE.has(before.pos) || before.stop)) return false;
  return isNoun(spacedAfter(tokens, i));
}

/**
 * Whether the unspaced token `a` after `text` (the word so far; `alone` if one token) is part of the same
 * word: a number's capital letters ("3D", "5G"), a dotted number's amendment letters ("802.11b"), a
 * standard's number after its letter ("H.264", which wink reads as "H." "264").
 */
function gluedToNumber(text: string, alone: boolean, a: Token): boolean {
  if (ENDS_IN_DIGIT.test(text)) return CAPITAL_LETTERS.test(a.text) || (AMENDMENT.test(a.text) && text.includes('.'));
  return alone && LETTER_DOT.test(text) && DIGITS.test(a.text);
}

/** How a text uses its verbs: the stems it uses as verbs, and the -ing forms it uses inside noun phrases. */
type IngUsage = { verbs: Set<string>; nouns: Set<string> };

/** Subjects after which a word is a verb ("we mine", "they benchmark"), whatever wink tags it. */
const SUBJECTS = new Set(['we', 'they']);

function ingUsage(tokens: Token[]): IngUsage {
  const verbs = new Set<string>();
  const nouns = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const before = tokens[i - 1];
    const opens = !before || before.sentence !== t.sentence;
    if (!opens && t.lower.endsWith('ing') && (t.pos === 'NOUN' || isAdjunct(tokens, i))) nouns.add(t.lower);
    else if (t.pos === 'VERB' || (before && !opens && SUBJECTS.has(before.lower))) verbs.add(tokenStem(t));
  }
  return { verbs, nouns };
}

/**
 * Whether an -ing word that opens a sentence or a title before a noun phrase is a verb with its object
 * ("Mitigating hallucinations in ...", "Benchmarking LLMs ..."): wink tags such words as names, and the
 * text tells: it uses the word as a verb elsewhere ("we mitigate") and never as a noun inside a phrase
 * (as "scaling" of "study scaling laws", which keeps "Scaling laws for ..." a term).
 */
function openingVerb(tokens: Token[], i: number, usage: () => IngUsage): boolean {
  const t = tokens[i]!;
  // (not a hyphenated one, which names a stage: "Post-training quantization (PTQ) ...")
  if (!t.lower.endsWith('ing') || t.text === t.lower || t.text.includes('-') || (t.pos !== 'PROPN' && t.pos !== 'NOUN')) return false;
  const before = tokens[i - 1];
  if (before && before.sentence === t.sentence && before.text !== ':') return false;
  const after = spacedAfter(tokens, i);
  if (!after || (after.pos !== 'NOUN' && after.pos !== 'PROPN' && after.pos !== 'ADJ') || after.stop) return false;
  const { verbs, nouns } = usage();
  return verbs.has(tokenStem(t)) && !nouns.has(t.lower);
}

/**
 * The text's words as units: compounds that wink splits joined into one (see below), heading case folded
 * and missed sentence boundaries marked (see foldCase), and for the usable ones their normal form,
 * display form and stems.
 */
export function toUnits(tokens: Token[]): Unit[] {
  const units: Unit[] = [];
  const unit = (text: string, lower: string, role: Unit['role'], sentence: number, token?: Token): Unit =>
    ({ text, lower, role, sentence, usable: false, breakBefore: false, adjunct: false, key: '', display: '', stems: [], token });
  let usage: IngUsage | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const parts = [tokens[i]!];
    let text = tokens[i]!.text;
    // One word again where wink splits one: hyphenated compounds ("GPU-based"), a number and its capital
    // letters ("3D", "5G") or a dotted number and its amendment's letters ("802.11b"), a version at its
    // dot ("Qwen2.5-7B", "GPT-3.5"), a standard's letter and number ("H.264", which wink reads as "H." "264").
    for (;;) {
      const a = tokens[i + 1];
      const b = tokens[i + 2];
      if (!a || a.spaced || a.sentence !== parts[0]!.sentence) break;
      if (gluedToNumber(text, parts.length === 1, a)) {
        parts.push(a);
        text += a.text;
        i += 1;
      } else if (b && !b.spaced && b.sentence === a.sentence &&
        (a.text === '-' ? HAS_LETTER.test(b.text) : a.text === '.' && ENDS_IN_DIGIT.test(text) && STARTS_WITH_DIGIT.test(b.text))) {
        parts.push(b);
        text += a.text + b.text;
        i += 2;
      } else break;
    }
    if (parts.length === 1) {
      const t = parts[0]!;
      const u = unit(t.text, t.lower, openingVerb(tokens, i, () => (usage ??= ingUsage(tokens))) ? 'OTHER' : roleInContext(tokens, i), t.sentence, t);
      u.adjunct = u.role === 'HEAD' && isAdjunct(tokens, i);
      units.push(u);
      continue;
    }
    // Its part of speech is its last word's ("GPU-based": an adjective), or the word before a version number.
    const last = parts.findLast((p) => p.pos !== 'NUM') ?? parts.at(-1)!;
    // A compound ending in an -ing form names a thing where nothing follows that it could modify
    // ("supervised fine-tuning (SFT)", "co-clustering of"), and modifies otherwise ("privacy-preserving scenes").
    const next = tokens[i + 1];
    const ends = !next || next.sentence !== last.sentence;
    const nominal = last.pos === 'VERB' && last.lower.endsWith('ing') && (ends || AFTER_NOMINAL.has(next.pos));
    // A compound ending in a plural that wink tags as a verb ("K"-"means", "CT"-"scans") is a noun where
    // no object or complement follows: "k-means clustering", "k-means, DBSCAN and", "CT-scans." A verb
    // joined by a prefix or a dash ("self-evolves its", "anomalies-remains unclear", "self-optimizes
    // for") stays out; after a single letter, which names a parameter or a kind and is no prefix, also
    // before a preposition ("fuzzy c-means on", "B-scans of").
    const plural = last.pos === 'VERB' && isPlural(last.lower) &&
      (ends || AFTER_PLURAL_NOUN.has(next.pos) || (next.pos === 'ADP' && parts[0]!.text.length === 1));
    // A compound ending in a particle is a noun ("trade-off", "fan-out"), though wink tags its last part ADP.
    const noun = last.pos === 'NOUN' || last.pos === 'PROPN' || nominal || plural || (parts.length > 1 && PARTICLES.has(last.lower));
    units.push(unit(text, text.toLowerCase(), noun ? 'NOUN' : 'ADJ', parts[0]!.sentence));
  }
  foldCase(units);
  for (const u of units) {
    u.usable = u.role !== 'OTHER' && u.text.length > 1 && HAS_LETTER.test(u.text) && !/^\p{P}/u.test(u.text) && !QUANTITY.test(u.text);
    if (!u.usable) continue;
    // (a word in lower case has no capital whose case could carry meaning)
    // (and a standard's letter: "H.264")
    const meaningfulCase = u.text !== u.lower && (CASE_CARRIES_MEANING.test(u.text.slice(1)) || STANDARD_NAME.test(u.text));
    u.display = meaningfulCase ? u.text : u.lower;
    // A plain word (the common case) is its own only token and, unless its case carries meaning, its
    // own key: one stem lookup serves key, stems and the summarizer.
    if (plainWord(u.lower)) {
      const stemmed = u.token ? tokenStem(u.token) : stem(u.lower);
      u.stems = [stemmed];
      u.key = meaningfulCase ? wordKey(u.text) : stemmed;
    } else {
      u.stems = stemmedTokens(u.lower);
      u.key = wordKey(u.text);
    }
  }
  return units;
}

/**
 * An -ing form standing alone names a concept ("reasoning", "inpainting", "unlearning") when no object
 * follows it: "Rethinking the ...", "Taming diffusion models" and "by unlocking the potential" are verbs.
 */
function nominalGerund(units: Unit[], at: number): boolean {
  const next = units[at + 1];
  if (!next || next.sentence !== units[at]!.sentence) return true;
  return !!next.token && AFTER_NOMINAL.has(next.token.pos);
}

const canHead = (u: Unit) => u.role === 'NOUN' || u.role === 'PROPN' || u.role === 'HEAD';

/** Displays a word lower-cased unless its case carries meaning (acronyms, "ImageNet", "GPT-4"). */
export function displayWord(text: string): string {
  return CASE_CARRIES_MEANING.test(text.slice(1)) ? text : text.toLowerCase();
}

/**
 * Normal form of one word for merging: its Porter stem, except that words whose case carries meaning
 * keep it (so "GaN", gallium nitride, never merges with "GAN"), minus a plural s ("GANs" = "GAN").
 */
export function wordKey(text: string): string {
  if (CASE_CARRIES_MEANING.test(text.slice(1))) return text.replace(/(?<=\p{Lu})s$/u, '');
  return stem(text.toLowerCase());
}

/** Normal form of a sequence of words. */
export function unitKey(words: string[]): string {
  return words.map(wordKey).join(' ');
}

/** How a word is written somewhere in the text (flags of foldCase). */
const IN_LOWER_CASE = 1;
const CAPITALISED = 2;
const LOWER_START = /^\p{Ll}/u;

/**
 * What case says about the text's words, in one pass. All-caps words that the same text also writes in
 * lower (or capitalised) case are headings ("INDEX STRUCTURES" next to "index structures"), not acronyms:
 * they are lower-cased in place so both merge. And boundaries the sentence splitter missed, a title run
 * into its abstract ("... mining applications Opinion mining became ..."): a capitalised word right after
 * a lower-case one starts a new phrase when the text also writes it in lower case, so it is not a name there.
 */
function foldCase(units: Unit[]): void {
  // Only words that are written with a capital somewhere can be folded or split.
  let capitalised: Set<string> | undefined;
  for (const u of units) if (u.text !== u.lower) (capitalised ??= new Set()).add(u.lower);
  if (!capitalised) return;
  const seen = new Map<string, number>();
  for (const u of units) {
    if (!capitalised.has(u.lower)) continue;
    // a mixed-case word ("GaN") says nothing about "GAN"
    const flag = u.text === u.lower ? IN_LOWER_CASE : sameAfterFirst(u.text, u.lower) ? CAPITALISED : 0;
    if (flag) seen.set(u.lower, (seen.get(u.lower) ?? 0) | flag);
  }
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (u.text === u.lower) continue; // (folding or splitting a word in lower case would change nothing)
    // (a stop word is usable only as an acronym: "IT" in "IT professionals", whatever "it" is elsewhere)
    if (u.token?.stop) continue;
    const flags = seen.get(u.lower);
    if (flags === undefined) continue;
    // (a word with one capital, "H.264", is not written in capitals)
    if (u.text.length > 1 && u.text === u.text.toUpperCase() && !sameAfterFirst(u.text, u.lower)) u.text = u.lower;
    else if (flags & IN_LOWER_CASE && i > 0 && sameAfterFirst(u.text, u.lower) && startsLowerCase(units[i - 1]!.text)) u.breakBefore = true;
  }
}

function startsLowerCase(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c >= 97 && c <= 122) || (c > 127 && LOWER_START.test(text));
}

/** a.slice(1) === b.slice(1), without building the slices. */
function sameAfterFirst(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 1; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/**
 * Candidate key terms: the noun phrases of the text (maximal runs of adjectives, nouns and participles,
 * split at -ing forms, within a sentence) and every contiguous part of them of up to four words that ends
 * in a noun and does not start with filler ("novel", "various"). Authors' key phrases are often parts of
 * longer phrases ("minimum description length" inside "minimum description length principle"), so the
 * parts are candidates too; `maximal` tells which occurrences are whole phrases. A part may be made of
 * generic words only ("topic model", "data quality"): the background's title-worthiness weighs those.
 * An -ing form alone is a candidate only where it is used as a noun (see nominalGerund), also as the
 * head of a longer phrase ("ranking" of "optimal ranking").
 */
export function candidateOccurrences(units: Unit[]): Occurrence[] {
  const found: Occurrence[] = [];
  let i = 0;
  while (i < units.length) {
    if (!units[i]!.usable) { i++; continue; }
    // A run ends at an -ing form: it can head a phrase ("machine learning") but never sits inside one.
    let j = i;
    while ((units[j]!.role !== 'HEAD' || units[j]!.adjunct) && j + 1 < units.length && units[j + 1]!.usable && !units[j + 1]!.breakBefore && units[j + 1]!.sentence === units[i]!.sentence) j++;
    for (let a = i; a <= j; a++) {
      const first = units[a]!;
      // (a part opens at an -ing adjunct only where the phrase does: "the routing protocol", not "sensing
      // images" of "remote sensing images")
      if (GENERIC_MODIFIERS.has(first.lower) || (first.role === 'HEAD' && a !== j && !(first.adjunct && a === i))) continue;
      for (let b = a; b <= j && b - a < MAX_WORDS; b++) {
        const last = units[b]!;
        if (!canHead(last) || (last.role === 'HEAD' && a === b && !nominalGerund(units, a))) continue;
        if (a === b && first.role === 'MOD') continue;
        if (a === b && (GENERIC_HEADS.has(first.lower) || DOCUMENT_FURNITURE.has(first.lower))) continue;
        let key = first.key;
        for (let w = a + 1; w <= b; w++) key += ` ${units[w]!.key}`;
        found.push({ key, sentence: first.sentence, position: a, length: b - a + 1, maximal: (a === i || units[a - 1]!.adjunct) && (b === j || last.adjunct) });
      }
    }
    i = j + 1;
  }
  return found;
}

/** How an occurrence is written, in display forms ("large language models", "GPT-4 agents"). */
export function surfaceOf(units: Unit[], o: Occurrence): string {
  let surface = units[o.position]!.display;
  for (let w = o.position + 1; w < o.position + o.length; w++) surface += ` ${units[w]!.display}`;
  return surface;
}

/** A digit that stands for a word inside an acronym: "P2P", "B2B", "E2E". */
const DIGIT_WORD = /(?<=[A-Z])[24](?=[A-Z])/;
const DIGIT_WORDS = new RegExp(DIGIT_WORD.source, 'g');

/**
 * Acronyms defined in the text, "large language models (LLMs)": maps the acronym's key to the key of
 * the phrase it abbreviates, when the acronym's letters are the phrase words' initials (the parts of a
 * hyphenated word count as words, a 2 as "to": "peer-to-peer (P2P)").
 */
export function acronymDefinitions(units: Unit[], occurrences: Occurrence[]): Map<string, string> {
  const defs = new Map<string, string>();
  const byEnd = new Map<number, Occurrence>();
  for (const o of occurrences) {
    const end = o.position + o.length - 1;
    if ((byEnd.get(end)?.length ?? 0) < o.length) byEnd.set(end, o);
  }
  for (let i = 2; i + 1 < units.length; i++) {
    if (units[i - 1]!.text !== '(' || units[i + 1]!.text !== ')') continue;
    const acronym = units[i]!.text;
    if (!/^[0-9]*[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*$/.test(acronym)) continue;
    const phrase = byEnd.get(i - 2);
    // One hyphenated word only for an acronym whose digit says so ("text-to-image (T2I)"): most are
    // modifiers ("high-resolution (HR) images"), and as terms of their own they say little.
    if (!phrase || (phrase.length < 2 && !(DIGIT_WORD.test(acronym) && units[phrase.position]!.text.includes('-')))) continue;
    // (a 2 or 4 between capitals stands for "to" or "for": "peer-to-peer (P2P)", "end-to-end (E2E)")
    const letters = acronym.replace(/s$/, '').replace(DIGIT_WORDS, (d) => (d === '2' ? 'T' : 'F')).replace(/[^A-Z]/g, '').toLowerCase();
    // (the initial of "3D" is its D: "3D Gaussian splatting (3DGS)")
    const initials = surfaceOf(units, phrase).split(/[\s-]+/).map((w) => /\p{L}/u.exec(w)?.[0]?.toLowerCase() ?? '').join('');
    if (letters.length >= 2 && initials.endsWith(letters)) defs.set(wordKey(acronym), phrase.key);
  }
  return defs;
}
