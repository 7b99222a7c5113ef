import { parseText, parseTitled, type Token } from './document.js';
import { latexToText } from './latex.js';

/** A paper's title and abstract as plain text, split and tagged once for every agent that reads it. */
export type PreparedText = {
  title: string;
  abstract: string;
  /** Sentences of title then abstract; the title's come first. */
  sentences: string[];
  /** Number of sentences that belong to the title (usually 1, 0 without a title). */
  titleSentences: number;
  /** Tokens of title and abstract; `sentence` indexes `sentences`. */
  tokens: Token[];
  /** A full text's section headings, as plain text (see sectionHeadings); none for an abstract. */
  headings: string[];
};

/**
 * Texts shorter than this are not looked at for headings or standard-part lines (see sectionHeadings,
 * withoutStandardParts): abstracts, whose line breaks are wraps. (The term extractor weighs headings
 * only in texts of over 1,000 words; the longest of the 40,717 corpus abstracts has 3,488 characters
 * and fewer words.)
 */
const HEADINGS_FROM_CHARS = 3000;
/** A numbered heading: "3.1 Locality-Sensitive Hashing", "2. Related work" (its first word capitalised). */
const NUMBERED_HEADING = /^\d{1,2}(?:\.\d{1,2})*\.?\s+(\p{Lu}\p{L}+)/u;
const ENDS_LIKE_PROSE = /[.,:;?!]$/;
const THREE_CAPITALS = /\p{Lu}{3}/u;

/**
 * The lines of a full text (title line aside) that are section headings: short (at most 10 words), not
 * ending like a sentence, and either written in capitals ("THE SUBSOURCE SOMEWHERE EXTRACTOR"),
 * numbered with a capitalised first word ("3.2 Measuring Entropy"; a lone word needs four letters, so
 * "10 RM" or "4 Meg", a wrapped line of a table, is none), or in title case after the end of a paragraph
 * ("Remote Rendering System", see titleCased).
 */
export function sectionHeadings(text: string): string[] {
  const headings: string[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.length > 120 || ENDS_LIKE_PROSE.test(line)) continue;
    const words = line.split(/\s+/).length;
    if (words > 10) continue;
    const numbered = NUMBERED_HEADING.exec(line);
    const capitals = line === line.toUpperCase() && THREE_CAPITALS.test(line);
    const titled = !capitals && !numbered && titleCased(line) && ENDS_PARAGRAPH.test(lines[i - 1]!.trim());
    if (capitals || (numbered && (words >= 3 || numbered[1]!.length >= 4)) || titled) headings.push(latexToText(line));
  }
  return headings;
}

/** A line that ends a paragraph (or is blank): what comes before a heading. */
const ENDS_PARAGRAPH = /(?:^|[.!?:])$/;
/** Words a title-case heading writes in lower case ("Extension to an Approximation Search"). */
const MINOR_WORDS = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'in', 'on', 'for', 'to', 'with', 'via', 'by', 'over', 'from', 'at', 'as', 'into', 'vs']);
const ARTICLE = /^(?:the|a|an)$/i;
const CAPITALISED_WORD = /^\p{Lu}[\p{L}\p{N}'’-]+$/u;

/**
 * Whether a line is written in title case, as unnumbered headings are ("Impedance Coupling Strategies",
 * "Improvements of TLAESA"): at least two words, each capitalised but the minor ones, one of four letters
 * or more; neither ending on a minor word nor opening with one but an article, as a wrapped line of text
 * does ("Lee and Clyde", "In Section", "Size of").
 */
function titleCased(line: string): boolean {
  const words = line.split(/\s+/);
  if (words.length < 2 || MINOR_WORDS.has(words.at(-1)!.toLowerCase())) return false;
  if (MINOR_WORDS.has(words[0]!.toLowerCase()) && !ARTICLE.test(words[0]!)) return false;
  let long = false;
  for (const w of words) {
    if (MINOR_WORDS.has(w)) continue;
    if (!CAPITALISED_WORD.test(w)) return false;
    if (w.length >= 4) long = true;
  }
  return long;
}

/** Names of a paper's index lines: "General Terms", "Keywords", "CR Categories", "Categories and Subject Descriptors". */
const INDEX_NAMES = 'general terms|(?:acm\\s+)?(?:classification\\s+)?keywords|index terms|(?:cr\\s+)?categories(?:\\s+(?:and|&)\\s+subject\\s+descriptors)?';
/**
 * Headings of the parts every paper has ("ABSTRACT", "2. Related Work", "IV. CONCLUSIONS"): they say
 * nothing of its subject.
 */
export const STANDARD_PART = new RegExp(
  '^(?:(?:\\d{1,2}(?:\\.\\d{1,2})*|[IVX]{1,5}|[A-H]|part\\s+[IVX]{1,5})\\.?\\s+)?(?:abstract|introduction|background|related work|preliminaries|conclusions?|' +
    `concluding remarks|future work|discussion|summary|evaluation|experiments?|experimental results|results|references|bibliography|acknowledge?ments?|appendix|${INDEX_NAMES})` +
    '(?:\\s+(?:and|&)\\s+(?:future work|discussion|conclusions?|background|related work|motivation|outlook))?$',
  'i',
);
/** The label of a paper's index lines, before what it lists: "Keywords: ...", "CR Categories: I.3.7 [...]". */
const INDEX_LABEL = new RegExp(`^(?:${INDEX_NAMES})\\s*:\\s*`, 'i');

const FIRST_LETTER = /\p{L}/u;
const ENDS_SENTENCE = /[.!?:]$/;

/**
 * A full text without the lines that only name a standard part ("ABSTRACT", "1. INTRODUCTION",
 * "Categories and Subject Descriptors:", "General Terms"), written as headings are (capitalised, alone
 * on their line; the first line, the title, stays), and without the labels of its index lines
 * ("Keywords: ", "CR Categories: "; what they list stays). Such words say nothing of the paper, and
 * read as text they run into the phrases around them ("INTRODUCTION perceptual user interfaces",
 * "... Nearest Neighbour Search Abstract ..."): the line before them ends its sentence instead.
 */
export function withoutStandardParts(text: string): string {
  const lines = text.split('\n');
  let changed = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || !isCapitalised(line)) continue;
    const label = INDEX_LABEL.exec(line);
    if (label) lines[i] = line.slice(label[0].length);
    else if (line.length <= 60 && STANDARD_PART.test(line.replace(/:$/, ''))) lines[i] = '';
    else continue;
    const before = lines[i - 1]!.trimEnd();
    if (before && !ENDS_SENTENCE.test(before)) lines[i - 1] = `${before}.`;
    changed = true;
  }
  return changed ? lines.join('\n') : text;
}

