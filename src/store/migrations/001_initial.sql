-- The first schema: keys, datasets, plan inputs, plans and their lifecycle, jobs, the audit log.
-- `court_path` columns hold the JSON array of court ids from the tree's root down to the deciding
-- court: a caller sees a row when its court is on that path (the SPC sees every row).

CREATE TABLE api_keys (
  id          TEXT PRIMARY KEY,
  key_hash    BLOB NOT NULL UNIQUE,            -- sha256 of the key; keys are never stored in the clear
  user        TEXT NOT NULL,
  court_id    TEXT,                            -- NULL: the Supreme People's Court
  role        TEXT NOT NULL CHECK (role IN ('analyst', 'approver', 'admin')),
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
);

CREATE TABLE datasets (
  id          TEXT PRIMARY KEY,
  owner_court_id TEXT,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  body        TEXT NOT NULL                    -- JSON: courts, cases, conflicts
);

-- Requests are kept once and shared by every plan version and job made from them.
CREATE TABLE plan_inputs (
  id          TEXT PRIMARY KEY,                -- sha256 of the request's JSON
  request     TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE plans (
  id          TEXT PRIMARY KEY,
  lineage_id  TEXT NOT NULL,                   -- id of version 1; overrides make later versions
  version     INTEGER NOT NULL CHECK (version >= 1),
  parent_id   TEXT REFERENCES plans (id),
  lifecycle   TEXT NOT NULL CHECK (lifecycle IN ('proposed', 'approved', 'ruled', 'superseded')),
  deciding_court_id TEXT NOT NULL,
  court_path  TEXT NOT NULL,
  status      TEXT NOT NULL,
  objective   REAL NOT NULL,
  lower_bound REAL NOT NULL,
  gap         REAL NOT NULL,
  input_id    TEXT NOT NULL REFERENCES plan_inputs (id),
  input_hash  TEXT NOT NULL,
  seed        TEXT NOT NULL,
  solver_version TEXT NOT NULL,
  policy      TEXT NOT NULL,                   -- JSON: the resolved policy, every field
  options     TEXT NOT NULL,                   -- JSON: timeLimitMs, gapTolerance, seed of the solve
  body        TEXT NOT NULL,                   -- JSON: the Plan as answered
  requested_by TEXT NOT NULL,
  job_id      TEXT,
  created_at  TEXT NOT NULL,
  UNIQUE (lineage_id, version)
);
CREATE INDEX plans_by_lineage ON plans (lineage_id, version);

CREATE TABLE jobs (
  id          TEXT PRIMARY KEY,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  deciding_court_id TEXT NOT NULL,
  court_path  TEXT NOT NULL,
  caller      TEXT NOT NULL,                   -- JSON: key id, user, court, role of who asked
  input_id    TEXT NOT NULL REFERENCES plan_inputs (id),
  policy      TEXT NOT NULL,
  options     TEXT NOT NULL,                   -- JSON: timeLimitMs, gapTolerance, seed
  progress    TEXT,                            -- JSON: the last progress reported
  plan_id     TEXT REFERENCES plans (id),
  error       TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  attempts    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  started_at  TEXT,
  finished_at TEXT
);
CREATE INDEX jobs_by_status ON jobs (status, created_at);

CREATE TABLE approvals (
  id          INTEGER PRIMARY KEY,
  plan_id     TEXT NOT NULL REFERENCES plans (id),
  step        TEXT NOT NULL CHECK (step IN ('approved', 'ruled')),
  by_key      TEXT NOT NULL,
  by_user     TEXT NOT NULL,
  by_court    TEXT,
  note        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE overrides (
  id          INTEGER PRIMARY KEY,
  plan_id     TEXT NOT NULL REFERENCES plans (id),      -- the version the override made
  base_plan_id TEXT NOT NULL REFERENCES plans (id),     -- the version it changed
  case_id     TEXT NOT NULL,
  court_id    TEXT NOT NULL,
  mode        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  by_key      TEXT NOT NULL,
  by_user     TEXT NOT NULL,
  by_court    TEXT,
  created_at  TEXT NOT NULL
);

-- Append-only: triggers refuse to change or remove a row, and each row carries the sha256 of the
-- previous row's hash and its own content, so a row removed with the triggers dropped still shows.
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  at          TEXT NOT NULL,
  action      TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id  TEXT NOT NULL,
  court_path  TEXT NOT NULL,
  actor_key   TEXT NOT NULL,
  actor_user  TEXT NOT NULL,
  actor_court TEXT,
  detail      TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_by_subject ON audit_log (subject_type, subject_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be removed'); END;
CREATE TRIGGER approvals_no_update BEFORE UPDATE ON approvals
BEGIN SELECT RAISE(ABORT, 'approvals are records: rows cannot be changed'); END;
CREATE TRIGGER approvals_no_delete BEFORE DELETE ON approvals
BEGIN SELECT RAISE(ABORT, 'approvals are records: rows cannot be removed'); END;
CREATE TRIGGER overrides_no_update BEFORE UPDATE ON overrides
BEGIN SELECT RAISE(ABORT, 'overrides are records: rows cannot be changed'); END;
CREATE TRIGGER overrides_no_delete BEFORE DELETE ON overrides
BEGIN SELECT RAISE(ABORT, 'overrides are records: rows cannot be removed'); END;
