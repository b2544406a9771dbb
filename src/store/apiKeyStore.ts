import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Caller, Role } from '../caller.js';
import type { Db } from './database.js';

/** A fresh key: 32 random bytes, URL-safe. */
export function newApiKey(): string {
  return `ca_${randomBytes(32).toString('base64url')}`;
}

/** sha256 of a key: keys are stored and compared only as hashes. */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

interface KeyRow {
  id: string;
  user: string;
  court_id: string | null;
  role: Role;
}

export interface ApiKeyRecord {
  id: string;
  user: string;
  courtId: string | null;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

interface RecordRow extends KeyRow {
  created_at: string;
  revoked_at: string | null;
}

const toRecord = (row: RecordRow): ApiKeyRecord => ({ id: row.id, user: row.user, courtId: row.court_id, role: row.role, createdAt: row.created_at, revokedAt: row.revoked_at });

/** API keys, hashed at rest. A lookup is by the hash's unique index, so no key is ever compared in the clear. */
export class ApiKeyStore {
  constructor(private readonly db: Db) {}

  /** Installs a key for a caller; a key id already present is re-pointed to the new key (e.g. a new demo key). */
  put(key: string, caller: Caller): void {
    this.db
      .prepare(`INSERT INTO api_keys (id, key_hash, user, court_id, role, created_at) VALUES (@id, @hash, @user, @courtId, @role, @at)
        ON CONFLICT (id) DO UPDATE SET key_hash = excluded.key_hash, user = excluded.user, court_id = excluded.court_id, role = excluded.role, revoked_at = NULL`)
      .run({ id: caller.keyId, hash: hashApiKey(key), user: caller.user, courtId: caller.courtId, role: caller.role, at: new Date().toISOString() });
  }

  /** Makes a new key for a person at a court with a role; the key itself is returned once and never stored. */
  create(holder: { user: string; courtId: string | null; role: Role }): { key: string; record: ApiKeyRecord } {
    const key = newApiKey();
    const id = `key_${randomUUID()}`;
    this.put(key, { keyId: id, ...holder });
    return { key, record: this.record(id)! };
  }

  /** Keys as an admin sees them (no hashes): every key for the SPC, else one court's. */
  list(courtId: string | null): ApiKeyRecord[] {
    const rows = (courtId === null
      ? this.db.prepare('SELECT id, user, court_id, role, created_at, revoked_at FROM api_keys ORDER BY created_at, id').all()
      : this.db.prepare('SELECT id, user, court_id, role, created_at, revoked_at FROM api_keys WHERE court_id = ? ORDER BY created_at, id').all(courtId)) as RecordRow[];
    return rows.map(toRecord);
  }

  record(id: string): ApiKeyRecord | null {
    const row = this.db.prepare('SELECT id, user, court_id, role, created_at, revoked_at FROM api_keys WHERE id = ?').get(id) as RecordRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Revokes a key at once: the next request with it is a 401. False when there was no such live key. */
  revoke(id: string): boolean {
    return this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(new Date().toISOString(), id).changes === 1;
  }

  /** The caller a presented key stands for, or null when unknown or revoked. */
  find(key: string): Caller | null {
    const row = this.db.prepare('SELECT id, user, court_id, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL').get(hashApiKey(key)) as KeyRow | undefined;
    return row ? { keyId: row.id, user: row.user, courtId: row.court_id, role: row.role } : null;
  }
}
