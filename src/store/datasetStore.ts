import type { Conflict, Court, Case } from '../../schemas/index.js';
import type { Caller } from '../caller.js';
import type { Db } from './database.js';
import { visibleTo } from './visibility.js';

/** Courts, cases and conflicts stored once, to plan and re-plan from. */
export interface DatasetBody {
  courts: Court[];
  cases: Case[];
  conflicts: Conflict[];
}

export interface DatasetSummary {
  id: string;
  name: string;
  decidingCourtId: string;
  courts: number;
  cases: number;
  conflicts: number;
  workload: number;
  capacity: number;
  createdBy: string;
  createdAt: string;
}

interface DatasetRow {
  id: string;
  name: string;
  deciding_court_id: string;
  created_by: string;
  created_at: string;
  summary: string;
}

export class DatasetStore {
  constructor(private readonly db: Db) {}

  save(dataset: { id: string; name: string; decidingCourtId: string; courtPath: string[]; createdBy: Caller; body: DatasetBody }): DatasetSummary {
    const { body } = dataset;
    const counts = {
      courts: body.courts.length,
      cases: body.cases.length,
      conflicts: body.conflicts.length,
      workload: body.cases.reduce((sum, courtCase) => sum + (courtCase.workload ?? 1), 0),
      capacity: body.courts.reduce((sum, court) => sum + court.capacity, 0),
    };
    this.db
      .prepare(`INSERT INTO datasets (id, owner_court_id, created_by, created_at, body, name, deciding_court_id, court_path, summary)
        VALUES (@id, @owner, @createdBy, @createdAt, @body, @name, @decidingCourtId, @courtPath, @summary)`)
      .run({
        id: dataset.id,
        owner: dataset.createdBy.courtId,
        createdBy: dataset.createdBy.user,
        createdAt: new Date().toISOString(),
        body: JSON.stringify(body),
        name: dataset.name,
        decidingCourtId: dataset.decidingCourtId,
        courtPath: JSON.stringify(dataset.courtPath),
        summary: JSON.stringify(counts),
      });
    return this.summary(dataset.id)!;
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(id) !== undefined;
  }

  summary(id: string): DatasetSummary | null {
    const row = this.db.prepare('SELECT id, name, deciding_court_id, created_by, created_at, summary FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    return row ? summaryOf(row) : null;
  }

  /** The dataset when the caller may see it. */
  visibleSummary(id: string, caller: Caller): DatasetSummary | null {
    return this.db.prepare(`SELECT 1 FROM datasets WHERE id = @id AND ${visibleTo('court_path')}`).get({ id, courtId: caller.courtId }) ? this.summary(id) : null;
  }

  /** The datasets the caller may see, newest first. */
  listVisible(caller: Caller, limit: number): DatasetSummary[] {
    const rows = this.db
      .prepare(`SELECT id, name, deciding_court_id, created_by, created_at, summary FROM datasets WHERE ${visibleTo('court_path')} ORDER BY rowid DESC LIMIT @limit`)
      .all({ courtId: caller.courtId, limit }) as DatasetRow[];
    return rows.map(summaryOf);
  }

  body(id: string): DatasetBody | null {
    const text = this.db.prepare('SELECT body FROM datasets WHERE id = ?').pluck().get(id) as string | undefined;
    return text === undefined ? null : (JSON.parse(text) as DatasetBody);
  }
}

function summaryOf(row: DatasetRow): DatasetSummary {
  const counts = JSON.parse(row.summary) as Omit<DatasetSummary, 'id' | 'name' | 'decidingCourtId' | 'createdBy' | 'createdAt'>;
  return { id: row.id, name: row.name, decidingCourtId: row.deciding_court_id, ...counts, createdBy: row.created_by, createdAt: row.created_at };
}
