import { stringify } from 'csv-stringify/sync';
import type { PaperCard } from '../../agents/reporter/schema.js';
import { InvariantError } from '../errors.js';

/**
 * CSV exports. Values are written exactly as stored: no spreadsheet-formula neutralising (a leading "="
 * stays "="), so the files round-trip into pandas, R or SQLite unchanged.
 */

/** The columns of papers.csv, in order. */
export const PAPERS_CSV_COLUMNS = [
  'ref', 'arxiv_id', 'version', 'title', 'authors', 'published', 'primary_category', 'categories', 'status',
  'tldr', 'key_terms', 'rouge1_f', 'abs_url', 'pdf_url', 'doi',
] as const;

type Cell = string | number | null | undefined;

/**
 * RFC 4180 CSV (CRLF line ends, fields quoted when they contain comma, quote, CR or LF; quotes doubled), header first.
 * Every row must have one field per header column. Null and undefined are written as empty fields.
 */
export function toCsv(header: string[], rows: Cell[][]): string {
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      throw new InvariantError(`CSV row ${i + 1} has ${row.length} fields, expected ${header.length} (one per header column)`);
    }
  });
  return stringify([header, ...rows], {
    record_delimiter: '\r\n',
    // With an explicit record delimiter csv-stringify stops quoting a lone CR or LF inside a field.
    quote_record_delimiter: true,
  });
}

function isoDay(date: string | null): string | null {
  return /^\d{4}-\d{2}-\d{2}/.exec(date ?? '')?.[0] ?? null;
}

function round4(value: number): number | null {
  return Number.isFinite(value) ? Math.round(value * 1e4) / 1e4 : null;
}

function paperRow(card: PaperCard): Cell[] {
  const analysis = card.analysis;
  return [
    card.ref, card.arxivId, card.version, card.title, card.authors.join('; '), isoDay(card.published),
    card.primaryCategory, card.categories.join(' '), card.status, analysis?.tldr,
    analysis?.terms.map((t) => t.term).join('; '), analysis ? round4(analysis.rouge.rouge1.f) : null,
    card.absUrl, card.pdfUrl, card.doi,
  ];
}

/** papers.csv: one row per paper card. */
export function papersCsv(cards: PaperCard[]): string {
  return toCsv([...PAPERS_CSV_COLUMNS], cards.map(paperRow));
}
