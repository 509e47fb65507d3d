-- eyelet schema 3: how far each Claude Code transcript has been read for hook failures.
-- Hook failures themselves are ordinary events rows (event 'HookFailure', origin 'harvest',
-- source_key 'harvest:<transcript line uuid>'), so every view, filter and triage step sees them.

CREATE TABLE transcripts (
  path        TEXT PRIMARY KEY,
  session_id  TEXT,
  -- Bytes read so far, always at the start of a line: a half-written last line is read next time.
  position    INTEGER NOT NULL DEFAULT 0,
  -- What the file was when last read: a different inode or device, a size below position, or other
  -- first bytes mean it shrank or was replaced, and reading starts over (source_key makes that safe).
  file_id     TEXT,                    -- 'device:inode' (as text: inode numbers can pass 2^53)
  head        BLOB,                    -- the first bytes (up to 256)
  -- Since the last start-over: hook failures found, and lines that were not JSON objects (skipped);
  -- restarts counts every start-over.
  failures    INTEGER NOT NULL DEFAULT 0,
  malformed   INTEGER NOT NULL DEFAULT 0,
  restarts    INTEGER NOT NULL DEFAULT 0,
  read_ts     INTEGER
) WITHOUT ROWID;
