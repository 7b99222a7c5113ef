-- paperloom library, schema version 5: the full-text index keeps no copy of the text.
-- papers_fts stored its own copy of every title, abstract, summary and term list beside papers and
-- analyses, which hold them already: about 40% of the file and a quarter of what saving an analysis
-- cost (measured on 40,000 analyses). A contentless table (contentless_delete: rows can still be
-- deleted) indexes the same columns; search hits read the text from papers and analyses (db/search.ts).
-- The index is carried over.
ALTER TABLE papers_fts RENAME TO papers_fts_v4;
CREATE VIRTUAL TABLE papers_fts USING fts5 (
  title, abstract, summary, terms,
  content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO papers_fts (rowid, title, abstract, summary, terms)
  SELECT rowid, title, abstract, summary, terms FROM papers_fts_v4;
DROP TABLE papers_fts_v4;