function isCapitalised(line: string): boolean {
  const letter = FIRST_LETTER.exec(line)?.[0];
  return !!letter && letter !== letter.toLowerCase();
}

/**
 * What digital libraries write where a record has no abstract ("No contact information provided yet.",
 * ACM's; "An abstract is not available.", "No abstract available."): a sentence about the record, not
 * the paper, so no summary or term of it ("contact information").
 */
const PLACEHOLDER = /(?<![\p{L}\p{N}])(?:no contact information provided yet|an? abstract is not available|(?:there is )?no abstract (?:is )?available|abstract not available)(?: for this (?:paper|article|item|record))?[.!]?(?![\p{L}\p{N}])/giu;
const MAY_HAVE_PLACEHOLDER = /contact information|abstract/i;

/** A text without library placeholders (see PLACEHOLDER); each ends the sentence before it. */
export function withoutPlaceholders(text: string): string {
  if (!MAY_HAVE_PLACEHOLDER.test(text)) return text;
  const cleaned = text.replace(PLACEHOLDER, '\n\n');
  return cleaned === text ? text : cleaned.replace(/\n{3,}/g, '\n\n').trim();
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Decodes the HTML character references that texts converted from HTML or PDF carry (`&lt;` read as a
 * word "lt" otherwise). Unknown names stay as they are.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/** Converts LaTeX and character references to text and tags title and abstract with wink-nlp. */
export function prepareText(title: string, abstract: string): PreparedText {
  const cleanTitle = latexToText(decodeEntities(title));
  const decodedAbstract = withoutPlaceholders(decodeEntities(abstract));
  const full = abstract.length >= HEADINGS_FROM_CHARS;
  const cleanAbstract = latexToText(full ? withoutStandardParts(decodedAbstract) : decodedAbstract);
  // The title is one sentence whatever wink reads in it; an empty text has none (wink reads one).
  const both = cleanTitle && cleanAbstract ? parseTitled(cleanTitle, cleanAbstract) : null;
  const t = both?.title ?? (cleanTitle ? parseText(cleanTitle, 0, true) : { sentences: [], tokens: [] });
  const titleSentences = t.sentences.length ? 1 : 0;
  const a = both?.text ?? (cleanAbstract ? parseText(cleanAbstract, titleSentences) : { sentences: [], tokens: [] });
  const tokens = t.tokens.concat(a.tokens);
  const sentences = [...(titleSentences ? [cleanTitle] : []), ...a.sentences.map((s) => s.text)];
  const headings = full ? sectionHeadings(decodedAbstract) : [];
  return { title: cleanTitle, abstract: cleanAbstract, sentences, titleSentences, tokens, headings };
}
