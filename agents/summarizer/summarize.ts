import { tokenStem } from '../../src/nlp/document.js';
import { densePagerank } from '../../src/nlp/graph.js';
import { prepareText, type PreparedText } from '../../src/nlp/prepare.js';
import { extractRouge, rouge } from '../../src/nlp/rouge.js';
import { GENERIC_HEADS } from '../../src/nlp/stopwords.js';
import { wordTokens } from '../../src/nlp/words.js';
import { SummarizerInputSchema, type SummarizerInput, type SummarizerOutput } from './schema.js';

/** Phrases with which authors state their contribution. */
const CONTRIBUTION_CUES = /\b(we (?:propose|present|introduce|develop|design|show|demonstrate|describe|study|investigate|analy[sz]e|provide|derive|prove|find|establish|explore|address|formulate|release|report|extend|apply|build|construct|offer|devise|tackle)|this (?:paper|work|article|study|letter|note|thesis|survey|tutorial) (?:propose|present|introduce|develop|describe|stud|investigate|explore|address|show|provide|report|review|discuss|analy)|this is an? (?:tutorial|survey|review|overview|study|paper)|(?:here|in this (?:paper|work|article|study)),? we)/i;
/** The paper speaking about itself. */
const SELF_REFERENCE = /\b(?:we|our|this (?:paper|work|article|study|letter|note|thesis|survey|tutorial))\b/i;
/** Openers of background sentences, which rarely say what this paper does. */
const BACKGROUND_CUES = /^(?:recent(?:ly)?|in recent years|over the (?:past|last)|despite|although|however|while|traditionally|existing|current|many|most|with the)\b/i;
/** Connectives: a sentence that opens with one continues another ("Then, we ..."). */
const CONNECTIVES = 'then|finally|moreover|furthermore|additionally|also|in addition|specifically|besides|next|lastly|further|consequently|thus|hence|therefore';
/** Openers of sentences that continue another one, so cannot stand alone. */
const CONTINUATION_CUES = new RegExp(`^(?:${CONNECTIVES}|second|third|similarly)\\b`, 'i');
/**
 * A sentence that only says where the paper's code or data is ("Code is available at https://...", "We
 * release our dataset and code at github.com/..."): useful on a card's links, not as what the paper does.
 */
const AVAILABILITY =
  /^(?:(?:the |our |all )?(?:source )?(?:code|data(?:sets?)?|models?|implementations?|software|weights|resources|materials)\b.{0,80}\b(?:(?:is|are|will be|has been|have been) (?:\w+ )?(?:available|released|accessible)|can be (?:found|accessed|downloaded))|(?:[^,]{0,60}, )?we (?:also |will |further )*(?:publicly )?(?:release|open-source|make|provide|share)\b.{0,60}\b(?:code|data(?:sets?)?|models?|implementations?|weights)\b.{0,60}\b(?:available|at|on|via|from|here)\b)/i;
/** The label of a section of a structured abstract ("Methods: We ..."). */
const SECTION_LABEL = /^(?:background|context|motivation|objectives?|aims?|purpose|methods?|approach|results?|findings|conclusions?|significance)\s*:\s*/i;
/**
 * Lead-ins that a TLDR can drop without losing content ("In this paper, we propose" -> "We propose"),
 * connectives and enumerators among them: a TLDR stands alone, so "Moreover, we propose" -> "We propose".
 */
const DROPPABLE_LEAD = new RegExp(
  `^(?:in this (?:paper|work|article|study|letter)|here|to this end|in particular|${CONNECTIVES}|first(?:ly)?|second(?:ly)?|third(?:ly)?|notably|overall|` +
    'to (?:address|tackle|overcome|bridge|fill|close|solve|mitigate|alleviate|resolve|handle|meet) (?:this|these|the|such|both|those) [\\w-]+(?: [\\w-]+){0,2}),\\s*',
  'i',
);

// Fast paths for the common case before the Unicode-aware tests (same answers).
const isAsciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isAsciiAlphanumeric = (c: number) => isAsciiLetter(c) || (c >= 48 && c <= 57);

type Scored = { index: number; text: string; score: number };

/**
 * Content words (stems) of each sentence (nouns, adjectives, verbs and proper nouns, no stop words), and
 * each sentence's number of words.
 */
function contentStems(text: PreparedText): { bags: Set<string>[]; words: number[] } {
  const bags = text.sentences.map(() => new Set<string>());
  const words = text.sentences.map(() => 0);
  for (const t of text.tokens) {
    if (isAsciiAlphanumeric(t.text.charCodeAt(0)) || /[\p{L}\p{N}]/u.test(t.text)) words[t.sentence]!++;
    if (t.stop || (t.pos !== 'NOUN' && t.pos !== 'PROPN' && t.pos !== 'ADJ' && t.pos !== 'VERB')) continue;
    if (GENERIC_HEADS.has(t.lower) || !(isAsciiLetter(t.lower.charCodeAt(0)) || /\p{L}/u.test(t.lower))) continue;
    bags[t.sentence]!.add(tokenStem(t));
  }
  return { bags, words };
}

