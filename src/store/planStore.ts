import { createHash } from 'node:crypto';
import type { Lifecycle, LifecycleState, Override, Plan, PlanBody, PlanRequest, ResolvedPolicy, SolveOptions } from '../../schemas/index.js';
import type { Caller } from '../caller.js';
import type { Db } from './database.js';
import { pageOf } from './paging.js';
import { visibleTo } from './visibility.js';

export type SolveSettings = Required<SolveOptions>;

/** A plan with what it was made from, so that it can be explained, revised and reproduced. */
export interface StoredPlan {
  plan: Plan;
  request: PlanRequest;
  policy: ResolvedPolicy;
  options: SolveSettings;
  courtPath: string[];
}

/** A new plan to keep: version 1 from a solve, or a later version from overrides. */
export interface NewPlan {
  plan: Omit<Plan, 'lifecycle'>;
  request: PlanRequest;
  policy: ResolvedPolicy;
  options: SolveSettings;
  courtPath: string[];
  jobId?: string;
  /** The request's id in plan_inputs when it is stored already (a job's); else it is stored now. */
  inputId?: string;
  /** For a version made by overrides: the version it changes and the overrides, with their author. */
  revision?: { previous: StoredPlan; overrides: Override[]; by: Caller };
}

/** A plan as a list shows it: its figures and state, not its assignments. */
export interface PlanListing {
  id: string;
  decidingCourtId: string;
  status: string;
  objective: number;
  lowerBound: number;
  gap: number;
  state: LifecycleState;
  version: number;
  lineageId: string;
  requestedBy: { courtId: string; user: string };
  jobId: string | null;
  createdAt: string;
}

interface PlanRow {
  id: string;
  lineage_id: string;
  version: number;
  parent_id: string | null;
  lifecycle: LifecycleState;
  court_path: string;
  policy: string;
  options: string;
  body: string;
  input_id: string;
}

/**
 * Plans in SQLite. The request is stored once per distinct content (plan_inputs) and shared by
 * every version and job made from it; the plan body is stored as answered, lifecycle aside.
 */
export class PlanStore {
  constructor(private readonly db: Db) {}

  /** Keeps a request's content once; returns its id (the sha256 of its JSON). */
  saveInput(request: PlanRequest): string {
    const text = JSON.stringify(request);
    const id = createHash('sha256').update(text).digest('hex');
    this.db.prepare('INSERT OR IGNORE INTO plan_inputs (id, request, created_at) VALUES (?, ?, ?)').run(id, text, new Date().toISOString());
    return id;
  }

  loadInput(id: string): PlanRequest {
    return JSON.parse(this.db.prepare('SELECT request FROM plan_inputs WHERE id = ?').pluck().get(id) as string) as PlanRequest;
  }

