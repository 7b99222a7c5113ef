import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/**
 * Background statistics of arXiv CS abstracts: in how many of N documents each stemmed word and each
 * candidate phrase occurs (built by build.ts from 40,717 papers of 2025; counts only). The term extractor
 * ranks with these fixed numbers rather than with the user's growing library, so the same paper always
 * gets the same key terms and stored analyses stay valid.
 */
export type Background = {
  documents: number;
  /** Inverse document frequency of a stemmed word; unseen words count as seen once. */
  idf(stem: string): number;
  /** Documents in which a stemmed phrase (words joined by spaces) is a candidate term; 0 if under 3. */
  phraseDocs(stems: string): number;
  /** What the background knows of one stemmed word, in one look-up. */
  word(stem: string): WordStats;
  /**
   * What the background knows of a candidate term (stemmed words joined by spaces), in one look-up (the
   * term extractor asks for every term it scores); undefined for terms seen in fewer than 3 documents.
   */
  term(stems: string): TermStats | undefined;
};

/** What the background knows of one stemmed word. */
export type WordStats = {
  /** As Background.idf. */
  readonly idf: number;
  /**
   * The largest phraseDocs of a phrase that has this word (0 if none): a phrase's phraseDocs is at most
   * the least of its words', a bound for rankers that skip phrase look-ups.
   */
  readonly maxPhraseDocs: number;
  /** As Background.term of the word alone (a one-word candidate term), found in the same look-up. */
  readonly term: TermStats | undefined;
};

/** What the background knows of one candidate term. */
export type TermStats = {
  /** As Background.phraseDocs: 0 for a single word. */
  readonly phraseDocs: number;
  /**
   * How readily authors put the term in their titles, against the average candidate: the share of its
   * documents whose title has it, smoothed towards the average, over the average, at most 1. Terms
   * abstracts use but titles almost never do ("experimental results", "wide range", "lack") are generic:
   * near 0. (A term the background does not know counts as 1.)
   */
  readonly worthiness: number;
  /**
   * How often authors use the term as a whole phrase, not only as a part of longer ones, against the
   * average candidate: the share of its documents where it is whole, smoothed towards the average, over
   * the average, at most 1. Parts that are nearly always inside a longer term ("large language" of
   * "large language models") are near 0. (A term the background does not know counts as 1.)
   */
  readonly wholeness: number;
};

/** Documents' worth of the average share (in titles, as a whole phrase) a term's own share is smoothed with. */
const SMOOTHING = 20;

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'arxiv-cs.tsv.gz');
let loaded: Background | undefined;

/** Loads the statistics once, on first use. */
export function background(): Background {
  if (loaded) return loaded;
  const words = new Map<string, number>();
  const candidates: [key: string, docs: number, titled: number, whole: number, phrase: boolean][] = [];
  let documents = 0;
  for (const line of zlib.gunzipSync(fs.readFileSync(FILE)).toString('utf8').split('\n')) {
    const [kind, key, count, inTitles, asWhole] = line.split('\t');
    if (kind === '#docs') documents = Number(key);
    else if (kind === 'w') words.set(key!, Number(count));
    // (statistics built before wholeness was counted: every term whole)
    else if (kind === 'p' || kind === 's') candidates.push([key!, Number(count), Number(inTitles), Number(asWhole ?? count), kind === 'p']);
  }
  let docs = 0;
  let titledDocs = 0;
  let wholeDocs = 0;
  for (const [, n, t, w] of candidates) {
    docs += n;
    titledDocs += t;
    wholeDocs += w;
  }
  const average = titledDocs / Math.max(1, docs);
  const averageWhole = wholeDocs / Math.max(1, docs);
  const terms = new Map<string, TermStats>();
  const inPhrases = new Map<string, number>();
  for (const [key, n, t, w, phrase] of candidates) {
    const worthiness = Math.min(1, (t + SMOOTHING * average) / (n + SMOOTHING) / average);
    const wholeness = Math.min(1, (w + SMOOTHING * averageWhole) / (n + SMOOTHING) / averageWhole);
    terms.set(key, { phraseDocs: phrase ? n : 0, worthiness, wholeness });
    if (!phrase) continue;
    for (const w of key.split(' ')) inPhrases.set(w, Math.max(inPhrases.get(w) ?? 0, n));
  }
  const wordCache = new Map<string, WordStats>();
  const word = (stem: string): WordStats => {
    let v = wordCache.get(stem);
    if (v === undefined) {
      v = { idf: Math.log((documents + 1) / ((words.get(stem) ?? 1) + 1)), maxPhraseDocs: inPhrases.get(stem) ?? 0, term: terms.get(stem) };
      if (wordCache.size > 200_000) wordCache.clear();
      wordCache.set(stem, v);
    }
    return v;
  };
  loaded = {
    documents,
    word,
    idf: (stem) => word(stem).idf,
    term: (stems) => terms.get(stems),
    phraseDocs: (stems) => terms.get(stems)?.phraseDocs ?? 0,
  };
  return loaded;
}
