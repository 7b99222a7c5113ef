import { termList } from './analyses.js';
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
      // The index keeps no text (005_fts_contentless.sql): a hit is an indexed paper with the analysis
      // its entry was written from, the last one saved.
      hit: db.prepare<[number], Omit<SearchHit, 'score'>>(
        `SELECT p.id AS paperId, p.arxiv_id AS arxivId, p.title, p.abstract, p.abs_url AS absUrl, p.published,
                p.categories, a.summary, a.terms
         FROM papers p JOIN analyses a ON a.paper_id = p.id
         WHERE p.id = ? AND EXISTS (SELECT 1 FROM papers_fts f WHERE f.rowid = p.id)
         ORDER BY a.created_at DESC, a.analyser_version DESC LIMIT 1`,
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
    const row = this.stmts.hit.get(paperId);
    return row ? { ...row, terms: termList(JSON.parse(row.terms) as { term: string }[]) } : null;
  }
}
