import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { stem } from './words.js';

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
  nlp ??= winkNLP(model, ['sbd', 'pos']);
  return nlp;
}

/** The dot of a version number written after a name: "Qwen2.5", "GPT-3.5", "Llama-3.1", "v1.2". */
const VERSION_DOT = /(?<=\p{L}[\p{L}\p{N}-]*\p{N})\.(?=\p{N})/u;
const VERSION_DOTS = new RegExp(VERSION_DOT.source, 'gu');
/** A private-use character: wink keeps it inside a sentence (it reads it as a symbol of its own). */
const VERSION_PLACEHOLDER = '\uE000';

/**
 * Splits a text into sentences and tagged tokens with wink-nlp. Sentence numbers start at
 * `firstSentence`; with `oneSentence` every token belongs to that first sentence.
 */
export function parseText(text: string, firstSentence = 0, oneSentence = false): ParsedText {
  const e = engine();
  const its = e.its;
  // wink ends a sentence at the dot of a version ("We fine-tune Qwen2." | "5-7B and GPT-3." | "5 models."):
  // such dots are read as a placeholder, then given back as dots.
  const versions = VERSION_DOT.test(text);
  const doc = e.readDoc(versions ? text.replace(VERSION_DOTS, VERSION_PLACEHOLDER) : text);
  const words = doc.tokens().out() as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const stop = doc.tokens().out(its.stopWordFlag) as unknown as boolean[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const spans = doc.sentences().out(its.span) as unknown as [number, number][];
  const tokens: Token[] = new Array(words.length);
  const sentences = spans.map(([first, last], s) => {
    // A sentence's text as wink's sentence out() builds it: each token after its preceding spaces, trimmed.
    let text = '';
    for (let i = first; i <= last; i++) {
      const w = versions ? words[i]!.replaceAll(VERSION_PLACEHOLDER, '.') : words[i]!;
      text += spaces[i]! + w;
      tokens[i] = { text: w, lower: w.toLowerCase(), pos: pos[i]!, stop: stop[i]!, spaced: spaces[i] !== '', sentence: oneSentence ? firstSentence : firstSentence + s, stem: undefined };
    }
    return { text: text.trim(), first, last };
  });
  return { sentences, tokens };
}

/** A token's Porter stem, computed once however many agents ask (the stem cache is a large map). */
export function tokenStem(token: Token): string {
  return (token.stem ??= stem(token.lower));
}
