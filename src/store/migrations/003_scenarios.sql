-- A scenario: a dataset, a patch and a policy, solved as a job; its plan is the job's plan.
CREATE TABLE scenarios (
  id          TEXT PRIMARY KEY,
  dataset_id  TEXT NOT NULL REFERENCES datasets (id),
  name        TEXT NOT NULL,
  patch       TEXT NOT NULL,                   -- JSON: the Patch as given
  policy      TEXT NOT NULL,                   -- JSON: the scenario's policy before resolution
  job_id      TEXT NOT NULL REFERENCES jobs (id),
  court_path  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX scenarios_by_dataset ON scenarios (dataset_id);
