import { mean, median, standardDeviation } from 'simple-statistics';
import { prepareText } from '../nlp/prepare.js';

/**
 * YAKE (Campos et al., "YAKE! Keyword extraction from single documents using multiple local features",
 * Information Sciences 509, 2020) as a baseline beside paperloom's own ranking, so the published YAKE
 * figures can be checked under this project's protocol on the same documents.
 *
 * Written from the paper and the behaviour of its reference implementation (LIAAD/yake, defaults n = 3,
 * window 1, deduplication above 0.9 Levenshtein similarity): words are tagged (digit, unparsable,
 * acronym, capitalised, plain), each word gets case, position, frequency, relatedness and spread
 * features, and a candidate of up to three words inside a punctuation-free block scores
 * Π H(w) / ((Σ H(w) + 1) · tf), lower is better; inner stop words count by their bigram probabilities.
 * What differs: words and sentences come from wink-nlp (the project's tokeniser) instead of segtok, and
 * the stop words are wink's instead of YAKE's own list (the SMART list, 571 words; wink flags about half
 * of them). On the example in the reference implementation's README this gives its 20 phrases, one
 * adjacent pair swapped (with YAKE's own list: the same order, scores within 0.6%).
 */

/** Python's string.punctuation. */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$|^[+-]?(?:inf|infinity|nan)$/i;

type Tag = 'd' | 'u' | 'a' | 'n' | 'p';

type Term = {
  tf: number;
  tfAcronym: number;
  tfCapitalised: number;
  stop: boolean;
  /** Indexes of the sentences it occurs in. */
  sentences: Set<number>;
  /** Co-occurrence counts with each word that follows it; `left*` count the words before it. */
  right: Map<Term, number>;
  leftDistinct: number;
  leftTotal: number;
  h: number;
};

type Candidate = { words: Term[]; tags: Set<string>; tf: number };

export const isPunctuation = (w: string) => [...w].every((c) => PUNCTUATION.has(c));

function tagOf(word: string, position: number): Tag {
  if (FLOAT.test(word.replaceAll(',', ''))) return 'd';
  const digits = (word.match(/\p{Nd}/gu) ?? []).length;
  const letters = (word.match(/\p{L}/gu) ?? []).length;
  const punctuation = [...word].filter((c) => PUNCTUATION.has(c)).length;
  if ((digits > 0 && letters > 0) || (digits === 0 && letters === 0) || punctuation > 1) return 'u';
  const upper = (word.match(/\p{Lu}/gu) ?? []).length;
  if (upper === [...word].length) return 'a';
  if (upper === 1 && word.length > 1 && /^\p{Lu}/u.test(word) && position > 0) return 'n';
  return 'p';
}

/**
 * Words as segtok's web tokenizer gives them, from wink's tokens: tokens written together ("GPU",
 * "-", "based") make one word, with punctuation at either end split off ("(LLMs)," → "(", "LLMs", ")", ","),
 * and contractions apart.
 */
