import type { Library } from './index.js';

/** What the library page filters by; every field optional. */
export type BrowseFilters = {
  category?: string | null;
  since?: string | null;
  until?: string | null;
  /** Only papers of this run. */
  runId?: string | null;
  /** Only papers naming this skill, by the skill index of this taxonomy digest. */
  skill?: { id: string; taxonomy: string } | null;
};

/** One row of the library page. */
export type BrowseRow = {
  arxivId: string;
  version: number;
  title: string;
  authors: string[];
  published: string | null;
  primaryCategory: string | null;
  categories: string[];
  tldr: string | null;
};

type Row = { id: number; arxiv_id: string; version: number; title: string; authors: string; published: string | null; primary_category: string | null; categories: string; tldr: string | null };

/** The WHERE clause of the filters that are set (an unset filter costs nothing per row). */
function where(filters: BrowseFilters): { sql: string; params: Record<string, string> } {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  if (filters.since) {
    clauses.push('p.published >= @since');
    params.since = filters.since;
  }
  if (filters.until) {
    // Dates are stored as full timestamps: "until a day" is "before the next day".
    clauses.push('p.published < @untilNext');
    params.untilNext = new Date(Date.parse(`${filters.until}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  }
  if (filters.category) {
    clauses.push(`(p.categories LIKE '%"' || @category || '"%' OR p.categories LIKE '%"' || @category || '.%')`);
    params.category = filters.category;
  }
  if (filters.runId) {
    clauses.push('EXISTS (SELECT 1 FROM run_papers rp WHERE rp.run_id = @runId AND rp.paper_id = p.id)');
    params.runId = filters.runId;
  }
  if (filters.skill) {
    clauses.push('EXISTS (SELECT 1 FROM paper_skills s WHERE s.taxonomy = @taxonomy AND s.skill_id = @skill AND s.paper_id = p.id)');
    params.skill = filters.skill.id;
    params.taxonomy = filters.skill.taxonomy;
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function toRow(r: Row): BrowseRow {
  return {
    arxivId: r.arxiv_id, version: r.version, title: r.title, authors: JSON.parse(r.authors), published: r.published,
    primaryCategory: r.primary_category, categories: JSON.parse(r.categories), tldr: r.tldr,
  };
}

const COLUMNS = `p.id, p.arxiv_id, p.version, p.title, p.authors, p.published, p.primary_category, p.categories,
  (SELECT a.tldr FROM analyses a WHERE a.paper_id = p.id AND a.analyser_version = @analyser) AS tldr`;

/**
 * A page of the library, newest first, with the number of papers matching the filters. Offsets walk the
 * `published` index, so a page deep into 40,000 papers costs milliseconds.
 */
export function browsePapers(library: Library, filters: BrowseFilters, page: { offset: number; limit: number }, analyser: string): { total: number; rows: BrowseRow[] } {
  const w = where(filters);
  const total = w.sql ? library.db.prepare<[Record<string, string>], { n: number }>(`SELECT count(*) AS n FROM papers p ${w.sql}`).get(w.params)!.n : library.papers.count();
  const rows = library.db
    .prepare<[Record<string, string | number>], Row>(`SELECT ${COLUMNS} FROM papers p ${w.sql} ORDER BY p.published DESC, p.id DESC LIMIT @limit OFFSET @offset`)
    .all({ ...w.params, analyser, limit: page.limit, offset: page.offset });
  return { total, rows: rows.map(toRow) };
}

/** The papers with these library ids that pass the filters, in the order given (search results). */
export function filterRanked(library: Library, ids: number[], filters: BrowseFilters, analyser: string): BrowseRow[] {
  if (ids.length === 0) return [];
  const w = where(filters);
  const rows = library.db
    .prepare<[Record<string, string>], Row>(`SELECT ${COLUMNS} FROM papers p ${w.sql ? `${w.sql} AND` : 'WHERE'} p.id IN (SELECT value FROM json_each(@ids))`)
    .all({ ...w.params, analyser, ids: JSON.stringify(ids) });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [toRow(byId.get(id)!)] : []));
}

/** Distinct primary categories with their paper counts, most papers first (the category filter's choices). */
export function categoryCounts(library: Library, limit = 200): { category: string; papers: number }[] {
  return library.db
    .prepare<[number], { category: string; papers: number }>(
      `SELECT primary_category AS category, count(*) AS papers FROM papers WHERE primary_category IS NOT NULL
       GROUP BY primary_category ORDER BY papers DESC, category LIMIT ?`,
    )
    .all(limit);
}
