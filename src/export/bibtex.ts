import type { Paper } from '../../db/schema.js';

/**
 * BibTeX for arXiv papers: one @misc entry each, in the eprint form biblatex and natbib styles understand
 * (eprint + archivePrefix + primaryClass). Text fields are LaTeX-escaped so they print as written; url, doi
 * and eprint are verbatim fields for biblatex, biber and the parsers, so they are written raw.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Words a citation key never takes as its title word ("On the Difficulty of..." -> "difficulty"). */
const KEY_STOP_WORDS = new Set([
  'a', 'an', 'the', 'on', 'of', 'and', 'or', 'for', 'in', 'to', 'with', 'at', 'by', 'from', 'into', 'onto',
  'via', 'towards', 'toward', 'about', 'is', 'are', 'be', 'do', 'does', 'how', 'what', 'why', 'when', 'which',
  'can', 'we', 'our', 'its', 'as', 'vs', 'versus', 'not',
]);

/** Name suffixes skipped when picking a last name for a key ("John Smith Jr" -> smith). */
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** Latin letters that Unicode decomposition does not reduce to ASCII. */
const ASCII_FOLDS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ħ: 'h', ŋ: 'n',
};

/**
 * The characters LaTeX reads as markup, each written so that it prints as itself; < > | too, which the
 * default OT1 font encoding prints as ¡ ¿ —.
 */
const LATEX_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', $: '\\$', '&': '\\&', '%': '\\%', '#': '\\#', _: '\\_',
  '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '<': '\\textless{}', '>': '\\textgreater{}', '|': '\\textbar{}',
};

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text with LaTeX's special characters escaped and its ligatures (-- `` '' ,, ?` !`) broken with {}. */
function escapeSpecials(text: string): string {
  return text
    .replace(/[\\{}$&%#_~^<>|]/g, (c) => LATEX_ESCAPES[c]!)
    .replace(/([-`',])(?=\1)|[!?](?=`)/g, (c) => `${c}{}`);
}

function escapeLatex(text: string): string {
  return escapeSpecials(collapse(text));
}

/** A verbatim field (url, doi, eprint): raw, except that braces, backslashes and spaces are percent-encoded. */
function verbatim(text: string): string {
  return text.trim().replace(/[\s{}\\]/gu, (c) => encodeURIComponent(c));
}

/**
 * A title escaped, with the words whose case carries meaning braced: acronyms and mixed case ({GAN},
 * {GaN}, {SDEs}) and lone capitals after the first word ({O}). Styles that sentence-case titles keep
 * those and lowercase the rest; styles that do not print the title exactly as written.
 */
function bibtexTitle(title: string): string {
  const runs = /([\p{L}\p{M}\p{N}]+)|[^\p{L}\p{M}\p{N}]+/gu;
  return collapse(title).replace(runs, (run, word: string | undefined, offset: number) => {
    if (word === undefined) return escapeSpecials(run);
    const meaningfulCase = /\p{Lu}/u.test(word.slice(1)) || (offset > 0 && /^\p{Lu}$/u.test(word));
    return meaningfulCase ? `{${word}}` : word;
  });
}

/** An author name; braced when a comma, "and" or "others" would otherwise split or rename the list. */
function bibtexName(name: string): string {
  const text = escapeLatex(name);
  return /,|(?:^|\s)and(?:\s|$)|^others$/i.test(text) ? `{${text}}` : text;
}

/** Lowercase ASCII letters and digits of a text: diacritics dropped, other scripts removed. */
function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\x00-\x7f]/g, (c) => ASCII_FOLDS[c] ?? '')
    .replace(/[^a-z0-9]/g, '');
}

/** The key part of an author: the last word of the name ("Smith, John" -> smith), or anon. */
function lastNameKey(name: string | undefined): string {
  const family = name?.includes(',') ? name.slice(0, name.indexOf(',')) : (name ?? '');
  const words = collapse(family).split(' ');
  while (words.length > 1 && NAME_SUFFIXES.has(asciiFold(words.at(-1)!))) words.pop();
  return asciiFold(words.at(-1) ?? '') || 'anon';
}

