-- eyelet schema 11: the sessions summary is kept by the code that writes events, not by a trigger.
--
-- Where the rules live: source/store/session-summary.ts, the one home of what each column of
-- `sessions` counts or keeps and of when a session has ended (its last SessionStart or SessionEnd in
-- time order). Every writer inserts through source/store/insert.ts insertEvents (eyelet record, eyelet
-- serve, the spool drain, the transcript harvest, rebuilt deliveries, eyelet import), which folds each
-- batch into the summaries in the same transaction, in time order; a prune recomputes the sessions it
-- touched from their rows with the same rules. "Is an error" (the errors column here, error_occurrences
-- in 0002) is source/events/status.ts errorStatuses.
--
-- Why: the trigger of 0001 (restated in 0004) followed arrival order for ended_ts, project, cwd and
-- git_branch, while a recompute follows time order, so a SessionStart drained from the spool after its
-- session's SessionEnd showed the session live again until a prune. And it wrote the summary once per
-- row: about a quarter of an import's write time (measured, why 0004 made imports skip it), and as
-- much again in every group commit of eyelet serve. One write per session per batch replaces it.
-- Summaries written before stay as they are; a batch that finds a session's newest event missing
-- from its summary (written by a build without these rules) recomputes that session.

-- IF EXISTS: the file stands alone, whatever number it lands under.
DROP TRIGGER IF EXISTS events_session_summary;
