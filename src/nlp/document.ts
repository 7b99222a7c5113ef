import { createRequire } from 'node:module';
import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { stem } from './words.js';

const require = createRequire(import.meta.url);

/** One token of a parsed text. */
export type Token = {
  /** As written. */
  text: string;
  /** Lower-cased. */
  lower: string;
  /** Universal part-of-speech tag (NOUN, PROPN, ADJ, VERB, PUNCT, ...). */
  pos: string;
  /** In wink's English stop-word list. */
  stop: boolean;
  /** Whitespace precedes it (false inside "GPU-based", "state-of-the-art"). */
  spaced: boolean;
  /** Index of its sentence. */
  sentence: number;
  /** Porter stem of `lower`, once asked for (see tokenStem). */
  stem: string | undefined;
};

/** A text split into sentences and part-of-speech-tagged tokens. */
export type ParsedText = {
  sentences: { text: string; first: number; last: number }[];
  tokens: Token[];
};

let nlp: WinkMethods | undefined;

/** wink-nlp with its English model: sentence boundaries and POS tags. Loaded once, on first use. */
function engine(): WinkMethods {
  nlp ??= withoutLearnedWords(winkNLP(model, ['sbd', 'pos']));
  return nlp;
}

/** The part of wink's lexicon cache (src/cache.js, wink-nlp 2.4) that tokenising consults. */
type WinkCache = { lookup(text: string): number[] | null; add(text: string, category: number): number; intrinsicSize(): number };

/**
 * Makes wink tokenise every text as its model alone says, whatever it read before. wink adds each word
 * it does not know to its lexicon, and its tokenizer then keeps a word whole that it would have split on
 * first sight: after reading a few thousand abstracts "7B" stays one token where it was "7", "B", and
 * "teacher's" one token where it was "teacher", "'s" (measured: 468 of 40,717 abstracts tokenise
 * differently on a second pass; 20 of 1,101 papers got different summaries or terms after the corpus
 * than before it). So a paper's analysis depended on what the same thread had analysed earlier. The
 * tokenizer asks the cache whether a text is a known word; here the cache answers no for the words it
 * learned, except while it adds a word (the model's features look the word up then).
 *
 * wink exposes the cache only to its own `its` functions, so one is registered for a moment to read it.
 */
function withoutLearnedWords(engine: WinkMethods): WinkMethods {
  const allowed = require('wink-nlp/src/allowed.js') as { its4token: Set<unknown> };
  const read = (_index: number, rdd: { cache: WinkCache }) => rdd.cache;
  allowed.its4token.add(read);
  let cache: WinkCache;
  try {
    cache = engine.readDoc('x').tokens().itemAt(0).out(read as never) as unknown as WinkCache;
  } finally {
    allowed.its4token.delete(read);
  }
  if (typeof cache?.lookup !== 'function' || typeof cache.add !== 'function' || typeof cache.intrinsicSize !== 'function') {
    throw new Error('wink-nlp: its lexicon cache is not where paperloom expects it (wink-nlp 2.4); see src/nlp/document.ts');
  }
  const known = cache.intrinsicSize();
  const { lookup, add } = cache;
  let adding = false;
  cache.add = (text, category) => {
    adding = true;
    try {
      return add(text, category);
    } finally {
      adding = false;
    }
  };
  cache.lookup = (text) => {
    const found = lookup(text);
    return !adding && found !== null && found.length === 1 && found[0]! >= known ? null : found;
  };
  return engine;
}

/** The dot of a version number written after a name: "Qwen2.5", "GPT-3.5", "Llama-3.1", "v1.2". */
const VERSION_DOT = /(?<=\p{L}[\p{L}\p{N}-]*\p{N})\.(?=\p{N})/u;
const VERSION_DOTS = new RegExp(VERSION_DOT.source, 'gu');
/** A private-use character: wink keeps it inside a sentence (it reads it as a symbol of its own). */
const VERSION_PLACEHOLDER = '\uE000';

/** What wink read of a text: its tokens' fields and its sentences' token spans. */
type Reading = { words: string[]; pos: string[]; stop: boolean[]; spaces: string[]; spans: [number, number][]; versions: boolean };

function read(text: string): Reading {
  const e = engine();
  const its = e.its;
  // wink ends a sentence at the dot of a version ("We fine-tune Qwen2." | "5-7B and GPT-3." | "5 models."):
  // such dots are read as a placeholder, then given back as dots.
  const versions = VERSION_DOT.test(text);
  const doc = e.readDoc(versions ? text.replace(VERSION_DOTS, VERSION_PLACEHOLDER) : text);
  const tokens = doc.tokens();
  return {
    words: tokens.out() as string[],
    pos: tokens.out(its.pos) as string[],
    stop: tokens.out(its.stopWordFlag) as unknown as boolean[],
    spaces: tokens.out(its.precedingSpaces) as string[],
    spans: doc.sentences().out(its.span) as unknown as [number, number][],
    versions,
  };
}

