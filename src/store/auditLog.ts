import { createHash } from 'node:crypto';
import type { AuditEntry, AuditQuery } from '../../schemas/index.js';
import type { Caller } from '../caller.js';
import type { Db } from './database.js';
import { pageOf } from './paging.js';
import { visibleTo } from './visibility.js';

export interface AuditEvent {
  action: string;
  subjectType: AuditEntry['subjectType'];
  subjectId: string;
  /** Court ids from the tree's root down to the deciding court: who may read the entry. */
  courtPath: readonly string[];
  actor: Caller;
  detail: Record<string, unknown>;
}

interface AuditRow {
  seq: number;
  at: string;
  action: string;
  subject_type: AuditEntry['subjectType'];
  subject_id: string;
  actor_key: string;
  actor_user: string;
  actor_court: string | null;
  detail: string;
  hash: string;
}

/** The columns a row's hash covers, in this order. */
interface ChainedContent {
  at: string;
  action: string;
  subjectType: string;
  subjectId: string;
  courtPath: string;
  actorKey: string;
  actorUser: string;
  actorCourt: string | null;
  detail: string;
}

function chainHash(previous: string, content: ChainedContent): string {
  const ordered: ChainedContent = {
    at: content.at,
    action: content.action,
    subjectType: content.subjectType,
    subjectId: content.subjectId,
    courtPath: content.courtPath,
    actorKey: content.actorKey,
    actorUser: content.actorUser,
    actorCourt: content.actorCourt,
    detail: content.detail,
  };
  return createHash('sha256').update(previous).update(JSON.stringify(ordered)).digest('hex');
}

/**
 * Walks the whole log and recomputes the chain: the first seq whose hash does not follow from the
 * row before it (a row changed, removed or inserted behind the triggers' back), or null when intact.
 */
export function firstBrokenAuditEntry(db: Db): number | null {
  let previous = '';
  for (const row of db
    .prepare(`SELECT seq, at, action, subject_type AS subjectType, subject_id AS subjectId, court_path AS courtPath, actor_key AS actorKey,
        actor_user AS actorUser, actor_court AS actorCourt, detail, hash FROM audit_log ORDER BY seq`)
    .iterate() as Iterable<ChainedContent & { seq: number; hash: string }>) {
    if (chainHash(previous, row) !== row.hash) return row.seq;
    previous = row.hash;
  }
  return null;
}

/** The append-only audit log. Writers call `append` inside the transaction that makes the change. */
export class AuditLog {
  private readonly insert;
  private readonly lastHash;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(`INSERT INTO audit_log (at, action, subject_type, subject_id, court_path, actor_key, actor_user, actor_court, detail, hash)
      VALUES (@at, @action, @subjectType, @subjectId, @courtPath, @actorKey, @actorUser, @actorCourt, @detail, @hash)`);
    this.lastHash = db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').pluck();
  }

  append(event: AuditEvent): void {
    const row: ChainedContent = {
      at: new Date().toISOString(),
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      courtPath: JSON.stringify(event.courtPath),
      actorKey: event.actor.keyId,
      actorUser: event.actor.user,
      actorCourt: event.actor.courtId,
      detail: JSON.stringify(event.detail),
    };
    // The chain's read and write form one transaction (a savepoint when the caller has one open).
    this.db.transaction(() => {
      const previous = (this.lastHash.get() as string | undefined) ?? '';
      this.insert.run({ ...row, hash: chainHash(previous, row) });
    })();
  }

  /** One page of the entries the caller may see, oldest first, filtered. */
  read(caller: Caller, query: AuditQuery): { items: AuditEntry[]; nextCursor: number | null } {
    const conditions = [visibleTo('court_path'), 'seq > @after'];
    if (query.action !== undefined) conditions.push('action = @action');
    if (query.subjectType !== undefined) conditions.push('subject_type = @subjectType');
    if (query.subjectId !== undefined) conditions.push('subject_id = @subjectId');
    if (query.user !== undefined) conditions.push('actor_user = @user');
    if (query.since !== undefined) conditions.push('at >= @since');
    if (query.until !== undefined) conditions.push('at < @until');
    const rows = this.db
      .prepare(`SELECT seq, at, action, subject_type, subject_id, actor_key, actor_user, actor_court, detail, hash FROM audit_log
        WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT @limit`)
      .all({
        courtId: caller.courtId,
        after: query.after ?? 0,
        action: query.action,
        subjectType: query.subjectType,
        subjectId: query.subjectId,
        user: query.user,
        since: query.since && new Date(query.since).toISOString(),
        until: query.until && new Date(query.until).toISOString(),
        limit: query.limit + 1,
      }) as AuditRow[];
    return pageOf(rows, query.limit, (row) => row.seq, (row) => ({
      seq: row.seq,
      at: row.at,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      actor: { user: row.actor_user, keyId: row.actor_key, courtId: row.actor_court },
      detail: JSON.parse(row.detail) as Record<string, unknown>,
      hash: row.hash,
    }));
  }
}
