import { UsageError } from '../../src/errors.js';
import { stemmedTokens, wordTokens } from '../../src/nlp/words.js';

/** Fields of arXiv's query syntax (https://info.arxiv.org/help/api/user-manual.html#query_details). */
export const QUERY_FIELDS = ['all', 'ti', 'au', 'abs', 'co', 'jr', 'cat', 'rn', 'id'] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

/** A parsed query: terms joined by AND, OR and ANDNOT, as arXiv reads them. */
export type QueryNode =
  | { kind: 'term'; field: QueryField; value: string; phrase: boolean }
  | { kind: 'and' | 'or' | 'andnot'; left: QueryNode; right: QueryNode };

type Token = { type: 'lparen' | 'rparen' | 'op' | 'term'; text: string; field?: QueryField; phrase?: boolean };

const FIELD_PREFIX = new RegExp(`^(${QUERY_FIELDS.join('|')}):(.*)$`, 's');

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '(' || ch === ')') { tokens.push({ type: ch === '(' ? 'lparen' : 'rparen', text: ch }); i++; continue; }
    let word = '';
    while (i < query.length && !/[\s()"]/.test(query[i]!)) word += query[i++];
    let field: QueryField | undefined;
    const prefixed = FIELD_PREFIX.exec(word);
    if (prefixed) { field = prefixed[1] as QueryField; word = prefixed[2]!; }
    if (word === '' && query[i] === '"') {
      const end = query.indexOf('"', i + 1);
      if (end < 0) throw new UsageError(`query has an unclosed quote: ${query}`);
      const phrase = query.slice(i + 1, end).trim();
      i = end + 1;
      if (phrase) tokens.push({ type: 'term', text: phrase, field: field ?? 'all', phrase: true });
      continue;
    }
    if (word === '') {
      if (field) throw new UsageError(`query field "${field}:" has no value`);
      throw new UsageError(`query has a stray quote: ${query}`);
    }
    if (!field && (word === 'AND' || word === 'OR' || word === 'ANDNOT')) tokens.push({ type: 'op', text: word });
    else tokens.push({ type: 'term', text: word, field: field ?? 'all', phrase: false });
  }
  return tokens;
}

/**
 * Parses free text ("large language models": every word, in any field) or arXiv syntax
 * (`ti:"diffusion model" AND (cat:cs.CV OR cat:cs.LG) ANDNOT au:smith`). Throws UsageError on bad syntax.
 */
