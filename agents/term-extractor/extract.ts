import { compareStrings, mostFrequent } from '../../src/compare.js';
import { background, type WordStats } from '../../src/nlp/background/index.js';
import type { PreparedText } from '../../src/nlp/prepare.js';
import { prepareText, STANDARD_PART } from '../../src/nlp/prepare.js';
import { stemKey } from '../../src/nlp/words.js';
import { acronymDefinitions, candidateOccurrences, MAX_WORDS, surfaceOf, toUnits, type Occurrence, type Unit } from './candidates.js';
import { TermExtractorInputSchema, type RankedTerm, type TermExtractorInput, type TermExtractorOutput } from './schema.js';

/** Texts longer than this many words are treated as full papers (KP-Miner's rule: terms must recur). */
const LONG_TEXT = 1000;
/** How often a term must occur in a full paper to be ranked. */
const LONG_TEXT_MIN_COUNT = 3;
/** Words over which the position weight halves: terms introduced early matter more. */
const POSITION_SCALE = 50;
/**
 * Words up to which a longer phrase weighs more (log2(1 + words)): a phrase beats a single word, but a
 * third or fourth word adds nothing. Measured precision of the top 10 by length (KDD / WWW / NUS):
 * two words 15 / 16 / 30%, three 11 / 8 / 30%, four 2.6 / 1.5 / 19%, one 7 / 11 / 26%.
 */
const LONGEST_WEIGHTED = 2;
/** Weight of background "termhood": how many arXiv abstracts use the phrase as a term. */
const TERMHOOD_WEIGHT = 0.3;
/**
 * In full papers, single words (recurring everywhere: "graphs", "pages") weigh this much against
 * phrases, and a phrase's count weighs as its square root (measured on NUS: 25.3 -> 26.5 F1@10). Not
 * acronyms and coined names ("TLAESA", "QoS", "InfoCanvas"; see namesOneThing): among NUS's top-30
 * terms, single words of that kind were gold two to three times as often as other single words.
 */
const LONG_TEXT_SINGLE_WORD = 0.3;
/**
 * In full papers, how much more a term weighs when a section heading has it: headings name what the
 * sections are about (measured on NUS: F1@10 28.1 -> 29.0; 2 and 4 score 28.9 and 28.7).
 */
const IN_HEADING = 3;
/**
 * Background wholeness (TermStats.wholeness) under which a term counts as a fragment of longer terms and
 * weighs in proportion: "large language" (whole in 30 of the 11,934 abstracts that have it; 0.008),
 * "vision language", "convolutional neural", "retrieval augmented". No term of the evaluation sets is
 * that rare as a whole (F1@10 unchanged); among arXiv's, those under 0.1 are all fragments.
 */
const FRAGMENT = 0.1;
type Aggregate = {
  /** Its own occurrences (not as an acronym's expansion): where its surfaces are. */
  own: Occurrence[];
  /** Its occurrences with an acronym in a longer phrase ("NN search"): its surfaces if it has no own. */
  abbreviated: Occurrence[];
  /** Sentences of its occurrences, in text order, repeats included. */
  sentences: number[];
  count: number;
  /** Occurrences as a whole noun phrase; 0 means it only ever appears inside longer phrases. */
  whole: number;
  first: number;
  length: number;
  /** Where its stems are: the units of its first own occurrence that has any (-1: none yet). */
  stemsAt: number;
  stemsLength: number;
  /**
   * In full papers, how many of its occurrences lie inside its most frequent container, the longer
   * candidate that most often contains it ("time warping" inside "dynamic time warping"); else 0.
   */
  container: number;
};

/**
 * In full papers, a term whose occurrences lie this often inside one and the same longer candidate is a
 * fragment of that candidate, not a term ("time warping" of "dynamic time warping", "3G cellular" of
 * "3G cellular systems"): the C-value idea of nested terms, but against the most frequent container, so
 * that a term inside many different longer ones ("entropy" of "entropy rate", "min-entropy", "linear
 * entropy") stays: it heads a family of terms.
 */