/** Abbreviations that wink takes for the end of a sentence ("et al. | (2020)", "Fig. | 3 shows"). */
const ABBREVIATIONS = new Set(['al', 'fig', 'figs', 'eq', 'eqs', 'sec', 'cf', 'vs', 'approx', 'resp', 'etc']);
/** How a sentence that continues the one before it starts: lower case, a digit or a bracket. */
const CONTINUES = /^[\p{Ll}\p{N}[(]/u;
const isBlank = (word: string) => word.trim() === '';

/**
 * The spans of a reading with the sentences that wink ends inside a sentence joined again, where the next
 * one reads on (starts in lower case, with a digit or a bracket) and either no space separates them
 * ("github.|com/x", "i.|e.,", "FLUX.|1-dev") or an abbreviation ends the first ("et al.| (2020) show",
 * "Fig.| 3"). "results.We" stays two sentences, and a whitespace token (the blank line after a title)
 * never joins.
 */
function joinBrokenSentences(r: Reading, from: number): [number, number][] {
  const spans: [number, number][] = [];
  for (let s = from; s < r.spans.length; s++) {
    const [first, last] = r.spans[s]!;
    const before = spans.at(-1);
    if (before && !isBlank(r.words[first]!) && !isBlank(r.words[before[1]]!) && joins(r, before[1], first)) before[1] = last;
    else spans.push([first, last]);
  }
  return spans;
}

/** Whether the sentence that starts at token `first` continues the one that ends at token `last`. */
function joins(r: Reading, last: number, first: number): boolean {
  if (!CONTINUES.test(r.words[first]!)) return false;
  return r.spaces[first] === '' || (r.words[last] === '.' && last > 0 && r.spaces[last] === '' && ABBREVIATIONS.has(r.words[last - 1]!.toLowerCase()));
}

/**
 * The sentences spans[from ..] of a reading as a ParsedText, token indices from the first of them,
 * sentence numbers from `firstSentence` (all `firstSentence` with `oneSentence`).
 */
function parsed(r: Reading, from: number, firstSentence: number, oneSentence: boolean): ParsedText {
  const spans = joinBrokenSentences(r, from);
  const offset = spans.length ? spans[0]![0] : 0;
  const end = spans.length ? spans.at(-1)![1] + 1 : 0;
  const tokens: Token[] = new Array(end - offset);
  const sentences: ParsedText['sentences'] = [];
  for (let s = 0; s < spans.length; s++) {
    const [first, last] = spans[s]!;
    // A sentence's text as wink's sentence out() builds it: each token after its preceding spaces, trimmed.
    let text = '';
    for (let i = first; i <= last; i++) {
      const w = r.versions ? r.words[i]!.replaceAll(VERSION_PLACEHOLDER, '.') : r.words[i]!;
      text += r.spaces[i]! + w;
      tokens[i - offset] = { text: w, lower: w.toLowerCase(), pos: r.pos[i]!, stop: r.stop[i]!, spaced: r.spaces[i] !== '', sentence: oneSentence ? firstSentence : firstSentence + s, stem: undefined };
    }
    sentences.push({ text: text.trim(), first: first - offset, last: last - offset });
  }
  return { sentences, tokens };
}

/**
 * Splits a text into sentences and tagged tokens with wink-nlp. Sentence numbers start at
 * `firstSentence`; with `oneSentence` every token belongs to that first sentence.
 */
export function parseText(text: string, firstSentence = 0, oneSentence = false): ParsedText {
  return parsed(read(text), 0, firstSentence, oneSentence);
}

/**
 * A title and a text in one reading (wink's fixed cost per text is a tenth of an abstract's): the title
 * as one sentence, the text's sentences numbered from 1. As parseText of each would give them, and
 * null where that cannot be told from the reading (the title's tokens do not end where the title does,
 * or wink runs the title into the text); then parse each.
 */
export function parseTitled(title: string, text: string): { title: ParsedText; text: ParsedText } | null {
  // wink ends a sentence at a blank line; it reads the blank line as a whitespace token of its own
  // (at the end of the title's sentence or, after a full stop, as a sentence of its own) or not at all.
  const r = read(`${title}\n\n${text}`);
  let k = 0; // the title's tokens are 0 .. k - 1
  let length = 0;
  while (k < r.words.length && length < title.length) length += r.spaces[k]!.length + r.words[k++]!.length;
  const j = r.words[k] === '\n\n' ? k + 1 : k; // the text's first token
  if (k === 0 || length !== title.length || j >= r.words.length || r.spaces[j] !== '') return null;
  const titleSpans: [number, number][] = [];
  const textSpans: [number, number][] = [];
  for (const [first, last] of r.spans) {
    if (last < k) titleSpans.push([first, last]);
    else if (first < k) {
      if (last >= j) return null; // wink ran the title into the text
      titleSpans.push([first, k - 1]);
    } else if (last >= j) textSpans.push([Math.max(first, j), last]);
  }
  if (!titleSpans.length || !textSpans.length) return null;
  const head = parsed({ ...r, spans: titleSpans }, 0, 0, true);
  return { title: { sentences: head.sentences.slice(0, 1), tokens: head.tokens }, text: parsed({ ...r, spans: textSpans }, 0, 1, false) };
}

/** A token's Porter stem, computed once however many agents ask (the stem cache is a large map). */
export function tokenStem(token: Token): string {
  return (token.stem ??= stem(token.lower));
}
