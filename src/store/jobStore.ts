import type { Job, JobProgress, JobStatus, ResolvedPolicy } from '../../schemas/index.js';
import type { Caller } from '../caller.js';
import type { Db } from './database.js';
import type { SolveSettings } from './planStore.js';
import { visibleTo } from './visibility.js';

/** Everything a job needs to run, read back from disk: the job survives the process. */
export interface JobTicket {
  id: string;
  status: JobStatus;
  decidingCourtId: string;
  courtPath: string[];
  caller: Caller;
  inputId: string;
  policy: ResolvedPolicy;
  options: SolveSettings;
  cancelRequested: boolean;
  attempts: number;
}

interface JobRow {
  id: string;
  status: JobStatus;
  deciding_court_id: string;
  court_path: string;
  caller: string;
  input_id: string;
  policy: string;
  options: string;
  progress: string | null;
  plan_id: string | null;
  error: string | null;
  cancel_requested: number;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export const queuedProgress: JobProgress = { phase: 'queued', objective: null, lowerBound: null, gap: null, elapsedMs: 0 };

/** Jobs in SQLite: a job row is the job; the runner only ever works from what is on disk. */
export class JobStore {
  constructor(private readonly db: Db) {}

  insert(job: { id: string; decidingCourtId: string; courtPath: string[]; caller: Caller; inputId: string; policy: ResolvedPolicy; options: SolveSettings }): void {
    this.db
      .prepare(`INSERT INTO jobs (id, status, deciding_court_id, court_path, caller, input_id, policy, options, progress, created_at)
        VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(job.id, job.decidingCourtId, JSON.stringify(job.courtPath), JSON.stringify(job.caller), job.inputId, JSON.stringify(job.policy), JSON.stringify(job.options), JSON.stringify(queuedProgress), new Date().toISOString());
  }

  /** Jobs one key has waiting or running: a key may not hold the whole queue. */
  countActiveFor(keyId: string): number {
    return this.db.prepare("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running') AND json_extract(caller, '$.keyId') = ?").pluck().get(keyId) as number;
  }

  /** Jobs waiting, for the bounded queue. */
  countQueued(): number {
    return this.db.prepare("SELECT count(*) FROM jobs WHERE status = 'queued'").pluck().get() as number;
  }

  /** Jobs a crash left running go back to the queue; returns how many. */
  requeueInterrupted(): number {
    return this.db.prepare("UPDATE jobs SET status = 'queued' WHERE status = 'running'").run().changes;
  }

  /** Takes the oldest queued job: it becomes running and one more attempt is counted. */
  claimNext(): JobTicket | null {
    const row = this.db.prepare("SELECT * FROM jobs WHERE status = 'queued' ORDER BY created_at, rowid LIMIT 1").get() as JobRow | undefined;
    if (!row) return null;
    this.db.prepare("UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = ? WHERE id = ?").run(new Date().toISOString(), row.id);
    return this.ticketOf({ ...row, status: 'running', attempts: row.attempts + 1 });
  }

  saveProgress(id: string, progress: JobProgress): void {
    this.db.prepare("UPDATE jobs SET progress = ? WHERE id = ? AND status = 'running'").run(JSON.stringify(progress), id);
  }

  finish(id: string, outcome: { status: 'done' | 'failed' | 'cancelled'; planId?: string; error?: Job['error']; progress?: JobProgress }): void {
    this.db
      .prepare('UPDATE jobs SET status = ?, plan_id = ?, error = ?, progress = coalesce(?, progress), finished_at = ? WHERE id = ?')
      .run(outcome.status, outcome.planId ?? null, outcome.error ? JSON.stringify(outcome.error) : null, outcome.progress ? JSON.stringify(outcome.progress) : null, new Date().toISOString(), id);
  }

  /** A queued job is cancelled at once; a running one is flagged for the runner to stop. Returns the status after. */
  requestCancel(id: string): JobStatus | null {
    const status = this.db.prepare('SELECT status FROM jobs WHERE id = ?').pluck().get(id) as JobStatus | undefined;
    if (status === 'queued') this.finish(id, { status: 'cancelled' });
    else if (status === 'running') this.db.prepare('UPDATE jobs SET cancel_requested = 1 WHERE id = ?').run(id);
    return status === 'queued' ? 'cancelled' : (status ?? null);
  }

  ticket(id: string): JobTicket | null {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? this.ticketOf(row) : null;
  }

  /** The job as the API shows it, when the caller may see it. */
  getVisible(id: string, caller: Caller): (Job & { courtPath: string[] }) | null {
    const row = this.db.prepare(`SELECT * FROM jobs WHERE id = @id AND ${visibleTo('court_path')}`).get({ id, courtId: caller.courtId }) as JobRow | undefined;
    return row ? { ...jobOf(row), courtPath: JSON.parse(row.court_path) as string[] } : null;
  }

  /** The jobs the caller may see, newest first, optionally of one status. */
  listVisible(caller: Caller, query: { status?: JobStatus | undefined; limit: number }): Job[] {
    const rows = this.db
      .prepare(`SELECT * FROM jobs WHERE ${visibleTo('court_path')} AND (@status IS NULL OR status = @status) ORDER BY rowid DESC LIMIT @limit`)
      .all({ courtId: caller.courtId, status: query.status ?? null, limit: query.limit }) as JobRow[];
    return rows.map(jobOf);
  }

  private ticketOf(row: JobRow): JobTicket {
    return {
      id: row.id,
      status: row.status,
      decidingCourtId: row.deciding_court_id,
      courtPath: JSON.parse(row.court_path) as string[],
      caller: JSON.parse(row.caller) as Caller,
      inputId: row.input_id,
      policy: JSON.parse(row.policy) as ResolvedPolicy,
      options: JSON.parse(row.options) as SolveSettings,
      cancelRequested: row.cancel_requested === 1,
      attempts: row.attempts,
    };
  }
}

/** A job as the API shows it. */
function jobOf(row: JobRow): Job {
  return {
    id: row.id,
    status: row.status,
    progress: row.progress ? (JSON.parse(row.progress) as JobProgress) : queuedProgress,
    planId: row.plan_id,
    error: row.error ? (JSON.parse(row.error) as Job['error']) : null,
    attempts: row.attempts,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
