-- eyelet schema 9: Claude Code's own OpenTelemetry, as `eyelet serve` receives it on /v1/logs,
-- /v1/traces and /v1/metrics (source/serve/otlp/). Hooks say what the agent did; this says what it
-- cost and where the time went. The join keys are in both: session.id ↔ session_id, prompt.id ↔
-- prompt_id, tool_use_id.

-- Every record received (a log event, a span, a metric data point), whatever it is: its name, time and
-- join keys, and all of it (attributes, body, resource, scope, ids, fields of the wire format this
-- eyelet does not know) as redacted, bounded JSON, so a later eyelet can read what this one does not use.
-- JSON text, not JSONB: rows are written far more often than read, and jsonb() cost ~15% of ingest.
CREATE TABLE telemetry (
  id          INTEGER PRIMARY KEY,
  -- A hash of the record's content: a request the client sends again (a retry) adds nothing.
  key         BLOB NOT NULL UNIQUE,
  signal      TEXT NOT NULL CHECK (signal IN ('log', 'span', 'metric')),
  name        TEXT NOT NULL,                 -- event.name (api_request, ...), span name, metric name
  ts          INTEGER NOT NULL,              -- the record's time (a span's start), Unix ms
  session_id  TEXT,
  prompt_id   TEXT,
  received_ts INTEGER NOT NULL,
  redactions  INTEGER NOT NULL DEFAULT 0,
  truncated   INTEGER NOT NULL DEFAULT 0,    -- 1 when strings or the record were cut to the bound
  data        TEXT NOT NULL
);
-- No index on session or time: the views read the tables below; a reader of whole records can add one.

-- One row per api_request event: what each call to the model cost, in tokens, dollars and time.
CREATE TABLE api_requests (
  id                    INTEGER PRIMARY KEY,   -- telemetry.id
  session_id            TEXT NOT NULL,
  prompt_id             TEXT,
  agent_id              TEXT,                  -- the subagent that made the call; NULL on the main thread
  ts                    INTEGER NOT NULL,
  model                 TEXT,
  input_tokens          INTEGER NOT NULL DEFAULT 0,
  output_tokens         INTEGER NOT NULL DEFAULT 0,
  cache_read_tokens     INTEGER NOT NULL DEFAULT 0,
  cache_creation_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd              REAL NOT NULL DEFAULT 0,
  duration_ms           INTEGER,
  ttft_ms               INTEGER,
  query_source          TEXT
);
CREATE INDEX api_requests_session ON api_requests (session_id, prompt_id);
CREATE INDEX api_requests_ts ON api_requests (ts);

-- Per session and model, kept by the trigger below, so the sessions list reads a few rows per session
-- instead of summing its calls.
CREATE TABLE session_usage (
  session_id            TEXT NOT NULL,
  model                 TEXT NOT NULL,
  api_calls             INTEGER NOT NULL DEFAULT 0,
  cost_usd              REAL NOT NULL DEFAULT 0,
  input_tokens          INTEGER NOT NULL DEFAULT 0,
  output_tokens         INTEGER NOT NULL DEFAULT 0,
  cache_read_tokens     INTEGER NOT NULL DEFAULT 0,
  cache_creation_tokens INTEGER NOT NULL DEFAULT 0,
  api_ms                INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, model)
) WITHOUT ROWID;

CREATE TRIGGER api_requests_usage AFTER INSERT ON api_requests
BEGIN
  INSERT INTO session_usage (session_id, model, api_calls, cost_usd, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, api_ms)
  VALUES (NEW.session_id, coalesce(NEW.model, ''), 1, NEW.cost_usd, NEW.input_tokens, NEW.output_tokens, NEW.cache_read_tokens,
          NEW.cache_creation_tokens, coalesce(NEW.duration_ms, 0))
  ON CONFLICT (session_id, model) DO UPDATE SET
    api_calls             = api_calls + 1,
    cost_usd              = cost_usd + excluded.cost_usd,
    input_tokens          = input_tokens + excluded.input_tokens,
    output_tokens         = output_tokens + excluded.output_tokens,
    cache_read_tokens     = cache_read_tokens + excluded.cache_read_tokens,
    cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
    api_ms                = api_ms + excluded.api_ms;
END;

