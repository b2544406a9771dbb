import { userInfo } from 'node:os';
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
    const audit = new AuditLog(db);
    const actor = { keyId: 'console', user: `console:${userInfo().username}`, courtId: null, role: 'admin' as const };
    switch (args.action) {
      case 'create': {
        if (!args.user || !args.court || !args.role) throw new Error('keys create needs --user, --court (a court id, or spc) and --role');
        if (!roles.includes(args.role as Role)) throw new Error(`--role must be one of ${roles.join(', ')}`);
        const courtId = args.court.toLowerCase() === 'spc' ? null : args.court;
        return db.transaction(() => {
          const made = keys.create({ user: args.user!, courtId, role: args.role as Role });
          audit.append({ action: 'api_key.created', subjectType: 'api_key', subjectId: made.record.id, courtPath: courtId === null ? [] : [courtId], actor, detail: { user: made.record.user, courtId, role: made.record.role } });
          return { ...made.record, key: made.key };
        })();
      }
      case 'list':
        return keys.list(null);
      case 'revoke': {
        const record = args.id ? keys.record(args.id) : null;
        if (!record) throw new Error(`no key ${args.id ?? '(give its id)'}`);
        db.transaction(() => {
          keys.revoke(record.id);
          audit.append({ action: 'api_key.revoked', subjectType: 'api_key', subjectId: record.id, courtPath: record.courtId === null ? [] : [record.courtId], actor, detail: { user: record.user } });
        })();
        return keys.record(record.id);
      }
      default:
        throw new Error('keys needs create, list or revoke');
    }
  } finally {
    db.close();
  }
}