export function parseQuery(query: string): QueryNode {
  const tokens = tokenize(query);
  if (tokens.length === 0) throw new UsageError('query is empty: give words to search for, e.g. "large language models"');
  let pos = 0;
  const peek = () => tokens[pos];

  function parseOr(): QueryNode {
    let left = parseAnd();
    while (peek()?.type === 'op' && peek()!.text === 'OR') {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): QueryNode {
    let left = parseUnary();
    for (;;) {
      const t = peek();
      if (!t || t.type === 'rparen' || (t.type === 'op' && t.text === 'OR')) return left;
      if (t.type === 'op') {
        pos++;
        left = { kind: t.text === 'ANDNOT' ? 'andnot' : 'and', left, right: parseUnary() };
      } else {
        left = { kind: 'and', left, right: parseUnary() };
      }
    }
  }
  function parseUnary(): QueryNode {
    const t = tokens[pos++];
    if (!t) throw new UsageError(`query ends with an operator: ${query}`);
    if (t.type === 'lparen') {
      const inner = parseOr();
      if (tokens[pos++]?.type !== 'rparen') throw new UsageError(`query has an unclosed parenthesis: ${query}`);
      return inner;
    }
    if (t.type === 'term') return { kind: 'term', field: t.field!, value: t.text, phrase: t.phrase ?? false };
    throw new UsageError(`query has "${t.text}" where a search term was expected: ${query}`);
  }

  const node = parseOr();
  if (pos < tokens.length) throw new UsageError(`query has an unmatched ")": ${query}`);
  return node;
}

/** Renders a parsed query in arXiv's search_query syntax. */
export function toArxivSyntax(node: QueryNode): string {
  if (node.kind === 'term') {
    const value = node.phrase ? `"${node.value.replace(/"/g, '')}"` : node.value;
    return `${node.field}:${value}`;
  }
  const side = (n: QueryNode) => (n.kind === 'term' ? toArxivSyntax(n) : `(${toArxivSyntax(n)})`);
  const op = node.kind === 'andnot' ? 'ANDNOT' : node.kind.toUpperCase();
  return `${side(node.left)} ${op} ${side(node.right)}`;
}

/** The fields of a record that local matching looks at. */
export type MatchableRecord = {
  arxivId: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  comment: string | null;
  journalRef: string | null;
};

/** Separates parts of a field; never produced by the tokeniser. */
const BOUNDARY = '\u0000';

/** A record's words, computed once per record and field, on demand. */
class RecordWords {
  private cache = new Map<string, string[]>();
  constructor(private readonly record: MatchableRecord) {}

  get(field: QueryField, stemmed: boolean): string[] {
    const key = `${field}:${stemmed}`;
    let words = this.cache.get(key);
    if (!words) {
      // Parts (fields, authors) are tokenised apart and joined by a marker no search word can equal,
      // so a phrase never runs from one author into the next or from the title into the abstract.
      words = this.parts(field).flatMap((part, i) => [...(i ? [BOUNDARY] : []), ...(stemmed ? stemmedTokens(part) : wordTokens(part))]);
      this.cache.set(key, words);
    }
    return words;
  }

  private parts(field: QueryField): string[] {
    const r = this.record;
    switch (field) {
      case 'ti': return [r.title];
      case 'abs': return [r.abstract];
      case 'au': return r.authors;
      case 'co': return [r.comment ?? ''];
      case 'jr': return [r.journalRef ?? ''];
      case 'rn': return [];
      case 'id': return [r.arxivId];
      case 'cat': return r.categories;
      case 'all': return [r.title, r.abstract, ...r.authors, r.comment ?? '', r.journalRef ?? ''];
    }
  }
}

function containsSequence(haystack: string[], needle: string[], prefixLast: boolean): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      const h = haystack[i + j]!;
      const n = needle[j]!;
      const last = j === needle.length - 1;
      if (last && prefixLast ? !h.startsWith(n) : h !== n) continue outer;
    }
    return true;
  }
  return false;
}

function matchCategory(categories: string[], value: string): boolean {
  const v = value.toLowerCase();
  return categories.some((c) => {
    const cat = c.toLowerCase();
    if (v.endsWith('*')) return cat.startsWith(v.slice(0, -1));
    return cat === v || (!v.includes('.') && cat.startsWith(`${v}.`));
  });
}

function matchTerm(words: RecordWords, record: MatchableRecord, term: Extract<QueryNode, { kind: 'term' }>): boolean {
  if (term.field === 'cat') return matchCategory(record.categories, term.value);
  if (term.field === 'id') return record.arxivId.toLowerCase() === term.value.toLowerCase().replace(/v\d+$/, '');
  const wildcard = !term.phrase && term.value.endsWith('*');
  const value = wildcard ? term.value.slice(0, -1) : term.value;
  // A bare wildcard ("*", "all:*") matches every record: "all papers of this file".
  if (wildcard && value === '') return true;
  // Author names and wildcards compare unstemmed words; everything else compares stems, as arXiv's engine does.
  const exact = term.field === 'au' || wildcard;
  const needle = exact ? wordTokens(value) : stemmedTokens(value);
  return containsSequence(words.get(term.field, !exact), needle, wildcard);
}

/** Whether a record satisfies a parsed query, evaluated locally the way arXiv would. */
export function matchesQuery(node: QueryNode, record: MatchableRecord): boolean {
  const words = new RecordWords(record);
  const evaluate = (n: QueryNode): boolean => {
    switch (n.kind) {
      case 'term': return matchTerm(words, record, n);
      case 'and': return evaluate(n.left) && evaluate(n.right);
      case 'or': return evaluate(n.left) || evaluate(n.right);
      case 'andnot': return evaluate(n.left) && !evaluate(n.right);
    }
  };
  return evaluate(node);
}