-- Per prompt, kept by the triggers below: its API calls (its subagents' included: they carry the
-- prompt id of the prompt that started them) and its UserPromptSubmit hooks' time. The timeline reads
-- a session's prompts as one short range instead of grouping its calls and scanning its hook runs.
CREATE TABLE prompt_usage (
  session_id            TEXT NOT NULL,
  prompt_id             TEXT NOT NULL,
  api_calls             INTEGER NOT NULL DEFAULT 0,
  cost_usd              REAL NOT NULL DEFAULT 0,
  input_tokens          INTEGER NOT NULL DEFAULT 0,
  output_tokens         INTEGER NOT NULL DEFAULT 0,
  cache_read_tokens     INTEGER NOT NULL DEFAULT 0,
  cache_creation_tokens INTEGER NOT NULL DEFAULT 0,
  api_ms                INTEGER NOT NULL DEFAULT 0,
  hook_ms               INTEGER,
  PRIMARY KEY (session_id, prompt_id)
) WITHOUT ROWID;

CREATE TRIGGER api_requests_prompt_usage AFTER INSERT ON api_requests WHEN NEW.prompt_id IS NOT NULL
BEGIN
  INSERT INTO prompt_usage (session_id, prompt_id, api_calls, cost_usd, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, api_ms)
  VALUES (NEW.session_id, NEW.prompt_id, 1, NEW.cost_usd, NEW.input_tokens, NEW.output_tokens, NEW.cache_read_tokens, NEW.cache_creation_tokens,
          coalesce(NEW.duration_ms, 0))
  ON CONFLICT (session_id, prompt_id) DO UPDATE SET
    api_calls             = api_calls + 1,
    cost_usd              = cost_usd + excluded.cost_usd,
    input_tokens          = input_tokens + excluded.input_tokens,
    output_tokens         = output_tokens + excluded.output_tokens,
    cache_read_tokens     = cache_read_tokens + excluded.cache_read_tokens,
    cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
    api_ms                = api_ms + excluded.api_ms;
END;

-- Spans, narrow: what joins them (a blocked_on_user span to its tool span's tool_use_id). The whole
-- span is in telemetry.
CREATE TABLE spans (
  span_id        TEXT PRIMARY KEY,
  trace_id       TEXT,
  parent_span_id TEXT,
  name           TEXT NOT NULL,
  session_id     TEXT,
  start_ms       INTEGER NOT NULL,
  end_ms         INTEGER NOT NULL,
  tool_use_id    TEXT
) WITHOUT ROWID;
CREATE INDEX spans_parent ON spans (parent_span_id) WHERE parent_span_id IS NOT NULL;

-- One row per tool call the client reported on, by tool_use_id: its result, the permission decision
-- and how long the call waited for it, from tool_result, tool_decision and the tool spans, whichever
-- arrive first; and the time of its PreToolUse and PostToolUse hooks, once their runs are placed.
CREATE TABLE tool_telemetry (
  session_id         TEXT NOT NULL,
  tool_use_id        TEXT NOT NULL,
  tool               TEXT,
  agent_id           TEXT,                   -- the subagent that made the call; NULL on the main thread
  prompt_id          TEXT,
  success            INTEGER,
  duration_ms        INTEGER,                -- tool_result: the call as the client timed it
  decision           TEXT,                   -- accept, reject
  decision_source    TEXT,                   -- config, user_temporary, user_permanent, hook, ...
  permission_wait_ms INTEGER,                -- claude_code.tool.blocked_on_user
  execution_ms       INTEGER,                -- claude_code.tool.execution
  -- On the client's clock: when the call started (its span, else its tool_decision: its PreToolUse
  -- hooks had finished) and when tool_result was logged (its PostToolUse hooks start next).
  started_ms         INTEGER,
  result_ms          INTEGER,
  pre_hook_ms        INTEGER,
  post_hook_ms       INTEGER,
  PRIMARY KEY (session_id, tool_use_id)
) WITHOUT ROWID;
-- Placing a hook run: the calls of a tool in a session, by start.
CREATE INDEX tool_telemetry_tool ON tool_telemetry (session_id, tool, started_ms);

