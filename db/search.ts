import type { Db } from './open.js';

/** A full-text hit: the paper and its BM25 score (lower is better, as FTS5 reports it). */
export type SearchHit = {
  paperId: number; arxivId: string; title: string; abstract: string; absUrl: string; published: string | null;
  categories: string; summary: string; terms: string; score: number;
};


/** Filters every search takes. */
export type SearchFilters = { since?: string | null; category?: string | null };

const FILTER = `(@since IS NULL OR p.published >= @since)
  AND (@category IS NULL OR p.categories LIKE '%"' || @category || '"%' OR p.categories LIKE '%"' || @category || '.%')`;

/**
 * Full-text search over analysed papers (title, abstract, summary, key terms). Expressions must be built
 * from quoted terms only (agents/answerer/query.ts); user text never reaches MATCH unquoted.
 */
export class SearchRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      ids: db.prepare<[{ match: string }], { id: number }>('SELECT rowid AS id FROM papers_fts WHERE papers_fts MATCH @match'),
      filteredIds: db.prepare<[{ match: string; since: string | null; category: string | null }], { id: number }>(
        `SELECT f.rowid AS id FROM papers_fts f JOIN papers p ON p.id = f.rowid WHERE papers_fts MATCH @match AND ${FILTER}`,
      ),
      hit: db.prepare<[number], Omit<SearchHit, 'score'>>(
        `SELECT p.id AS paperId, p.arxiv_id AS arxivId, p.title, p.abstract, p.abs_url AS absUrl, p.published,
                p.categories, f.summary, f.terms FROM papers p JOIN papers_fts f ON f.rowid = p.id WHERE p.id = ?`,
      ),
    };
  }

  /** Ids of the papers matching an expression. */
  ids(match: string, filters: SearchFilters = {}): number[] {
    const rows = filters.since || filters.category
      ? this.stmts.filteredIds.all({ match, since: filters.since ?? null, category: filters.category ?? null })
      : this.stmts.ids.all({ match });
    return rows.map((r) => r.id);
  }

  /** A paper as a search hit (score 0), or null when it is not indexed. */
  hit(paperId: number): Omit<SearchHit, 'score'> | null {
    return this.stmts.hit.get(paperId) ?? null;
  }
}