  /**
   * Inserts a plan (call inside the transaction that audits it); the previous version becomes
   * superseded. Returns the stored plan as `get` would, built from what is at hand rather than read back.
   */
  save(fresh: NewPlan): StoredPlan {
    const { plan, revision } = fresh;
    const inputId = revision ? this.inputIdOf(revision.previous.plan.id) : (fresh.inputId ?? this.saveInput(fresh.request));
    const previous = revision?.previous.plan.lifecycle;
    const lineageId = previous?.lineageId ?? plan.id;
    const version = (previous?.version ?? 0) + 1;
    const { id, audit, ...body } = plan;
    this.db
      .prepare(`INSERT INTO plans (id, lineage_id, version, parent_id, lifecycle, deciding_court_id, court_path, status, objective, lower_bound, gap,
          input_id, input_hash, seed, solver_version, policy, options, body, requested_by, job_id, created_at)
        VALUES (@id, @lineageId, @version, @parentId, 'proposed', @decidingCourtId, @courtPath, @status, @objective, @lowerBound, @gap,
          @inputId, @inputHash, @seed, @solverVersion, @policy, @options, @body, @requestedBy, @jobId, @createdAt)`)
      .run({
        id,
        lineageId,
        version,
        parentId: revision?.previous.plan.id ?? null,
        decidingCourtId: plan.decidingCourtId,
        courtPath: JSON.stringify(fresh.courtPath),
        status: plan.status,
        objective: plan.objective,
        lowerBound: plan.lowerBound,
        gap: plan.gap,
        inputId,
        inputHash: audit.inputHash,
        seed: audit.seed,
        solverVersion: audit.solverVersion,
        policy: JSON.stringify(fresh.policy),
        options: JSON.stringify(fresh.options),
        body: JSON.stringify({ ...body, audit }),
        requestedBy: JSON.stringify(audit.requestedBy),
        jobId: fresh.jobId ?? null,
        createdAt: audit.createdAt,
      });
    if (revision) {
      this.setState(revision.previous.plan.id, 'superseded');
      const insert = this.db.prepare(`INSERT INTO overrides (plan_id, base_plan_id, case_id, court_id, mode, reason, by_key, by_user, by_court, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const override of revision.overrides) {
        insert.run(id, revision.previous.plan.id, override.caseId, override.courtId, override.mode, override.reason, revision.by.keyId, revision.by.user, revision.by.courtId, audit.createdAt);
      }
    }
    const by = revision && { user: revision.by.user, keyId: revision.by.keyId, courtId: revision.by.courtId };
    const lifecycle: Lifecycle = {
      state: 'proposed',
      version,
      lineageId,
      previousVersionId: revision?.previous.plan.id ?? null,
      approvals: [],
      overrides: (revision?.overrides ?? []).map((override) => ({ ...override, by: by!, at: audit.createdAt })),
    };
    return { plan: { ...plan, lifecycle }, request: fresh.request, policy: fresh.policy, options: fresh.options, courtPath: fresh.courtPath };
  }

  /** A plan by id, whoever asks; callers check visibility with `getVisible`. */
  get(id: string): StoredPlan | undefined {
    const row = this.db
      .prepare('SELECT id, lineage_id, version, parent_id, lifecycle, court_path, policy, options, body, input_id FROM plans WHERE id = ?')
      .get(id) as PlanRow | undefined;
    return row && this.fromRow(row);
  }

  /** A plan the caller may read; another jurisdiction's plan reads as absent. */
  getVisible(id: string, caller: Caller): StoredPlan | undefined {
    const visible = this.db.prepare(`SELECT 1 FROM plans WHERE id = @id AND ${visibleTo('court_path')}`).get({ id, courtId: caller.courtId });
    return visible ? this.get(id) : undefined;
  }

  /** The plans the caller may see, newest first, a page at a time (`before`: the cursor of the previous page). */
  listVisible(caller: Caller, query: { state?: LifecycleState | undefined; limit: number; before?: number | undefined }): { items: PlanListing[]; nextCursor: number | null } {
    const rows = this.db
      .prepare(`SELECT rowid AS cursor, id, deciding_court_id, status, objective, lower_bound, gap, lifecycle, version, lineage_id, requested_by, job_id, created_at FROM plans
        WHERE ${visibleTo('court_path')} AND (@state IS NULL OR lifecycle = @state) AND (@before IS NULL OR rowid < @before) ORDER BY rowid DESC LIMIT @limit`)
      .all({ courtId: caller.courtId, state: query.state ?? null, before: query.before ?? null, limit: query.limit + 1 }) as {
      cursor: number;
      id: string;
      deciding_court_id: string;
      status: string;
      objective: number;
      lower_bound: number;
      gap: number;
      lifecycle: LifecycleState;
      version: number;
      lineage_id: string;
      requested_by: string;
      job_id: string | null;
      created_at: string;
    }[];
    return pageOf(rows, query.limit, (row) => row.cursor, (row) => ({
      id: row.id,
      decidingCourtId: row.deciding_court_id,
      status: row.status,
      objective: row.objective,
      lowerBound: row.lower_bound,
      gap: row.gap,
      state: row.lifecycle,
      version: row.version,
      lineageId: row.lineage_id,
      requestedBy: JSON.parse(row.requested_by) as PlanListing['requestedBy'],
      jobId: row.job_id,
      createdAt: row.created_at,
    }));
  }

  /** Moves a plan from one lifecycle state to the next; false when it was no longer in `from`. */
  transition(id: string, from: LifecycleState, to: LifecycleState, approval: { by: Caller; note: string }): boolean {
    const changed = this.db.prepare('UPDATE plans SET lifecycle = ? WHERE id = ? AND lifecycle = ?').run(to, id, from).changes === 1;
    if (changed && (to === 'approved' || to === 'ruled')) {
      this.db
        .prepare('INSERT INTO approvals (plan_id, step, by_key, by_user, by_court, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, to, approval.by.keyId, approval.by.user, approval.by.courtId, approval.note, new Date().toISOString());
    }
    return changed;
  }

  /** The versions of a lineage, oldest first: replay walks them. */
  lineage(lineageId: string): StoredPlan[] {
    const ids = this.db.prepare('SELECT id FROM plans WHERE lineage_id = ? ORDER BY version').pluck().all(lineageId) as string[];
    return ids.map((id) => this.get(id)!);
  }

  private setState(id: string, state: LifecycleState): void {
    this.db.prepare('UPDATE plans SET lifecycle = ? WHERE id = ?').run(state, id);
  }

  private inputIdOf(planId: string): string {
    return this.db.prepare('SELECT input_id FROM plans WHERE id = ?').pluck().get(planId) as string;
  }

  private fromRow(row: PlanRow): StoredPlan {
    const body = JSON.parse(row.body) as PlanBody & { audit: Plan['audit'] };
    const lifecycle: Lifecycle = {
      state: row.lifecycle,
      version: row.version,
      lineageId: row.lineage_id,
      previousVersionId: row.parent_id,
      approvals: this.approvalsOf(row.id),
      overrides: this.overridesOf(row.id),
    };
    // The request can be tens of megabytes (a national plan): read and parsed only when asked for.
    let request: PlanRequest | undefined;
    const loadInput = () => this.loadInput(row.input_id);
    return {
      plan: { id: row.id, ...body, lifecycle },
      get request() {
        return (request ??= loadInput());
      },
      policy: JSON.parse(row.policy) as ResolvedPolicy,
      options: JSON.parse(row.options) as SolveSettings,
      courtPath: JSON.parse(row.court_path) as string[],
    };
  }

  private approvalsOf(planId: string): Lifecycle['approvals'] {
    const rows = this.db.prepare('SELECT step, by_key, by_user, by_court, note, created_at FROM approvals WHERE plan_id = ? ORDER BY id').all(planId) as {
      step: 'approved' | 'ruled';
      by_key: string;
      by_user: string;
      by_court: string | null;
      note: string;
      created_at: string;
    }[];
    return rows.map((row) => ({ step: row.step, by: { user: row.by_user, keyId: row.by_key, courtId: row.by_court }, note: row.note, at: row.created_at }));
  }

  private overridesOf(planId: string): Lifecycle['overrides'] {
    const rows = this.db.prepare('SELECT case_id, court_id, mode, reason, by_key, by_user, by_court, created_at FROM overrides WHERE plan_id = ? ORDER BY id').all(planId) as {
      case_id: string;
      court_id: string;
      mode: Override['mode'];
      reason: string;
      by_key: string;
      by_user: string;
      by_court: string | null;
      created_at: string;
    }[];
    return rows.map((row) => ({ caseId: row.case_id, courtId: row.court_id, mode: row.mode, reason: row.reason, by: { user: row.by_user, keyId: row.by_key, courtId: row.by_court }, at: row.created_at }));
  }
}