/** TextRank centrality (Mihalcea & Tarau 2004) of the abstract's sentences, scaled so the mean is 1. */
function centrality(bags: Set<string>[], first: number): number[] {
  const n = bags.length - first;
  const weights = new Float64Array(n * n);
  let edges = 0;
  for (let i = 0; i < n; i++) {
    const a = bags[first + i]!;
    if (a.size < 2) continue;
    for (let j = i + 1; j < n; j++) {
      const b = bags[first + j]!;
      if (b.size < 2) continue;
      let shared = 0;
      for (const w of a) if (b.has(w)) shared++;
      if (shared) {
        weights[i * n + j] = weights[j * n + i] = shared / (Math.log(a.size) + Math.log(b.size));
        edges++;
      }
    }
  }
  const ranks = edges ? densePagerank(weights, n) : null;
  return bags.map((_, i) => (i < first ? 0 : (ranks ? ranks[i - first]! : 1 / n) * n));
}

/**
 * Scores each abstract sentence as a statement of what the paper does: TextRank centrality (square
 * root), doubled for a contribution cue ("we propose"), raised when the paper speaks of itself and by the
 * share of the title's content words it repeats, lowered for background openers, for sentences that only
 * continue another ("Then, ..."), for where the code is ("available at https://...") and for very short or
 * very long ones.
 */
function scoreSentences(text: PreparedText): Scored[] {
  const first = text.titleSentences;
  const { bags, words: wordCounts } = contentStems(text);
  const central = centrality(bags, first);
  const title = first > 0 ? bags[0]! : new Set<string>();
  const scored: Scored[] = [];
  for (let i = first; i < text.sentences.length; i++) {
    const sentence = text.sentences[i]!;
    let shared = 0;
    for (const w of bags[i]!) if (title.has(w)) shared++;
    const words = wordCounts[i]!;
    let score = Math.sqrt(central[i]!) * (1 + (2 * shared) / Math.max(1, title.size));
    if (CONTRIBUTION_CUES.test(sentence)) score *= 2;
    if (SELF_REFERENCE.test(sentence)) score *= 1.2;
    if (BACKGROUND_CUES.test(sentence)) score *= 0.6;
    if (CONTINUATION_CUES.test(sentence)) score *= 0.5;
    if (AVAILABILITY.test(sentence)) score *= 0.2;
    if (words < 8) score *= 0.3;
    else if (words > 45) score *= 0.7;
    scored.push({ index: i, text: sentence, score });
  }
  return scored;
}

/**
 * Shortens a sentence into a TLDR without adding words: parenthetical asides, a structured abstract's
 * section label ("Methods: ") and content-free lead-ins ("In this paper, ", "Moreover, ") are dropped.
 */
export function compressSentence(sentence: string): string {
  // Only asides set off by a space: "O(n log n)" and "f(x)" are not asides.
  let shorter = sentence.replace(/\s+\([^()]*\)/g, '').replace(SECTION_LABEL, '');
  // Lead-ins can stack: "Therefore, in this paper, we introduce ...".
  for (let next = shorter.replace(DROPPABLE_LEAD, ''); next !== shorter; next = shorter.replace(DROPPABLE_LEAD, '')) shorter = next;
  shorter = shorter.trim();
  if (wordTokens(shorter).length < 5) return sentence;
  return shorter.charAt(0).toUpperCase() + shorter.slice(1);
}

/** Number of sentences in a summary of an abstract with `n` sentences. */
function summaryLength(n: number): number {
  return Math.max(1, Math.min(3, Math.round(n / 3)));
}

/** Summarizes a prepared text: TLDR = best sentence, shortened; summary = top sentences in abstract order. */
export function summarizePrepared(text: PreparedText): SummarizerOutput {
  const scored = scoreSentences(text);
  if (scored.length === 0) {
    const fallback = text.abstract || text.title;
    return { tldr: fallback, summary: fallback, rouge: rouge(fallback, text.abstract) };
  }
  const best = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen = best.slice(0, summaryLength(scored.length)).sort((a, b) => a.index - b.index);
  const summary = chosen.map((s) => s.text).join(' ');
  // (the summary's sentences are the abstract's: ROUGE against it without stemming every word)
  const first = text.titleSentences;
  const scores = extractRouge(text.sentences.slice(first), chosen.map((s) => s.index - first), text.abstract);
  return { tldr: compressSentence(best[0]!.text), summary, rouge: scores };
}

/** The summarizer agent: an extractive TLDR and summary of an abstract, with ROUGE against it. */
export function summarize(input: SummarizerInput): SummarizerOutput {
  const parsed = SummarizerInputSchema.parse(input);
  return summarizePrepared(prepareText(parsed.title, parsed.abstract));
}
