-- paperloom library, schema version 3: LLM agents.
-- Which agent wrote each part of an analysis: JSON {summarizer: {by, fallback}, terms: {by, fallback}};
-- null for analyses by the deterministic agents alone.
ALTER TABLE analyses ADD COLUMN provenance TEXT;

-- Every LLM call: tokens, cost, outcome. Per paper and per run figures are sums over this table.
CREATE TABLE llm_calls (
  id             INTEGER PRIMARY KEY,
  run_id         TEXT,                 -- null for a call outside a run (ask)
  paper_id       INTEGER REFERENCES papers (id) ON DELETE SET NULL,
  agent          TEXT NOT NULL,        -- summarizer, terms, synthesizer, answer
  model          TEXT NOT NULL,        -- openai:<model>
  attempt        INTEGER NOT NULL,     -- 1, then 2 and 3 for repairs
  input_tokens   INTEGER NOT NULL,
  output_tokens  INTEGER NOT NULL,
  cost_usd       REAL,                 -- null when the model has no price
  outcome        TEXT NOT NULL,        -- ok, invalid, truncated, refused, error
  error          TEXT,
  duration_ms    INTEGER NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX llm_calls_run ON llm_calls (run_id);
CREATE INDEX llm_calls_paper ON llm_calls (paper_id);

-- The analyser version a run analysed with (null for runs before this version: the deterministic one),
-- and what its LLM agents were: JSON {agents, budgetUsd, budgetReachedAt, unavailable}; null without.
ALTER TABLE runs ADD COLUMN analyser_version TEXT;
ALTER TABLE runs ADD COLUMN llm TEXT;
