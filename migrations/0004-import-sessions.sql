-- eyelet schema 4: imported events skip the per-row sessions trigger.
-- `eyelet import` writes thousands of rows per transaction; the trigger's per-row upsert cost about a
-- quarter of its write time (measured), and its arrival-order logic is wrong for history imported out
-- of time order. The importer instead recomputes the summary rows of the sessions each batch touched,
-- in the same transaction (store/bulk.ts, store/retention.ts recomputeSessions). Every other origin
-- (hook, harvest, spool) keeps the trigger exactly as in 0001.

DROP TRIGGER events_session_summary;

CREATE TRIGGER events_session_summary AFTER INSERT ON events WHEN NEW.session_id IS NOT NULL AND NEW.origin <> 'import'
BEGIN
  INSERT INTO sessions (session_id, project, cwd, git_branch, first_ts, last_ts, first_id, last_id,
                        events, prompts, tool_calls, errors, subagents, ended_ts, end_reason)
  VALUES (NEW.session_id, NEW.project, NEW.cwd, NEW.git_branch, NEW.ts, NEW.ts, NEW.id, NEW.id, 1,
          NEW.event = 'UserPromptSubmit', NEW.event = 'PreToolUse', NEW.status IN ('error', 'invalid'),
          NEW.event = 'SubagentStart',
          CASE WHEN NEW.event = 'SessionEnd' THEN NEW.ts END,
          CASE WHEN NEW.event = 'SessionEnd' THEN coalesce(NEW.payload ->> '$.reason', 'other') END)
  ON CONFLICT (session_id) DO UPDATE SET
    project    = coalesce(sessions.project, excluded.project),
    cwd        = coalesce(sessions.cwd, excluded.cwd),
    git_branch = coalesce(excluded.git_branch, sessions.git_branch),
    first_ts   = min(sessions.first_ts, excluded.first_ts),
    last_ts    = max(sessions.last_ts, excluded.last_ts),
    last_id    = max(sessions.last_id, excluded.last_id),
    events     = sessions.events + 1,
    prompts    = sessions.prompts + excluded.prompts,
    tool_calls = sessions.tool_calls + excluded.tool_calls,
    errors     = sessions.errors + excluded.errors,
    subagents  = sessions.subagents + excluded.subagents,
    -- A session resumed after SessionEnd is live again.
    ended_ts   = CASE WHEN NEW.event = 'SessionStart' THEN NULL ELSE coalesce(excluded.ended_ts, sessions.ended_ts) END,
    end_reason = CASE WHEN NEW.event = 'SessionStart' THEN NULL ELSE coalesce(excluded.end_reason, sessions.end_reason) END;
END;