-- One row per hook_execution_complete: one hook event's hooks (all of them, run in parallel) as the
-- client timed them, and how they ended. A run names no tool call: a PreToolUse run is placed on the
-- call whose start came first after it ended, a PostToolUse run on the call whose result came last
-- before it started (source/store/telemetry-write.ts). Clustered by session: a timeline reads its session's runs as
-- one range (a rowid table with an index on session_id took 7 ms for a 2,000-event session's runs).
CREATE TABLE hook_runs (
  session_id      TEXT NOT NULL,
  start_ms        INTEGER NOT NULL,          -- the completion's time less total_duration_ms
  id              INTEGER NOT NULL,          -- telemetry.id
  prompt_id       TEXT,
  agent_id        TEXT,
  hook_event      TEXT NOT NULL,             -- PreToolUse, Stop, ...
  hook_name       TEXT NOT NULL,             -- PreToolUse:Bash, SessionStart:startup, ...
  end_ms          INTEGER NOT NULL,
  duration_ms     INTEGER NOT NULL,
  hooks           INTEGER NOT NULL DEFAULT 0,
  succeeded       INTEGER NOT NULL DEFAULT 0,
  blocking        INTEGER NOT NULL DEFAULT 0,
  non_blocking    INTEGER NOT NULL DEFAULT 0,
  cancelled       INTEGER NOT NULL DEFAULT 0,
  tool_use_id     TEXT,                      -- the tool call a PreToolUse/PostToolUse run was placed on
  PRIMARY KEY (session_id, start_ms, id)
) WITHOUT ROWID;
-- Placing a tool call's runs: the runs of a hook name not yet placed, by end.
CREATE INDEX hook_runs_unplaced ON hook_runs (session_id, hook_name, end_ms) WHERE tool_use_id IS NULL;

-- Per hook name, kept by the trigger below, so the hooks view never reads every run. A run with one
-- hook is that hook's time alone: `solo_*` lets the view tell eyelet's own share.
CREATE TABLE hook_time (
  hook_name     TEXT PRIMARY KEY,
  hook_event    TEXT NOT NULL,
  runs          INTEGER NOT NULL DEFAULT 0,
  hooks         INTEGER NOT NULL DEFAULT 0,
  total_ms      INTEGER NOT NULL DEFAULT 0,
  max_ms        INTEGER NOT NULL DEFAULT 0,
  solo_runs     INTEGER NOT NULL DEFAULT 0,
  solo_ms       INTEGER NOT NULL DEFAULT 0,
  blocking      INTEGER NOT NULL DEFAULT 0,
  non_blocking  INTEGER NOT NULL DEFAULT 0,
  cancelled     INTEGER NOT NULL DEFAULT 0,
  first_ts      INTEGER NOT NULL,
  last_ts       INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER hook_runs_prompt AFTER INSERT ON hook_runs WHEN NEW.hook_event = 'UserPromptSubmit' AND NEW.prompt_id IS NOT NULL
BEGIN
  INSERT INTO prompt_usage (session_id, prompt_id, hook_ms) VALUES (NEW.session_id, NEW.prompt_id, NEW.duration_ms)
  ON CONFLICT (session_id, prompt_id) DO UPDATE SET hook_ms = coalesce(hook_ms, 0) + excluded.hook_ms;
END;

CREATE TRIGGER hook_runs_time AFTER INSERT ON hook_runs
BEGIN
  INSERT INTO hook_time (hook_name, hook_event, runs, hooks, total_ms, max_ms, solo_runs, solo_ms, blocking, non_blocking, cancelled, first_ts, last_ts)
  VALUES (NEW.hook_name, NEW.hook_event, 1, NEW.hooks, NEW.duration_ms, NEW.duration_ms, NEW.hooks = 1, CASE WHEN NEW.hooks = 1 THEN NEW.duration_ms ELSE 0 END,
          NEW.blocking, NEW.non_blocking, NEW.cancelled, NEW.end_ms, NEW.end_ms)
  ON CONFLICT (hook_name) DO UPDATE SET
    runs         = runs + 1,
    hooks        = hooks + excluded.hooks,
    total_ms     = total_ms + excluded.total_ms,
    max_ms       = max(max_ms, excluded.max_ms),
    solo_runs    = solo_runs + excluded.solo_runs,
    solo_ms      = solo_ms + excluded.solo_ms,
    blocking     = blocking + excluded.blocking,
    non_blocking = non_blocking + excluded.non_blocking,
    cancelled    = cancelled + excluded.cancelled,
    first_ts     = min(first_ts, excluded.first_ts),
    last_ts      = max(last_ts, excluded.last_ts);
END;
