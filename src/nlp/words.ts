import { stemmer } from 'stemmer';

const WORD = /[\p{L}\p{N}]+/gu;
const stemCache = new Map<string, string>();

/** Lower-cased alphanumeric tokens: the tokenisation of the evaluation protocol, of ROUGE and of local search. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Porter stem of a lower-cased word, cached (vocabularies repeat heavily across papers). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** Stemmed lower-cased alphanumeric tokens of a text. */
export function stemmedTokens(text: string): string[] {
  return wordTokens(text).map(stem);
}

/** A phrase's normal form for comparing and merging terms: its stemmed tokens joined by spaces. */
export function stemKey(phrase: string): string {
  return stemmedTokens(phrase).join(' ');
}
