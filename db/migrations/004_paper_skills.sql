-- Which taxonomy skills each paper's title and abstract name: the dashboard's skill filter reads it.
-- Keyed by a digest of the taxonomy, so a changed taxonomy is indexed afresh; a newer paper version is
-- indexed again. Filled incrementally (src/skills/paper-index.ts); it holds nothing that cannot be rebuilt.
CREATE TABLE paper_skills_indexed (
  taxonomy      TEXT    NOT NULL,
  paper_id      INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  paper_version INTEGER NOT NULL,
  PRIMARY KEY (taxonomy, paper_id)
) WITHOUT ROWID;

CREATE TABLE paper_skills (
  taxonomy TEXT    NOT NULL,
  skill_id TEXT    NOT NULL,
  paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  mentions INTEGER NOT NULL,
  PRIMARY KEY (taxonomy, skill_id, paper_id)
) WITHOUT ROWID;

CREATE INDEX paper_skills_paper ON paper_skills (paper_id);