const CONTAINED = 0.8;
/**
 * In full papers, a term weighs as (share of its occurrences that are whole phrases)^this: a part mostly
 * seen inside longer phrases is mostly not a term (with CONTAINED doing the rest, a fourth root).
 */
const WHOLE_SHARE_POWER = 0.25;

/**
 * Ranks the candidate phrases of a prepared text. For each term:
 * `log(1 + count) · idf · log2(1 + min(words, 2)) · position · termhood · √worthiness`, where idf is the mean
 * inverse document frequency of its words over arXiv abstracts, position = 1 / (1 + first word index / 50),
 * termhood = 1 + 0.3·log(1 + abstracts using the phrase as a term), and worthiness (at most 1) how
 * readily arXiv authors put the term in a title (TermStats.worthiness: "experimental results" near 0),
 * times min(1, wholeness / 0.1) for fragments that arXiv authors almost only write inside longer terms.
 * Parts that never occur as a whole noun phrase count half. In full papers (over LONG_TEXT words) count
 * weighs as √count, single words as 0.3 (not those whose case carries meaning, "TLAESA"), a term as the
 * fourth root of the share of its occurrences that are whole phrases, and 3 times as much when a section
 * heading has it; a term found 80% of the time inside one and the same longer candidate is left out, a
 * fragment of it (see CONTAINED). Acronyms count as the phrase they abbreviate, also inside longer
 * phrases ("NN search" is "nearest neighbour search").
 * Deterministic.
 */
