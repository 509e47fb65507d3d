-- eyelet schema 7: deliveries to `eyelet serve` that Claude Code reported as failed, per transcript.
-- A missed http delivery is a `hook_non_blocking_error` (or `hook_cancelled`) line in the session
-- transcript; the harvest rebuilds the missed event from the transcript (origin 'transcript',
-- source_key 'rebuilt:<session>:<event>:<hook invocation id>') instead of storing a HookFailure, and
-- counts the failures here, so doctor can say how many were missed and how many were rebuilt.

ALTER TABLE transcripts ADD COLUMN deliveries INTEGER NOT NULL DEFAULT 0;
-- 1 while a rebuild was cut short by its time or size bound: the next harvest of the file finishes it.
ALTER TABLE transcripts ADD COLUMN rebuild_pending INTEGER NOT NULL DEFAULT 0;
