import type { Db } from './open.js';
import { z } from 'zod';
import { AnalysisSchema, ConceptGraphSchema, KeyTermSchema, type Analysis, type AnalysisInput, type ConceptGraph, type KeyTerm } from './schema.js';

type PaperWithTermsRow = {
  id: number; arxiv_id: string; title: string; abstract: string; authors: string; published: string | null; categories: string;
  comment: string | null; journal_ref: string | null; terms: string | null;
};

/** A paper with its key terms, for library-wide reports. */
export type PaperWithTerms = {
  id: number; arxivId: string; title: string; abstract: string; authors: string[]; published: string | null; categories: string[];
  comment: string | null; journalRef: string | null; terms: KeyTerm[];
};

/** What the synthesizer reads of one analysed paper of a run. */
export type RunPaperGraph = { ref: number; arxivId: string; title: string; terms: KeyTerm[]; conceptGraph: ConceptGraph };

type AnalysisRow = {
  arxiv_id: string; analyser_version: string; paper_version: number; summary: string; tldr: string;
  terms: string; rouge: string; title_words: number; summary_words: number; concept_graph: string;
  mermaid: string; provenance: string | null; created_at: string;
};

function fromRow(row: AnalysisRow): Analysis {
  return AnalysisSchema.parse({
    arxivId: row.arxiv_id,
    analyserVersion: row.analyser_version,
    paperVersion: row.paper_version,
    summary: row.summary,
    tldr: row.tldr,
    terms: JSON.parse(row.terms),
    rouge: JSON.parse(row.rouge),
    titleWords: row.title_words,
    summaryWords: row.summary_words,
    conceptGraph: JSON.parse(row.concept_graph),
    mermaid: row.mermaid,
    provenance: row.provenance ? JSON.parse(row.provenance) : null,
    createdAt: row.created_at,
  });
}

const SELECT = `SELECT p.arxiv_id, a.analyser_version, a.paper_version, a.summary, a.tldr, a.terms, a.rouge,
  a.title_words, a.summary_words, a.concept_graph, a.mermaid, a.provenance, a.created_at
  FROM analyses a JOIN papers p ON p.id = a.paper_id`;

/**
 * An analysis with its structured fields already in the JSON text they are stored as. Worker threads
 * send this instead of the objects: a few strings cross threads for a fraction of the cost of cloning
 * the objects, and the main thread, which writes every analysis, has nothing left to serialise.
 */
export type EncodedAnalysis = Omit<AnalysisInput, 'terms' | 'rouge' | 'conceptGraph' | 'provenance' | 'createdAt'> & {
  terms: string;
  rouge: string;
  conceptGraph: string;
  provenance: string | null;
  /** The key terms as the full-text index reads them: "term; term; ...". */
  termList: string;
};

/** An analysis as stored (see EncodedAnalysis). */
export function encodeAnalysis(analysis: Omit<AnalysisInput, 'createdAt'>): EncodedAnalysis {
  return {
    ...analysis,
    terms: JSON.stringify(analysis.terms),
    rouge: JSON.stringify(analysis.rouge),
    conceptGraph: JSON.stringify(analysis.conceptGraph),
    provenance: analysis.provenance ? JSON.stringify(analysis.provenance) : null,
    termList: termList(analysis.terms),
  };
}

/** Key terms as the full-text index reads them, and search hits show them: "term; term; ...". */
export function termList(terms: readonly { term: string }[]): string {
  return terms.map((t) => t.term).join('; ');
}

