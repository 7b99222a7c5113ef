-- paperloom library, schema version 1.
-- Papers are keyed by arXiv id without version; a newer version replaces an older one in place.
CREATE TABLE papers (
  id               INTEGER PRIMARY KEY,
  arxiv_id         TEXT NOT NULL UNIQUE,
  version          INTEGER NOT NULL CHECK (version >= 1),
  title            TEXT NOT NULL,
  abstract         TEXT NOT NULL,
  authors          TEXT NOT NULL,            -- JSON array of names
  published        TEXT,                     -- ISO 8601, first version
  updated          TEXT,                     -- ISO 8601, latest version
  primary_category TEXT,
  categories       TEXT NOT NULL,            -- JSON array, primary first
  abs_url          TEXT NOT NULL,
  pdf_url          TEXT,
  doi              TEXT,
  comment          TEXT,
  journal_ref      TEXT,
  first_seen_at    TEXT NOT NULL,
  last_seen_at     TEXT NOT NULL
);
CREATE INDEX papers_published ON papers (published);

-- One row per `paperloom run`. The run id is also the LangGraph thread id of its checkpoints.
CREATE TABLE runs (
  id           TEXT PRIMARY KEY,
  query        TEXT NOT NULL,
  source       TEXT NOT NULL,
  params       TEXT NOT NULL,               -- JSON: the whole run request
  status       TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed')),
  created_at   TEXT NOT NULL,
  started_at   TEXT,
  finished_at  TEXT,
  pid          INTEGER,                     -- process running it, to refuse a concurrent resume
  papers       INTEGER NOT NULL DEFAULT 0,
  analysed     INTEGER NOT NULL DEFAULT 0,
  skipped      INTEGER NOT NULL DEFAULT 0,
  failed       INTEGER NOT NULL DEFAULT 0,
  report_path  TEXT,
  error        TEXT
);

-- Which papers a run holds, in fetch order, and what happened to each.
CREATE TABLE run_papers (
  run_id    TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  paper_id  INTEGER NOT NULL REFERENCES papers (id),
  position  INTEGER NOT NULL,
  status    TEXT NOT NULL CHECK (status IN ('pending', 'analysed', 'skipped', 'failed')),
  error     TEXT,
  PRIMARY KEY (run_id, paper_id)
) WITHOUT ROWID;
CREATE INDEX run_papers_paper ON run_papers (paper_id);

-- Per-paper analysis, one per analyser version. paper_version says which version of the paper it read.
CREATE TABLE analyses (
  paper_id         INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  analyser_version TEXT NOT NULL,
  paper_version    INTEGER NOT NULL,
  summary          TEXT NOT NULL,
  tldr             TEXT NOT NULL,
  terms            TEXT NOT NULL,             -- JSON [{term, score}]
  rouge            TEXT NOT NULL,             -- JSON {rouge1, rouge2, rougeL} each {p, r, f}
  title_words      INTEGER NOT NULL,
  summary_words    INTEGER NOT NULL,
  concept_graph    TEXT NOT NULL,             -- JSON {nodes, edges}
  mermaid          TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  PRIMARY KEY (paper_id, analyser_version)
) WITHOUT ROWID;

-- The consolidated synthesis of a run (concept map, glossary, demand).
CREATE TABLE syntheses (
  run_id     TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  content    TEXT NOT NULL,                   -- JSON, see agents/synthesizer/schema.ts
  mermaid    TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Report files written for a run, one per format. Reports are rendered from the library, so the library
-- keeps where and when, not a second copy of the text.
CREATE TABLE reports (
  run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  format     TEXT NOT NULL,
  path       TEXT NOT NULL,
  bytes      INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, format)
) WITHOUT ROWID;

-- Full-text index over what questions will search: title, abstract, summary and key terms of analysed
-- papers. rowid = papers.id; written by db/analyses.ts when an analysis is saved, dropped by
-- db/papers.ts when a newer version of the paper arrives (until it is analysed again).
CREATE VIRTUAL TABLE papers_fts USING fts5 (
  title, abstract, summary, terms,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