export function rankTerms(text: PreparedText, limit = 20): RankedTerm[] {
  const stats = background();
  const units = toUnits(text.tokens);
  const occurrences = candidateOccurrences(units);
  const acronyms = acronymDefinitions(units, occurrences);
  const terms = new Map<string, Aggregate>();
  const long = units.length > LONG_TEXT;
  // (the terms' keys, in the order of the occurrences, for finding what contains what in full papers)
  const keys: string[] = long ? new Array(occurrences.length) : [];
  for (let k = 0; k < occurrences.length; k++) {
    const o = occurrences[k]!;
    const expansion = acronyms.size ? expanded(units, o, acronyms) : undefined;
    const key = expansion ?? o.key;
    if (long) keys[k] = key;
    let t = terms.get(key);
    if (!t) {
      t = { own: [], abbreviated: [], sentences: [], count: 0, whole: 0, first: o.position, length: o.length, stemsAt: -1, stemsLength: 0, container: 0 };
      terms.set(key, t);
    }
    if (!expansion) t.own.push(o);
    else if (o.length > 1) t.abbreviated.push(o);
    t.sentences.push(o.sentence);
    t.count++;
    if (o.maximal || (expansion && o.length === 1)) t.whole++;
  }
  if (long) countContainers(occurrences, keys, terms);

  for (const t of terms.values()) {
    // A phrase only ever written with its acronym ("NN search") shows as written.
    if (t.own.length === 0) t.own = t.abbreviated;
    const at = t.own.find((o) => hasStems(units, o));
    if (at) {
      t.stemsAt = at.position;
      t.stemsLength = at.length;
    }
  }

  // The headings' stems, space-padded, so that " key " finds a term among them.
  const headings = long ? text.headings.filter(namesSubject).map((h) => ` ${stemKey(h)} `) : [];
  // The background's statistics of each unit's stems, looked up once however many terms share the unit.
  const unitWords: WordStats[][] = new Array(units.length);
  // Every factor of a term's score but termhood and title-worthiness, whose lookup in the background's
  // large table of phrases is the costly part: it is made only for terms that can still make the top
  // `limit`. The bound takes a worthiness of 1 and the largest termhood the term's words allow (a
  // single word's is 1: the background counts phrases only).
  const partial: { key: string; t: Aggregate; base: number; weight: number; position: number; bound: number; score: number; word: WordStats | null }[] = [];
  for (const [key, t] of terms) {
    // A term seen only as an acronym's expansion has no surface of its own to show.
    if (t.own.length === 0 || t.stemsAt < 0) continue;
    if (long && t.count < LONG_TEXT_MIN_COUNT && !inTitle(t, text.titleSentences)) continue;
    // (a fragment of one longer term, not a term of its own: "time warping", "3G cellular")
    if (t.container >= CONTAINED * t.count) continue;
    let idf = 0;
    let phraseDocs = Infinity;
    let stems = 0;
    let last: WordStats | null = null;
    for (let i = t.stemsAt; i < t.stemsAt + t.stemsLength; i++) {
      for (const word of (unitWords[i] ??= units[i]!.stems.map(stats.word))) {
        idf += word.idf;
        phraseDocs = Math.min(phraseDocs, word.maxPhraseDocs);
        stems++;
        last = word;
      }
    }
    idf /= stems;
    const maxTermhood = stems === 1 ? 1 : 1 + TERMHOOD_WEIGHT * Math.log1p(phraseDocs);
    let weight = t.whole === 0 ? 0.5 : 1;
    let frequency = Math.log1p(t.count);
    if (long) {
      // A part mostly seen inside longer phrases ("ramsey" of "ramsey graphs") is mostly not a term.
      const commonWord = t.length === 1 && !namesOneThing(units[t.own[0]!.position]!);
      weight *= Math.pow(Math.max(t.whole, 0.5) / t.count, WHOLE_SHARE_POWER) * (commonWord ? LONG_TEXT_SINGLE_WORD : 1);
      frequency = Math.sqrt(t.count);
    }
    let base = frequency * idf * Math.log2(1 + Math.min(t.length, LONGEST_WEIGHTED));
    if (headings.length && inHeading(headings, stemsOf(units, t))) base *= IN_HEADING;
    const position = 1 + t.first / POSITION_SCALE;
    partial.push({ key, t, base, weight, position, bound: (base * maxTermhood * weight) / position, score: 0, word: stems === 1 ? last : null });
  }
  const scored = scoreReachable(partial, limit, ({ t, base, weight, position, word }) => {
    // (a one-word term's statistics came with its word's)
    const known = word ? word.term : stats.term(stemsOf(units, t));
    const termhood = 1 + TERMHOOD_WEIGHT * Math.log1p(known?.phraseDocs ?? 0);
    // (at most 1, so the bound holds; a part arXiv authors almost never write alone, "large language",
    // weighs as rarely as they write it)
    const generic = Math.sqrt(known?.worthiness ?? 1) * Math.min(1, (known?.wholeness ?? 1) / FRAGMENT);
    return (base * termhood * weight * generic) / position; // the factors in the order of the formula: exact scores
  });
  scored.sort((a, b) => b.score - a.score || compareStrings(a.key, b.key));
  // Surfaces and sentence lists only for the terms returned.
  return scored.slice(0, limit).map(({ key, t, score }) => {
    const term = mostFrequent(countSurfaces(units, t.own))!;
    return {
      // A term shown with its acronym ("P2P networks") keeps the key of what it shows, the key other
      // papers, which may not define the acronym, give it.
      key: t.own === t.abbreviated ? t.own.find((o) => surfaceOf(units, o) === term)!.key : key,
      term,
      score: Math.round(score * 1e4) / 1e4,
      sentences: [...new Set(t.sentences)].sort((a, b) => a - b),
    };
  });
}

/**
 * Exact scores (set on them) for the items that can be among the `limit` best, given a cheap upper
 * bound of each costly score; sorts `items` by bound. In order of bound, scoring until a bound falls
 * below the limit-th best score so far. Every item left out scores below `limit` others, so the best
 * `limit` of the result are the best of all.
 */
function scoreReachable<T extends { bound: number; score: number }>(items: T[], limit: number, score: (item: T) => number): T[] {
  const byBound = items.sort((a, b) => b.bound - a.bound);
  const scored: T[] = [];
  const best: number[] = []; // the best `limit` scores so far, descending
  for (const item of byBound) {
    if (best.length >= limit && item.bound < best[limit - 1]!) break;
    const s = score(item);
    item.score = s;
    scored.push(item);
    let at = best.length;
    while (at > 0 && best[at - 1]! < s) at--;
    if (at < limit) {
      best.splice(at, 0, s);
      if (best.length > limit) best.pop();
    }
  }
  return scored;
}