/** Per-paper analyses, one per (paper, analyser version). */
export class AnalysisRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      current: db.prepare<[number, string], { paper_version: number }>(
        'SELECT paper_version FROM analyses WHERE paper_id = ? AND analyser_version = ?',
      ),
      save: db.prepare(`INSERT INTO analyses (paper_id, analyser_version, paper_version, summary, tldr, terms,
          rouge, title_words, summary_words, concept_graph, mermaid, provenance, created_at)
        VALUES (@paperId, @analyserVersion, @paperVersion, @summary, @tldr, @terms, @rouge, @titleWords,
          @summaryWords, @conceptGraph, @mermaid, @provenance, @createdAt)
        ON CONFLICT (paper_id, analyser_version) DO UPDATE SET paper_version = excluded.paper_version,
          summary = excluded.summary, tldr = excluded.tldr, terms = excluded.terms, rouge = excluded.rouge,
          title_words = excluded.title_words, summary_words = excluded.summary_words,
          concept_graph = excluded.concept_graph, mermaid = excluded.mermaid, provenance = excluded.provenance,
          created_at = excluded.created_at
        WHERE excluded.paper_version > analyses.paper_version`),
      // FTS5 rewrites a whole row on update, so the row is written once per analysis: delete, insert.
      // (The index keeps no copy of the text: 005_fts_contentless.sql.)
      ftsDelete: db.prepare('DELETE FROM papers_fts WHERE rowid = ?'),
      ftsInsert: db.prepare(`INSERT INTO papers_fts (rowid, title, abstract, summary, terms)
        SELECT id, title, abstract, @summary, @terms FROM papers WHERE id = @paperId`),
      get: db.prepare<[number, string], AnalysisRow>(`${SELECT} WHERE a.paper_id = ? AND a.analyser_version = ?`),
      latest: db.prepare<[number], AnalysisRow>(`${SELECT} WHERE a.paper_id = ? ORDER BY a.created_at DESC LIMIT 1`),
    };
  }

  /** True when this analyser has already analysed this version of the paper (or a newer one). */
  isCurrent(paperId: number, paperVersion: number, analyserVersion: string): boolean {
    const row = this.stmts.current.get(paperId, analyserVersion);
    return !!row && row.paper_version >= paperVersion;
  }

  /**
   * Stores an analysis and refreshes the paper's full-text entry. Idempotent: saving again for the same
   * paper version changes nothing, so a task that re-runs after a crash cannot duplicate or overwrite.
   * Returns whether a row was written.
   */
  save(paperId: number, analysis: AnalysisInput): boolean {
    return this.saveEncoded(paperId, encodeAnalysis(analysis), analysis.createdAt);
  }

  /** `save` for an analysis already encoded (by a worker thread). */
  saveEncoded(paperId: number, analysis: EncodedAnalysis, createdAt: string): boolean {
    const { termList, ...row } = analysis;
    const changes = this.stmts.save.run({ ...row, paperId, createdAt }).changes;
    if (changes > 0) {
      this.stmts.ftsDelete.run(paperId);
      this.stmts.ftsInsert.run({ paperId, summary: analysis.summary, terms: termList });
    }
    return changes > 0;
  }

  /**
   * Key terms and concept graphs of a run's analysed papers, in run order, read lazily: what the
   * synthesizer needs, without summaries and diagrams. `ref` is the paper's 1-based place in the run,
   * counting every member, so it matches the report's card numbers (P1, P2, ...).
   */
  *graphsForRun(runId: string, analyserVersion: string): Generator<RunPaperGraph> {
    const rows = this.db
      .prepare<[{ runId: string; analyserVersion: string }], { ref: number; arxiv_id: string; title: string; terms: string; concept_graph: string }>(
        `WITH m AS (SELECT paper_id, status, row_number() OVER (ORDER BY position) AS ref FROM run_papers WHERE run_id = @runId)
         SELECT m.ref, p.arxiv_id, p.title, a.terms, a.concept_graph
         FROM m JOIN papers p ON p.id = m.paper_id
         JOIN analyses a ON a.paper_id = m.paper_id AND a.analyser_version = @analyserVersion
         WHERE m.status IN ('analysed', 'skipped') ORDER BY m.ref`,
      )
      .iterate({ runId, analyserVersion });
    for (const r of rows) {
      yield {
        ref: r.ref,
        arxivId: r.arxiv_id,
        title: r.title,
        terms: z.array(KeyTermSchema).parse(JSON.parse(r.terms)),
        conceptGraph: ConceptGraphSchema.parse(JSON.parse(r.concept_graph)),
      };
    }
  }

  /**
   * Every paper of the library (or of one run) with the key terms of its analysis by `analyserVersion`
   * (empty when not analysed), newest first, read lazily: what library-wide reports (demand) need.
   */
  *papersWithTerms(options: { analyserVersion: string; runId?: string }): Generator<PaperWithTerms> {
    const rows = this.db
      .prepare<[{ v: string; run: string | null }], PaperWithTermsRow>(
        `SELECT p.id, p.arxiv_id, p.title, p.abstract, p.authors, p.published, p.categories, p.comment, p.journal_ref, a.terms
         FROM papers p LEFT JOIN analyses a ON a.paper_id = p.id AND a.analyser_version = @v
         WHERE @run IS NULL OR p.id IN (SELECT paper_id FROM run_papers WHERE run_id = @run)
         ORDER BY p.published DESC, p.id DESC`,
      )
      .iterate({ v: options.analyserVersion, run: options.runId ?? null });
    for (const r of rows) {
      yield {
        id: r.id,
        arxivId: r.arxiv_id,
        title: r.title,
        abstract: r.abstract,
        authors: JSON.parse(r.authors) as string[],
        published: r.published,
        categories: JSON.parse(r.categories) as string[],
        comment: r.comment,
        journalRef: r.journal_ref,
        terms: r.terms ? z.array(KeyTermSchema).parse(JSON.parse(r.terms)) : [],
      };
    }
  }

  /** Key terms and concept graphs of the given papers, in the given order (refs 1, 2, ...), lazily. */
  *graphsForPapers(paperIds: number[], analyserVersion: string): Generator<RunPaperGraph> {
    const stmt = this.db.prepare<[number, string], { arxiv_id: string; title: string; terms: string; concept_graph: string }>(
      `SELECT p.arxiv_id, p.title, a.terms, a.concept_graph FROM analyses a JOIN papers p ON p.id = a.paper_id
       WHERE a.paper_id = ? AND a.analyser_version = ?`,
    );
    for (let i = 0; i < paperIds.length; i++) {
      const r = stmt.get(paperIds[i]!, analyserVersion);
      if (!r) continue;
      yield {
        ref: i + 1,
        arxivId: r.arxiv_id,
        title: r.title,
        terms: z.array(KeyTermSchema).parse(JSON.parse(r.terms)),
        conceptGraph: ConceptGraphSchema.parse(JSON.parse(r.concept_graph)),
      };
    }
  }

  /** The analysis by a given analyser version, or null. */
  get(paperId: number, analyserVersion: string): Analysis | null {
    const row = this.stmts.get.get(paperId, analyserVersion);
    return row ? fromRow(row) : null;
  }

  /** The most recent analysis of a paper by any analyser version, or null. */
  latest(paperId: number): Analysis | null {
    const row = this.stmts.latest.get(paperId);
    return row ? fromRow(row) : null;
  }
}
