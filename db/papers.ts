import type { Db } from './open.js';
import { nowIso } from './open.js';
import { PaperSchema, type Paper } from './schema.js';

/** A stored paper with its library row id. */
export type StoredPaper = Paper & { id: number };

type PaperRow = {
  id: number; arxiv_id: string; version: number; title: string; abstract: string; authors: string;
  published: string | null; updated: string | null; primary_category: string | null; categories: string;
  abs_url: string; pdf_url: string | null; doi: string | null; comment: string | null; journal_ref: string | null;
};

function fromRow(row: PaperRow): StoredPaper {
  const paper = PaperSchema.parse({
    arxivId: row.arxiv_id,
    version: row.version,
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors),
    published: row.published,
    updated: row.updated,
    primaryCategory: row.primary_category,
    categories: JSON.parse(row.categories),
    absUrl: row.abs_url,
    pdfUrl: row.pdf_url,
    doi: row.doi,
    comment: row.comment,
    journalRef: row.journal_ref,
  });
  return { ...paper, id: row.id };
}

/** What an upsert did to one paper. */
export type UpsertOutcome = { id: number; change: 'inserted' | 'updated' | 'unchanged' };

/** Paper storage. Statements are prepared once per connection. */
export class PaperRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      find: db.prepare<[string], { id: number; version: number }>('SELECT id, version FROM papers WHERE arxiv_id = ?'),
      insert: db.prepare(`INSERT INTO papers (arxiv_id, version, title, abstract, authors, published, updated,
          primary_category, categories, abs_url, pdf_url, doi, comment, journal_ref, first_seen_at, last_seen_at)
        VALUES (@arxivId, @version, @title, @abstract, @authors, @published, @updated, @primaryCategory,
          @categories, @absUrl, @pdfUrl, @doi, @comment, @journalRef, @now, @now)`),
      replace: db.prepare(`UPDATE papers SET version = @version, title = @title, abstract = @abstract,
          authors = @authors, published = @published, updated = @updated, primary_category = @primaryCategory,
          categories = @categories, abs_url = @absUrl, pdf_url = @pdfUrl, doi = @doi, comment = @comment,
          journal_ref = @journalRef, last_seen_at = @now WHERE id = @id`),
      touch: db.prepare('UPDATE papers SET last_seen_at = ? WHERE id = ?'),
      // A new version makes the paper's analysis stale: it leaves the index until it is analysed again.
      ftsDelete: db.prepare('DELETE FROM papers_fts WHERE rowid = ?'),
      byId: db.prepare<[number], PaperRow>('SELECT * FROM papers WHERE id = ?'),
      byArxivId: db.prepare<[string], PaperRow>('SELECT * FROM papers WHERE arxiv_id = ?'),
      forAnalysis: db.prepare<[string, string], PaperRow & { analysed_version: number | null }>(
        `SELECT p.*, a.paper_version AS analysed_version FROM json_each(?) j JOIN papers p ON p.id = j.value
         LEFT JOIN analyses a ON a.paper_id = p.id AND a.analyser_version = ? ORDER BY j.key`),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM papers'),
    };
  }

  /**
   * Inserts new papers and replaces stored ones when the incoming version is newer (an older or equal
   * version leaves the stored paper as it is). Call inside a transaction for batches.
   */
  upsert(paper: Paper): UpsertOutcome {
    const now = nowIso();
    const params = {
      ...paper,
      authors: JSON.stringify(paper.authors),
      categories: JSON.stringify(paper.categories),
      now,
    };
    const existing = this.stmts.find.get(paper.arxivId);
    if (!existing) {
      return { id: Number(this.stmts.insert.run(params).lastInsertRowid), change: 'inserted' };
    }
    if (paper.version > existing.version) {
      this.stmts.replace.run({ ...params, id: existing.id });
      this.stmts.ftsDelete.run(existing.id);
      return { id: existing.id, change: 'updated' };
    }
    this.stmts.touch.run(now, existing.id);
    return { id: existing.id, change: 'unchanged' };
  }

  /** The paper with this library row id, or null. */
  byId(id: number): StoredPaper | null {
    const row = this.stmts.byId.get(id);
    return row ? fromRow(row) : null;
  }

  /**
   * The papers with these row ids, in that order (ids not in the library left out), each with whether
   * this analyser has analysed its stored version (or a newer one) already: one query for a batch.
   */
  forAnalysis(ids: number[], analyserVersion: string): { paper: StoredPaper; current: boolean }[] {
    return this.stmts.forAnalysis.all(JSON.stringify(ids), analyserVersion).map((row) => {
      const { analysed_version: analysed, ...paper } = row;
      return { paper: fromRow(paper), current: analysed !== null && analysed >= paper.version };
    });
  }

  /** The paper with this arXiv id (a version suffix is ignored), or null. */
  byArxivId(arxivId: string): StoredPaper | null {
    const row = this.stmts.byArxivId.get(arxivId.replace(/v\d+$/, ''));
    return row ? fromRow(row) : null;
  }

  /** Papers of one run in fetch order, or the newest papers of the library. */
  list(options: { runId?: string; limit: number; offset?: number }): StoredPaper[] {
    const rows = options.runId
      ? this.db.prepare<[string, number, number], PaperRow>(
          `SELECT p.* FROM run_papers rp JOIN papers p ON p.id = rp.paper_id
           WHERE rp.run_id = ? ORDER BY rp.position LIMIT ? OFFSET ?`,
        ).all(options.runId, options.limit, options.offset ?? 0)
      : this.db.prepare<[number, number], PaperRow>(
          'SELECT * FROM papers ORDER BY published DESC, id DESC LIMIT ? OFFSET ?',
        ).all(options.limit, options.offset ?? 0);
    return rows.map(fromRow);
  }

  /** Number of papers in the library. */
  count(): number {
    return this.stmts.count.get()!.n;
  }
}