/**
 * Sets each term's `container`: how many of its occurrences lie inside the longer candidate that most
 * often contains it. `occurrences` are in text order (by position), and a candidate has at most
 * MAX_WORDS words, so the occurrences that contain one start at most three words before it.
 */
function countContainers(occurrences: Occurrence[], keys: string[], terms: Map<string, Aggregate>): void {
  const containers = new Map<string, Map<string, number>>();
  const around = new Set<string>();
  for (let k = 0; k < occurrences.length; k++) {
    const o = occurrences[k]!;
    const end = o.position + o.length;
    around.clear();
    for (let q = k - 1; q >= 0 && occurrences[q]!.position > o.position - MAX_WORDS; q--) {
      const c = occurrences[q]!;
      if (c.length > o.length && c.position + c.length >= end) around.add(keys[q]!);
    }
    for (let q = k + 1; q < occurrences.length && occurrences[q]!.position === o.position; q++) {
      if (occurrences[q]!.length > o.length) around.add(keys[q]!);
    }
    if (!around.size) continue;
    const key = keys[k]!;
    const t = terms.get(key)!;
    let counts = containers.get(key);
    if (!counts) containers.set(key, (counts = new Map()));
    for (const c of around) {
      const n = (counts.get(c) ?? 0) + 1;
      counts.set(c, n);
      if (n > t.container) t.container = n;
    }
  }
}

/**
 * The key of the phrase an occurrence abbreviates, if it has a defined acronym: "NN" is "nearest
 * neighbour", "NN search" is "nearest neighbour search".
 */
function expanded(units: Unit[], o: Occurrence, acronyms: Map<string, string>): string | undefined {
  if (o.length === 1) return acronyms.get(o.key);
  const end = o.position + o.length;
  // (most phrases have no acronym: nothing is built for them)
  let i = o.position;
  while (i < end && !acronyms.has(units[i]!.key)) i++;
  if (i === end) return undefined;
  const keys: string[] = [];
  for (let j = o.position; j < end; j++) keys.push(acronyms.get(units[j]!.key) ?? units[j]!.key);
  return keys.join(' ');
}

/**
 * Whether a single word names one thing, as a phrase does: its case carries meaning (an acronym, "TLAESA",
 * "QoS", or a coined name, "InfoCanvas"), unlike the common words that recur everywhere in a full paper.
 */
function namesOneThing(u: Unit): boolean {
  return u.display !== u.lower;
}

/** How often each written form of a term occurs. */
function countSurfaces(units: Unit[], occurrences: Occurrence[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of occurrences) {
    const surface = surfaceOf(units, o);
    counts.set(surface, (counts.get(surface) ?? 0) + 1);
  }
  return counts;
}

function hasStems(units: Unit[], o: Occurrence): boolean {
  for (let i = o.position; i < o.position + o.length; i++) if (units[i]!.stems.length) return true;
  return false;
}

/** A term's stems joined by spaces: its key in the background statistics. */
function stemsOf(units: Unit[], t: Aggregate): string {
  let key = '';
  for (let i = t.stemsAt; i < t.stemsAt + t.stemsLength; i++) for (const s of units[i]!.stems) key = key ? `${key} ${s}` : s;
  return key;
}

/** Whether a section heading can say what a paper is about: it names no part every paper has. */
export function namesSubject(heading: string): boolean {
  return !STANDARD_PART.test(heading);
}

/** Whether a section heading has the term (its stems, in order, as whole words). */
function inHeading(headings: string[], stems: string): boolean {
  const needle = ` ${stems} `;
  return headings.some((h) => h.includes(needle));
}

function inTitle(t: Aggregate, titleSentences: number): boolean {
  for (const s of t.sentences) if (s < titleSentences) return true;
  return false;
}

/** The term extractor agent: ranked key phrases of a paper. Deterministic: same input, same output. */
export function extractKeyTerms(input: TermExtractorInput, limit = 20): TermExtractorOutput {
  const parsed = TermExtractorInputSchema.parse(input);
  return { terms: rankTerms(prepareText(parsed.title, parsed.abstract), limit).map(({ term, key, score }) => ({ term, key, score })) };
}
