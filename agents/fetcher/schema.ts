import { z } from 'zod';

export { PaperSchema, type Paper } from '../../db/schema.js';

/** What a run asks the fetcher for. Dates are inclusive YYYY-MM-DD. */
export const FetchRequestSchema = z.object({
  query: z.string().min(1).describe('free text or arXiv query syntax'),
  max: z.number().int().min(1).describe('at most this many papers'),
  since: z.string().nullable().describe('first published date to include (YYYY-MM-DD)'),
  until: z.string().nullable().describe('last published date to include (YYYY-MM-DD)'),
  categories: z.array(z.string()).describe('keep papers in any of these categories (empty: all)'),
});
export type FetchRequest = z.infer<typeof FetchRequestSchema>;

const ID_PATTERN = /^(?:arxiv:)?((?:[a-z-]+(?:\.[A-Z]{2})?\/\d{7})|(?:\d{4}\.\d{4,5}))(?:v(\d+))?$/i;

/** Splits an arXiv id or abs URL into id and version; null when it is not an arXiv id. */
export function parseArxivId(raw: string): { arxivId: string; version: number | null } | null {
  const tail = raw.trim().replace(/^https?:\/\/(?:export\.)?arxiv\.org\/(?:abs|pdf)\//i, '');
  const m = ID_PATTERN.exec(tail);
  if (!m?.[1]) return null;
  return { arxivId: m[1], version: m[2] ? Number(m[2]) : null };
}

/** Collapses runs of whitespace (arXiv wraps titles and abstracts at 80 columns). */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The canonical links arXiv uses for a paper. */
export function arxivLinks(arxivId: string, version: number): { absUrl: string; pdfUrl: string } {
  return {
    absUrl: `https://arxiv.org/abs/${arxivId}v${version}`,
    pdfUrl: `https://arxiv.org/pdf/${arxivId}v${version}`,
  };
}
