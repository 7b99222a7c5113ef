-- paperloom library, schema version 2: nightly research runs.
-- A schedule as the user defined it, mirrored from the BullMQ job scheduler of the same name, plus what
-- Redis must not be trusted to keep: the watermark of what was fetched, and the run history.
CREATE TABLE schedules (
  name         TEXT PRIMARY KEY,
  cron         TEXT NOT NULL,
  tz           TEXT NOT NULL,
  request      TEXT NOT NULL,            -- JSON: query, source, categories, max
  export_dir   TEXT,
  formats      TEXT NOT NULL DEFAULT '[]', -- JSON array of export formats
  watermark    TEXT,                     -- newest first-published day fetched by a finished run (YYYY-MM-DD)
  lease_owner  TEXT,                     -- host:pid running it now, if any
  lease_until  INTEGER,                  -- ms since epoch
  last_run_id  TEXT,
  last_run_at  TEXT,
  last_status  TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);

-- The schedule a run was started by (null for runs started by hand).
ALTER TABLE runs ADD COLUMN schedule TEXT;
CREATE INDEX runs_schedule ON runs (schedule);
