-- eyelet schema 7: no transcript bytes in the database. transcripts.head kept the first 256 bytes of
-- each transcript read, raw, to notice a replaced file; a transcript's first line can hold a secret
-- (stored there unredacted), and a payload naming /etc/shadow put that file's head here. A hash of the
-- head tells a replaced file as well: the first head_length bytes hash to head_sha256 (hex).
--
-- The table is rebuilt rather than altered: DROP COLUMN leaves old rows in the b-tree's interior
-- pages (a WITHOUT ROWID table keeps whole rows there), and secure_delete zeroes the pages the old
-- table frees, so no head survives in free space.

PRAGMA secure_delete = ON;

CREATE TABLE transcripts_v7 (
  path         TEXT PRIMARY KEY,
  session_id   TEXT,
  -- Bytes read so far, always at the start of a line: a half-written last line is read next time.
  position     INTEGER NOT NULL DEFAULT 0,
  -- What the file was when last read: a different inode or device, a size below position, or first
  -- bytes with another hash mean it shrank or was replaced, and reading starts over (source_key makes
  -- that safe). A row from before schema 7 has no hash: inode and size decide.
  file_id      TEXT,                    -- 'device:inode' (as text: inode numbers can pass 2^53)
  head_length  INTEGER,                 -- how many bytes from the start head_sha256 covers (up to 256)
  head_sha256  TEXT,
  failures     INTEGER NOT NULL DEFAULT 0,
  malformed    INTEGER NOT NULL DEFAULT 0,
  restarts     INTEGER NOT NULL DEFAULT 0,
  read_ts      INTEGER
) WITHOUT ROWID;

INSERT INTO transcripts_v7 (path, session_id, position, file_id, failures, malformed, restarts, read_ts)
  SELECT path, session_id, position, file_id, failures, malformed, restarts, read_ts FROM transcripts;
DROP TABLE transcripts;
ALTER TABLE transcripts_v7 RENAME TO transcripts;

PRAGMA secure_delete = OFF;
