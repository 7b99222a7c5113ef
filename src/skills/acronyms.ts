/**
 * Acronym definitions in a text, so that a skill acronym the text defines as something else is not counted:
 * "attack success rate (ASR)" is not speech recognition, "Test-Time Scaling (TTS)" is not text-to-speech.
 */
import { stem, wordTokens } from '../nlp/words.js';

/** A parenthesised short form: 2 to 10 letters, digits or hyphens, starting with a capital. */
const SHORT_FORM = /\((\p{Lu}[\p{L}\p{N}-]{1,9})\)/gu;
const CAPITALS = /\p{Lu}/gu;
const ALNUM = /[\p{L}\p{N}]/u;
const CLAUSE_BREAK = /[;:!?()[\],]|\.\s/;

/** The key an acronym is compared by: upper case, without a plural s ("LLMs" -> "LLM"). */
export function acronymKey(short: string): string {
  return short.replace(/(?<=[\p{Lu}\p{N}])s$/u, '').toUpperCase();
}

/**
 * True for a phrase written like an acronym: one word of letters, two capitals or more ("HPC", "RoCE",
 * "LoRA"). Names with digits or hyphens (GSM8K, A100, Grad-CAM) are not spelled out as their letters.
 */
export function looksLikeAcronym(phrase: string): boolean {
  return phrase.length <= 10 && /^\p{L}+$/u.test(phrase) && (phrase.match(CAPITALS)?.length ?? 0) >= 2;
}

const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'for', 'from', 'in', 'on', 'with', 'to', 'by', 'via', 'based', 'we', 'our',
  'this', 'that', 'these', 'which', 'where', 'its', 'their', 'is', 'are', 'using',
]);

/** Stems of the content words of a phrase, British spellings made American ("optimisation" = "optimization"). */
export function contentStems(text: string): string[] {
  return wordTokens(text)
    .filter((w) => w.length > 1 && !FUNCTION_WORDS.has(w))
    .map((w) => stem(w.replace(/is(ation|ations|e|ed|es|ing|er|ers)$/, 'iz$1')));
}

/**
 * True when a long form plausibly spells out a skill acronym: at least half of its content words occur in
 * the skill's vocabulary (the stems of its phrases and name). Spelling variants pass ("Visual Language
 * Models" for VLM, "low-rank adapters" for LoRA); other meanings do not ("attack success rate" for ASR).
 * The caller also keeps a long form that contains one of the skill's phrases.
 */
export function longFormFits(long: string, vocabulary: Set<string>): boolean {
  const stems = contentStems(long);
  return stems.length === 0 || stems.filter((s) => vocabulary.has(s)).length * 2 >= stems.length;
}

/**
 * Schwartz & Hearst's long form (PSB 2003): the shortest tail of `before` in which the short form's letters
 * and digits occur in order, its first one starting a word; null when there is none.
 */
function longForm(short: string, before: string): string | null {
  let l = before.length - 1;
  for (let s = short.length - 1; s >= 0; s--) {
    const c = short[s]!.toLowerCase();
    if (!ALNUM.test(c)) continue;
    while (l >= 0 && (before[l]!.toLowerCase() !== c || (s === 0 && l > 0 && ALNUM.test(before[l - 1]!)))) l--;
    if (l < 0) return null;
    l--;
  }
  const start = before.lastIndexOf(' ', l) + 1;
  return before.slice(start);
}

/**
 * The acronyms `text` defines, by key (see `acronymKey`), with their long forms; only keys `wanted`
 * accepts are looked at. "Graph Neural Networks (GNNs)" -> GNN: "Graph Neural Networks".
 */
export function acronymDefinitions(text: string, wanted: (key: string) => boolean): Map<string, string> {
  const definitions = new Map<string, string>();
  if (!text.includes('(')) return definitions;
  SHORT_FORM.lastIndex = 0;
  for (let m = SHORT_FORM.exec(text); m !== null; m = SHORT_FORM.exec(text)) {
    const short = m[1]!;
    const key = acronymKey(short);
    if (definitions.has(key) || (short.match(CAPITALS)?.length ?? 0) < 2 || !wanted(key)) continue;
    // At most min(|short| + 5, 2 |short|) words before the parenthesis, as in Schwartz & Hearst.
    // The long form stays inside its clause: "mathematical reasoning, multi-task understanding (MMLU)" defines nothing.
    const clause = text.slice(Math.max(0, m.index - 300), m.index).split(CLAUSE_BREAK).pop()!;
    const words = clause.trim().split(/\s+/);
    const before = words.slice(-Math.min(short.length + 5, short.length * 2)).join(' ');
    const long = longForm(short, before);
    if (long !== null && long.length > short.length) definitions.set(key, long);
  }
  return definitions;
}
