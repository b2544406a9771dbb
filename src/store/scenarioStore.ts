import type { Caller } from '../caller.js';
import type { Db } from './database.js';
import { visibleTo } from './visibility.js';

export interface ScenarioRecord {
  id: string;
  datasetId: string;
  name: string;
  patch: unknown;
  jobId: string;
  status: string;
  planId: string | null;
  createdAt: string;
}

/** Scenarios: what was varied, and the job (and so the plan) that answered it. */
export class ScenarioStore {
  constructor(private readonly db: Db) {}

  insert(scenario: { id: string; datasetId: string; name: string; patch: unknown; policy: unknown; jobId: string; courtPath: string[]; createdBy: Caller }): void {
    this.db
      .prepare('INSERT INTO scenarios (id, dataset_id, name, patch, policy, job_id, court_path, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(scenario.id, scenario.datasetId, scenario.name, JSON.stringify(scenario.patch ?? {}), JSON.stringify(scenario.policy ?? {}), scenario.jobId, JSON.stringify(scenario.courtPath), scenario.createdBy.user, new Date().toISOString());
  }

  getVisible(id: string, caller: Caller): ScenarioRecord | null {
    const row = this.db
      .prepare(`SELECT scenarios.id, dataset_id, name, patch, job_id, jobs.status, jobs.plan_id, scenarios.created_at FROM scenarios JOIN jobs ON jobs.id = scenarios.job_id
        WHERE scenarios.id = @id AND ${visibleTo('scenarios.court_path')}`)
      .get({ id, courtId: caller.courtId }) as { id: string; dataset_id: string; name: string; patch: string; job_id: string; status: string; plan_id: string | null; created_at: string } | undefined;
    return row ? { id: row.id, datasetId: row.dataset_id, name: row.name, patch: JSON.parse(row.patch), jobId: row.job_id, status: row.status, planId: row.plan_id, createdAt: row.created_at } : null;
  }
}
