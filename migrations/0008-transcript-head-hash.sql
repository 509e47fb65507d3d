-- eyelet schema 8: no transcript bytes in the database. transcripts.head kept the first 256 bytes of
-- each transcript read, raw, to notice a replaced file; a transcript's first line can hold a secret
-- (stored there unredacted), and a payload naming /etc/shadow put that file's head here. A hash of the
-- head tells a replaced file as well: the first head_length bytes (up to 256) hash to head_sha256
-- (hex). A row from before has no hash: its inode and size decide.
--
-- DROP COLUMN alone is not enough: a WITHOUT ROWID table keeps whole rows as divider keys in its
-- interior pages, and those are not rewritten (27 of 300 heads stayed, measured). So every row is
-- copied aside (whatever other columns the table has by now), the table emptied under secure_delete,
-- which zeroes the pages it frees, the column dropped, and the rows put back.

PRAGMA secure_delete = ON;

CREATE TEMP TABLE transcripts_copy AS SELECT * FROM transcripts;
DELETE FROM transcripts;
ALTER TABLE transcripts DROP COLUMN head;
ALTER TABLE temp.transcripts_copy DROP COLUMN head;
INSERT INTO transcripts SELECT * FROM temp.transcripts_copy;
DROP TABLE temp.transcripts_copy;
ALTER TABLE transcripts ADD COLUMN head_length INTEGER;
ALTER TABLE transcripts ADD COLUMN head_sha256 TEXT;

PRAGMA secure_delete = OFF;
