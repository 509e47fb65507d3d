-- eyelet schema 1: one row per hook invocation, the payload as JSONB, and what the viewers filter on.
-- Applied by source/store/migrate.ts inside one BEGIN IMMEDIATE transaction that re-checks user_version.

CREATE TABLE events (
  -- AUTOINCREMENT: ids are never reused after a prune, so "id > last seen" polling and triage stay valid.
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  ts            INTEGER NOT NULL,                    -- the recorder's clock (or the source's, on import), Unix ms
  status        TEXT NOT NULL CHECK (status IN ('ok', 'error', 'denied', 'invalid')),
  origin        TEXT NOT NULL DEFAULT 'hook',        -- hook | import | harvest (rows derived from transcripts)
  project       TEXT,                                -- CLAUDE_PROJECT_DIR, else the payload's cwd
  hostname      TEXT,
  git_branch    TEXT,
  git_commit    TEXT,
  duration_ms   INTEGER,
  summary       TEXT,                                -- one line: command, file path, prompt excerpt, error
  signature     TEXT,                                -- error grouping key (events/signature.ts); NULL when ok
  redactions    INTEGER NOT NULL DEFAULT 0,          -- secrets replaced before the row was written
  payload_bytes INTEGER NOT NULL,                    -- size of the input as received
  truncated     INTEGER NOT NULL DEFAULT 0,          -- 1 when the stored payload was cut to the size cap
  source_key    TEXT UNIQUE,                         -- dedupe key of imported, harvested and spooled rows
  custom        BLOB,                                -- JSONB of the custom fields from config
  raw           BLOB,                                -- first bytes of input that was not a usable payload
  payload       BLOB,                                -- JSONB of the redacted payload

  -- Generated from the payload so the stored JSON stays the single source of truth.
  session_id    TEXT GENERATED ALWAYS AS (payload ->> '$.session_id') STORED,
  event         TEXT GENERATED ALWAYS AS (payload ->> '$.hook_event_name') STORED,
  tool          TEXT GENERATED ALWAYS AS (payload ->> '$.tool_name') STORED,
  tool_use_id   TEXT GENERATED ALWAYS AS (payload ->> '$.tool_use_id') STORED,
  agent_id      TEXT GENERATED ALWAYS AS (payload ->> '$.agent_id') STORED,
  agent_type    TEXT GENERATED ALWAYS AS (payload ->> '$.agent_type') STORED,
  cwd           TEXT GENERATED ALWAYS AS (payload ->> '$.cwd') STORED
);

-- Every viewer filter pairs with id so keyset pagination ("id < ? ORDER BY id DESC") stays on one index.
CREATE INDEX events_ts        ON events (ts);
CREATE INDEX events_session   ON events (session_id, id);
CREATE INDEX events_event     ON events (event, id);
CREATE INDEX events_tool      ON events (tool, id) WHERE tool IS NOT NULL;
CREATE INDEX events_project   ON events (project, id);
CREATE INDEX events_problems  ON events (status, id) WHERE status <> 'ok';
CREATE INDEX events_signature ON events (signature, id) WHERE signature IS NOT NULL;
CREATE INDEX events_tool_use  ON events (tool_use_id) WHERE tool_use_id IS NOT NULL;
CREATE INDEX events_agent     ON events (agent_id, id) WHERE agent_id IS NOT NULL;

-- Text search over summary and payload strings. Trigram makes '%needle%' an index lookup (0.35 ms vs
-- 450 ms for a LIKE scan on a million rows); contentless because the text already lives in events.
CREATE VIRTUAL TABLE events_text USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'trigram');

-- One row per session, kept current by a trigger so the sessions list never groups a million rows.
CREATE TABLE sessions (
  session_id  TEXT PRIMARY KEY,
  project     TEXT,
  cwd         TEXT,
  git_branch  TEXT,
  first_ts    INTEGER NOT NULL,
  last_ts     INTEGER NOT NULL,
  first_id    INTEGER NOT NULL,
  last_id     INTEGER NOT NULL,
  events      INTEGER NOT NULL DEFAULT 0,
  prompts     INTEGER NOT NULL DEFAULT 0,
  tool_calls  INTEGER NOT NULL DEFAULT 0,
  errors      INTEGER NOT NULL DEFAULT 0,
  subagents   INTEGER NOT NULL DEFAULT 0,
  ended_ts    INTEGER,
  end_reason  TEXT
);
CREATE INDEX sessions_last ON sessions (last_ts);

CREATE TRIGGER events_session_summary AFTER INSERT ON events WHEN NEW.session_id IS NOT NULL
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

-- Small key/value state: last retention run, and the like.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;
