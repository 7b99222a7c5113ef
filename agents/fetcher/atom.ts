import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ArxivApiError } from '../../src/errors.js';
import { arxivLinks, collapseWhitespace, parseArxivId, type Paper } from './schema.js';

/** One page of an arXiv Atom feed. */
export type AtomPage = {
  /** opensearch:totalResults, when the feed states it. */
  totalResults: number | null;
  startIndex: number | null;
  papers: Paper[];
};

const ARRAY_ELEMENTS = new Set(['entry', 'author', 'link', 'category']);

// Namespace prefixes are dropped (arxiv:doi -> doi, opensearch:totalResults -> totalResults) so that old
// feeds declaring namespaces inline parse like new ones; values stay strings ("0" is a real arXiv title).
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAY_ELEMENTS.has(name),
});

type XmlNode = Record<string, unknown>;

function text(node: unknown): string | null {
  if (node === undefined || node === null) return null;
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && '#text' in (node as XmlNode)) return String((node as XmlNode)['#text']);
  if (typeof node === 'object') return '';
  return String(node);
}

function attr(node: unknown, name: string): string | null {
  if (!node || typeof node !== 'object') return null;
  const v = (node as XmlNode)[`@${name}`];
  return typeof v === 'string' ? v : null;
}

function optionalText(node: unknown): string | null {
  const t = text(node);
  return t === null || t.trim() === '' ? null : collapseWhitespace(t);
}

/** True for the entry arXiv uses to report an error (title "Error", id under /api/errors). */
function isErrorEntry(entry: XmlNode): boolean {
  return text(entry.title)?.trim() === 'Error' && (text(entry.id) ?? '').includes('/api/errors');
}

/** Converts one parsed <entry> into a Paper. Throws ArxivApiError for an error entry. */
export function entryToPaper(entry: XmlNode): Paper {
  if (isErrorEntry(entry)) {
    throw new ArxivApiError(`arXiv reported an error: ${collapseWhitespace(text(entry.summary) ?? 'no message')}`);
  }
  const rawId = text(entry.id) ?? '';
  const id = parseArxivId(rawId);
  if (!id) throw new ArxivApiError(`arXiv feed entry has an id that is not an arXiv id: "${rawId}"`);
  const version = id.version ?? 1;
  const links = (entry.link as unknown[] | undefined) ?? [];
  const linkWhere = (pred: (l: unknown) => boolean) => attr(links.find(pred), 'href');
  const canonical = arxivLinks(id.arxivId, version);
  const categories = ((entry.category as unknown[] | undefined) ?? [])
    .map((c) => attr(c, 'term'))
    .filter((c): c is string => !!c);
  const primary = attr(entry.primary_category, 'term') ?? categories[0] ?? null;
  if (primary && !categories.includes(primary)) categories.unshift(primary);
  else if (primary) categories.sort((a, b) => (a === primary ? -1 : b === primary ? 1 : 0));
  return {
    arxivId: id.arxivId,
    version,
    title: collapseWhitespace(text(entry.title) ?? ''),
    abstract: collapseWhitespace(text(entry.summary) ?? ''),
    authors: ((entry.author as unknown[] | undefined) ?? [])
      .map((a) => collapseWhitespace(text((a as XmlNode).name) ?? ''))
      .filter(Boolean),
    published: optionalText(entry.published),
    updated: optionalText(entry.updated),
    primaryCategory: primary,
    categories,
    absUrl: linkWhere((l) => attr(l, 'rel') === 'alternate') ?? canonical.absUrl,
    pdfUrl: linkWhere((l) => attr(l, 'title') === 'pdf') ?? canonical.pdfUrl,
    doi: optionalText(entry.doi),
    comment: optionalText(entry.comment),
    journalRef: optionalText(entry.journal_ref),
  };
}

function toCount(node: unknown): number | null {
  const t = text(node);
  if (t === null || t.trim() === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * Parses a whole arXiv Atom feed (an API page, or the sample feed). Throws ArxivApiError with
 * `retryable` set for malformed XML (a cut-off response), and without it for arXiv's error feed.
 */
export function parseAtomFeed(xml: string): AtomPage {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new ArxivApiError(`arXiv returned malformed XML (${valid.err.msg} at line ${valid.err.line})`, true);
  }
  const doc = parser.parse(xml) as XmlNode;
  const feed = doc.feed as XmlNode | undefined;
  if (!feed || typeof feed !== 'object') throw new ArxivApiError('arXiv returned XML that is not an Atom feed', true);
  const entries = (feed.entry as XmlNode[] | undefined) ?? [];
  return {
    totalResults: toCount(feed.totalResults),
    startIndex: toCount(feed.startIndex),
    papers: entries.map(entryToPaper),
  };
}

/** Parses one <entry>…</entry> fragment, for Atom files read as a stream. */
export function parseAtomEntry(fragment: string): Paper {
  const valid = XMLValidator.validate(fragment);
  if (valid !== true) throw new ArxivApiError(`malformed Atom entry (${valid.err.msg})`);
  const doc = parser.parse(fragment) as XmlNode;
  const entry = (doc.entry as XmlNode[] | undefined)?.[0];
  if (!entry) throw new ArxivApiError('Atom fragment holds no <entry>');
  return entryToPaper(entry);
}
