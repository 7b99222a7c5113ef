-- The full-text index merges its segments once 16 of a size have piled up (FTS5's default is 4): every
-- batch of analyses commits a segment, and merging less often costs 145 -> 134 µs a paper to index
-- 40,717 papers in batches of 200, with the same query times (8.7 / 8.3 ms for five OR-queries;
-- microbenchmark). The setting is stored in the index itself.
INSERT INTO papers_fts (papers_fts, rank) VALUES ('automerge', 16);
