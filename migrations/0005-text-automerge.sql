-- eyelet schema 5: the text index merges its segments 16 at a time instead of FTS5's default 4.
-- Every commit adds a segment; merging four at a time rewrote the index over and over on bulk writes
-- (import, harvest): with 16, writing search text for 200,000 imported events took ~12 instead of
-- ~18 µs a row, and searches were no slower (fewer, larger segments: 0.10 vs 0.25 ms a query on the
-- same 200,000 rows). The setting is stored in the index, so every connection uses it.

INSERT INTO events_text (events_text, rank) VALUES ('automerge', 16);
