import { userInfo } from 'node:os';
import { createKey, revokeKey } from '../access/keyAdministration.js';
import type { Role } from '../caller.js';
import { ApiKeyStore } from '../store/apiKeyStore.js';
import { AuditLog } from '../store/auditLog.js';
import { openDatabase } from '../store/database.js';

const roles: readonly Role[] = ['analyst', 'approver', 'admin'];

/**
 * `court-assign keys create|list|revoke` on the service's database directly (DATA_DIR): how the
 * first keys are made on a new installation, or a key revoked when no admin key is at hand. Each
 * change is audited as done by the operating-system user at the console.
 */
export function manageKeysLocally(dataDir: string, args: { action: string | undefined; id?: string | undefined; user?: string | undefined; court?: string | undefined; role?: string | undefined }): unknown {
  const db = openDatabase(dataDir);
  try {
    const keys = new ApiKeyStore(db);
    const storage = { apiKeys: keys, audit: new AuditLog(db), transaction: <T>(work: () => T): T => db.transaction(work)() };
    const actor = { keyId: 'console', user: `console:${userInfo().username}`, courtId: null, role: 'admin' as const };
    switch (args.action) {
      case 'create': {
        if (!args.user || !args.court || !args.role) throw new Error('keys create needs --user, --court (a court id, or spc) and --role');
        if (!roles.includes(args.role as Role)) throw new Error(`--role must be one of ${roles.join(', ')}`);
        const courtId = args.court.toLowerCase() === 'spc' ? null : args.court;
        const made = createKey(storage, { user: args.user, courtId, role: args.role as Role }, actor);
        return { ...made.record, key: made.key };
      }
      case 'list':
        return keys.list(null);
      case 'revoke': {
        const record = args.id ? keys.record(args.id) : null;
        if (!record) throw new Error(`no key ${args.id ?? '(give its id)'}`);
        return revokeKey(storage, record, actor);
      }
      default:
        throw new Error('keys needs create, list or revoke');
    }
  } finally {
    db.close();
  }
}
