import { z } from 'zod';
import { arxivLinks, collapseWhitespace, parseArxivId, type Paper } from './schema.js';

/** One line of arXiv's bulk metadata snapshot ("arxiv-metadata-oai-snapshot", as published on Kaggle). */
export const SnapshotRecordSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  abstract: z.string(),
  authors: z.string().nullish(),
  authors_parsed: z.array(z.array(z.string())).nullish(),
  categories: z.string().nullish(),
  comments: z.string().nullish(),
  'journal-ref': z.string().nullish(),
  doi: z.string().nullish(),
  versions: z.array(z.object({ version: z.string(), created: z.string() })).nullish(),
  update_date: z.string().nullish(),
});
export type SnapshotRecord = z.infer<typeof SnapshotRecordSchema>;

function isoDate(rfc2822: string | undefined): string | null {
  if (!rfc2822) return null;
  const t = Date.parse(rfc2822);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function authorNames(record: SnapshotRecord): string[] {
  if (record.authors_parsed?.length) {
    return record.authors_parsed
      .map(([last = '', first = '', suffix = '']) => collapseWhitespace([first, last, suffix].join(' ')))
      .filter(Boolean);
  }
  return (record.authors ?? '').split(/,\s*|\s+and\s+/).map(collapseWhitespace).filter(Boolean);
}

/** Converts a snapshot record into a Paper; throws a zod error naming the bad field. */
export function snapshotToPaper(raw: unknown): Paper {
  const record = SnapshotRecordSchema.parse(raw);
  const id = parseArxivId(record.id);
  if (!id) throw new Error(`snapshot record has an id that is not an arXiv id: "${record.id}"`);
  const versions = record.versions ?? [];
  const version = Math.max(1, ...versions.map((v) => Number(v.version.replace(/^v/, '')) || 1));
  const categories = (record.categories ?? '').split(/\s+/).filter(Boolean);
  const links = arxivLinks(id.arxivId, version);
  const published = isoDate(versions[0]?.created);
  return {
    arxivId: id.arxivId,
    version,
    title: collapseWhitespace(record.title),
    abstract: collapseWhitespace(record.abstract),
    authors: authorNames(record),
    published: published ?? (record.update_date ? `${record.update_date}T00:00:00.000Z` : null),
    updated: isoDate(versions.at(-1)?.created) ?? (record.update_date ? `${record.update_date}T00:00:00.000Z` : null),
    primaryCategory: categories[0] ?? null,
    categories,
    absUrl: links.absUrl,
    pdfUrl: links.pdfUrl,
    doi: record.doi ? collapseWhitespace(record.doi) : null,
    comment: record.comments ? collapseWhitespace(record.comments) : null,
    journalRef: record['journal-ref'] ? collapseWhitespace(record['journal-ref']) : null,
  };
}
