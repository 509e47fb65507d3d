-- eyelet schema 2: error groups and their triage.

-- Every error occurrence (status error or invalid, with a signature), narrow and clustered by signature,
-- so the error pane groups them without reading the wide events rows: on a million events (2.2 GB,
-- 40k errors) grouping through events_signature took ~900 ms, nearly all of it fetching ts, session and
-- project from the rows; grouping this table takes ~50 ms. Kept by the triggers below; filled once here
-- through events_signature, which touches only the error rows (~2 s on that database, once).
CREATE TABLE error_occurrences (
  signature  TEXT NOT NULL,
  id         INTEGER NOT NULL,                     -- events.id
  ts         INTEGER NOT NULL,
  session_id TEXT,
  project    TEXT,
  PRIMARY KEY (signature, id)
) WITHOUT ROWID;

INSERT INTO error_occurrences (signature, id, ts, session_id, project)
  SELECT signature, id, ts, session_id, project FROM events
  WHERE signature IS NOT NULL AND status IN ('error', 'invalid');

-- "Next error after this event" (the stream's e/E) walks occurrences in id order; the sparkline reads
-- only its window (the last day) in time order.
CREATE INDEX error_occurrences_id ON error_occurrences (id);
CREATE INDEX error_occurrences_ts ON error_occurrences (ts);
-- Muted groups leave the sessions' error counts too: a session's occurrences by session.
CREATE INDEX error_occurrences_session ON error_occurrences (session_id);

CREATE TRIGGER events_error_occurrence AFTER INSERT ON events
  WHEN NEW.signature IS NOT NULL AND NEW.status IN ('error', 'invalid')
BEGIN
  INSERT OR IGNORE INTO error_occurrences (signature, id, ts, session_id, project)
  VALUES (NEW.signature, NEW.id, NEW.ts, NEW.session_id, NEW.project);
END;

-- Pruned events leave their groups; the triage decision (keyed by signature) stays.
CREATE TRIGGER events_error_occurrence_pruned AFTER DELETE ON events WHEN OLD.signature IS NOT NULL
BEGIN
  DELETE FROM error_occurrences WHERE signature = OLD.signature AND id = OLD.id;
END;

-- One decision per signature. seen_id is the newest occurrence the decision covered: occurrences with a
-- higher id are new (unacknowledged), and a resolved group with one is a regression. Both are computed
-- when read, so the recorder never touches this table and the decision itself is never rewritten.
CREATE TABLE triage (
  signature  TEXT PRIMARY KEY,
  state      TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'muted', 'resolved')),
  changed_ts INTEGER NOT NULL,                     -- when the decision was taken, Unix ms
  seen_id    INTEGER NOT NULL
) WITHOUT ROWID;

-- Every change, with the row it replaced, so `u` / `eyelet triage undo` can restore it from any process.
CREATE TABLE triage_log (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  signature      TEXT NOT NULL,
  action         TEXT NOT NULL,                    -- ack | mute | resolve | reopen
  ts             INTEGER NOT NULL,
  before_state   TEXT,                             -- NULL: the signature had no decision before
  before_ts      INTEGER,
  before_seen_id INTEGER,
  after_state    TEXT NOT NULL,
  after_seen_id  INTEGER NOT NULL,
  undone_ts      INTEGER                           -- set when undone; undo takes the newest entry without it
);