/** The key part of a title: its first word that is not a stop word, math or a LaTeX command. */
function titleWordKey(title: string): string {
  const plain = title
    .replace(/\$[^$]*\$|\\\([\s\S]*?\\\)/g, ' ')
    .replace(/\\[A-Za-z]+/g, ' ')
    .replace(/['’]/g, '');
  for (const word of plain.split(/[^\p{L}\p{M}\p{N}]+/u).map(asciiFold)) {
    if (word && !KEY_STOP_WORDS.has(word)) return word;
  }
  return '';
}

function publishedDate(paper: Paper): { year: string; month: string | undefined } | null {
  const m = /^(\d{4})-(\d{2})/.exec(paper.published ?? '');
  return m ? { year: m[1]!, month: MONTHS[Number(m[2]) - 1] } : null;
}

function baseKey(paper: Paper): string {
  const firstAuthor = paper.authors.find((a) => a.trim());
  return `${lastNameKey(firstAuthor)}${publishedDate(paper)?.year ?? 'nd'}${titleWordKey(paper.title)}`;
}

/** a, b, ..., z, aa, ab, ...: the nth duplicate suffix. */
function suffix(n: number): string {
  let s = '';
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The citation key of each paper, in order (the same keys toBibtex writes). */
export function bibtexKeys(papers: Paper[]): string[] {
  const bases = papers.map(baseKey);
  const counts = new Map<string, number>();
  for (const base of bases) counts.set(base, (counts.get(base) ?? 0) + 1);
  // Every base key is reserved, so a suffixed key never takes the key of another paper.
  const taken = new Set(bases);
  const keys = [...bases];
  // Suffixes go by arXiv id, never input order, so the same papers always get the same keys.
  const duplicates = papers
    .map((_, i) => i)
    .filter((i) => counts.get(bases[i]!)! > 1)
    .sort((a, b) => compare(bases[a]!, bases[b]!) || compare(papers[a]!.arxivId, papers[b]!.arxivId)
      || papers[a]!.version - papers[b]!.version || a - b);
  const next = new Map<string, number>();
  for (const i of duplicates) {
    const base = bases[i]!;
    let n = next.get(base) ?? 0;
    let key = base + suffix(n++);
    while (taken.has(key)) key = base + suffix(n++);
    next.set(base, n);
    taken.add(key);
    keys[i] = key;
  }
  return keys;
}

function bibtexEntry(paper: Paper, key: string): string {
  const date = publishedDate(paper);
  const authors = paper.authors.map(collapse).filter(Boolean).map(bibtexName);
  const note = [paper.journalRef, paper.comment].map((v) => collapse(v ?? '')).filter(Boolean).join('; ');
  const doi = paper.doi?.trim();
  const fields: [string, string | undefined][] = [
    ['title', `{${bibtexTitle(paper.title)}}`],
    ['author', authors.length ? `{${authors.join(' and ')}}` : undefined],
    ['year', date ? `{${date.year}}` : undefined],
    // A bare month macro, so each style prints the month in its own form ("June", "Jun.").
    ['month', date?.month],
    ['eprint', `{${verbatim(paper.arxivId)}}`],
    ['archivePrefix', '{arXiv}'],
    ['primaryClass', paper.primaryCategory ? `{${escapeLatex(paper.primaryCategory)}}` : undefined],
    ['url', `{${verbatim(`https://arxiv.org/abs/${paper.arxivId}`)}}`],
    ['doi', doi ? `{${verbatim(doi)}}` : undefined],
    ['note', note ? `{${escapeSpecials(note)}}` : undefined],
  ];
  const body = fields.filter(([, value]) => value !== undefined).map(([name, value]) => `  ${name} = ${value}`);
  return `@misc{${key},\n${body.join(',\n')}\n}`;
}

/** BibTeX for papers: one @misc entry each, in the given order, separated by blank lines. Keys are stable and unique within the output. */
export function toBibtex(papers: Paper[]): string {
  const keys = bibtexKeys(papers);
  const entries = papers.map((paper, i) => bibtexEntry(paper, keys[i]!));
  return entries.length ? `${entries.join('\n\n')}\n` : '';
}