export function segtokSentences(title: string, text: string, winkStops: Set<string>): string[][] {
  const sentences: string[][] = [];
  let group: string[] = [];
  let sentence = -1;
  const flush = () => {
    if (!group.length) return;
    let first = 0;
    let last = group.length - 1;
    const out = sentences[sentences.length - 1]!;
    while (first <= last && isPunctuation(group[first]!)) out.push(group[first++]!);
    const tail: string[] = [];
    while (last >= first && isPunctuation(group[last]!)) tail.unshift(group[last--]!);
    if (first <= last) out.push(group.slice(first, last + 1).join(''));
    out.push(...tail);
    group = [];
  };
  for (const token of prepareText(title, text).tokens) {
    if (token.stop) winkStops.add(token.lower);
    if (token.sentence !== sentence) {
      flush();
      sentence = token.sentence;
      sentences.push([]);
    } else if (token.spaced) flush();
    // segtok splits contractions off ("Kaggle's" → "Kaggle", "'s"; "doesn't" → "does", "n't") and YAKE
    // drops the pieces that start with an apostrophe.
    if (/^['’]./u.test(token.text)) {
      flush();
      continue;
    }
    if (/^n['’]t$/iu.test(token.text)) flush();
    group.push(token.text);
  }
  flush();
  return sentences.filter((s) => s.length);
}

function levenshteinSimilarity(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return 1 - row[b.length]! / Math.max(a.length, b.length);
}

export type YakeOptions = {
  /** Whether a lower-cased word is a stop word; by default, the words wink-nlp flags so in this text. */
  isStopWord?: (word: string) => boolean;
  /** Longest candidate, in words (YAKE's n). */
  maxWords?: number;
};

/** YAKE's top `k` key phrases of a title and text, best (lowest score) first, lower-cased as YAKE returns them. */
export function yakeKeyphrases(title: string, text: string, k: number, options: YakeOptions = {}): { phrase: string; score: number }[] {
  const maxWords = options.maxWords ?? 3;
  const winkStops = new Set<string>();
  const sentences = segtokSentences(title, text, winkStops);
  const isStopWord = options.isStopWord ?? ((w: string) => winkStops.has(w));
  const terms = new Map<string, Term>();
  const candidates = new Map<string, Candidate>();
  const termOf = (word: string): Term => {
    const lower = word.toLowerCase();
    const key = lower.endsWith('s') && lower.length > 3 ? lower.slice(0, -1) : lower;
    let term = terms.get(key);
    if (!term) {
      const bare = [...key].filter((c) => !PUNCTUATION.has(c)).join('');
      term = { tf: 0, tfAcronym: 0, tfCapitalised: 0, stop: isStopWord(lower) || isStopWord(key) || bare.length < 3, sentences: new Set(), right: new Map(), leftDistinct: 0, leftTotal: 0, h: 0 };
      terms.set(key, term);
    }
    return term;
  };

  sentences.forEach((sentence, s) => {
    let block: { tag: Tag; word: string; term: Term }[] = [];
    sentence.forEach((word, position) => {
      if (isPunctuation(word)) {
        block = [];
        return;
      }
      const tag = tagOf(word, position);
      const term = termOf(word);
      term.tf++;
      if (tag === 'a') term.tfAcronym++;
      if (tag === 'n') term.tfCapitalised++;
      term.sentences.add(s);
      const previous = block[block.length - 1];
      if (tag !== 'd' && tag !== 'u' && previous && previous.tag !== 'd' && previous.tag !== 'u') {
        const seen = previous.term.right.get(term) ?? 0;
        previous.term.right.set(term, seen + 1);
        if (seen === 0) term.leftDistinct++;
        term.leftTotal++;
      }
      const current = { tag, word, term };
      for (let n = 1; n <= maxWords && n <= block.length + 1; n++) {
        const parts = [...block.slice(block.length - (n - 1)), current];
        const key = parts.map((p) => p.word.toLowerCase()).join(' ');
        let c = candidates.get(key);
        if (!c) candidates.set(key, (c = { words: parts.map((p) => p.term), tags: new Set(), tf: 0 }));
        c.tags.add(parts.map((p) => p.tag).join(''));
        c.tf++;
      }
      block.push(current);
    });
  });

  const all = [...terms.values()];
  const valid = all.filter((t) => !t.stop).map((t) => t.tf);
  if (!valid.length) return [];
  // numpy's mean and (population) standard deviation, as the reference implementation takes them
  const frequent = mean(valid) + standardDeviation(valid);
  const maxTf = Math.max(...all.map((t) => t.tf));
  for (const t of all) {
    let rightTotal = 0;
    for (const n of t.right.values()) rightTotal += n;
    const pl = t.leftTotal ? t.leftDistinct / t.leftTotal : 0;
    const pr = rightTotal ? t.right.size / rightTotal : 0;
    const rel = 0.5 + pl * (t.tf / maxTf) + (0.5 + pr * (t.tf / maxTf));
    const freq = t.tf / frequent;
    const spread = t.sentences.size / sentences.length;
    const casing = Math.max(t.tfAcronym, t.tfCapitalised) / (1 + Math.log(t.tf));
    const position = Math.log(Math.log(3 + median([...t.sentences])));
    t.h = (position * rel) / (casing + freq / rel + spread / rel);
  }

  const ranked: { key: string; h: number }[] = [];
  for (const [key, c] of candidates) {
    const ws = c.words;
    if (ws[0]!.stop || ws[ws.length - 1]!.stop) continue;
    if (![...c.tags].some((tag) => !tag.includes('u') && !tag.includes('d'))) continue;
    let sum = 0;
    let product = 1;
    ws.forEach((w, i) => {
      if (!w.stop) {
        sum += w.h;
        product *= w.h;
        return;
      }
      const before = ws[i - 1]!;
      const after = ws[i + 1]!;
      const p = ((before.right.get(w) ?? 0) / before.tf) * ((w.right.get(after) ?? 0) / after.tf);
      product *= 2 - p;
      sum -= 1 - p;
    });
    ranked.push({ key, h: product / ((sum + 1) * c.tf) });
  }
  ranked.sort((a, b) => a.h - b.h);

  const out: { phrase: string; score: number }[] = [];
  for (const { key, h } of ranked) {
    if (out.some((kept) => levenshteinSimilarity(key, kept.phrase) > 0.9)) continue;
    out.push({ phrase: key, score: h });
    if (out.length === k) break;
  }
  return out;
}
