import { createHash } from 'node:crypto';
import type { Caller, Role } from '../caller.js';
import type { Db } from './database.js';

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

  /** The caller a presented key stands for, or null when unknown or revoked. */
  find(key: string): Caller | null {
    const row = this.db.prepare('SELECT id, user, court_id, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL').get(hashApiKey(key)) as KeyRow | undefined;
    return row ? { keyId: row.id, user: row.user, courtId: row.court_id, role: row.role } : null;
  }
}
