-- eyelet schema 10: what `eyelet serve` has exported to the team's OpenTelemetry collector
-- (source/serve/export/). One row per stream ('otlp/logs', 'otlp/traces'): the collector acknowledged
-- every event with start_id < id <= acked_id; a restart resumes after acked_id, so an event is sent at
-- least once and never skipped. `eyelet export --since` lowers start_id as it backfills history.
CREATE TABLE export_cursors (
  stream        TEXT PRIMARY KEY,
  start_id      INTEGER NOT NULL,          -- export began after this event id
  acked_id      INTEGER NOT NULL,          -- the last event id the collector acknowledged (with all before it)
  acked_ts      INTEGER,                   -- when it did, Unix ms
  exported      INTEGER NOT NULL DEFAULT 0,-- records acknowledged so far (log records, or spans)
  endpoint      TEXT,                      -- where the last batch went
  last_error    TEXT,                      -- the last failed export, in one line (kept after a success: see acked_ts)
  last_error_ts INTEGER
) WITHOUT ROWID;
