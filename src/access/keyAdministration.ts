import type { Caller, Role } from '../caller.js';
import type { ApiKeyRecord, ApiKeyStore } from '../store/apiKeyStore.js';
import type { AuditLog } from '../store/auditLog.js';

/** What managing keys needs: the key table, the audit log, and a transaction around both. */
export interface KeyAdministration {
  apiKeys: ApiKeyStore;
  audit: AuditLog;
  transaction<T>(work: () => T): T;
}

/** A key's audit entries are visible to its court (and to the SPC, which sees every entry). */
const keyPath = (courtId: string | null) => (courtId === null ? [] : [courtId]);

/** Makes a key and records who made it, in one transaction; the key itself is returned once. */
export function createKey(storage: KeyAdministration, holder: { user: string; courtId: string | null; role: Role }, actor: Caller): { key: string; record: ApiKeyRecord } {
  return storage.transaction(() => {
    const made = storage.apiKeys.create(holder);
    storage.audit.append({ action: 'api_key.created', subjectType: 'api_key', subjectId: made.record.id, courtPath: keyPath(made.record.courtId), actor, detail: { user: made.record.user, courtId: made.record.courtId, role: made.record.role } });
    return made;
  });
}

/** Revokes a key and records who did, in one transaction; answers the key as it now stands. */
export function revokeKey(storage: KeyAdministration, record: ApiKeyRecord, actor: Caller): ApiKeyRecord {
  storage.transaction(() => {
    storage.apiKeys.revoke(record.id);
    storage.audit.append({ action: 'api_key.revoked', subjectType: 'api_key', subjectId: record.id, courtPath: keyPath(record.courtId), actor, detail: { user: record.user } });
  });
  return storage.apiKeys.record(record.id)!;
}
