import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, demoCaller, type AppOptions } from '../../src/app.js';
import type { Caller, Role } from '../../src/caller.js';

export const spcKey = 'test-spc-admin-key-0123456789';
/** Keys bound to lower courts of the fixture tree (test/support/fixtures.ts). */
export const courtKeys = {
  h11: 'test-h11-analyst-key-0123456789',
  h13: 'test-h13-analyst-key-0123456789',
  h11Approver: 'test-h11-approver-key-0123456789',
};

const courtCaller = (courtId: string, role: Role = 'analyst'): Caller => ({ keyId: `key-${courtId}-${role}`, user: `${role}@${courtId}`, courtId, role });

/** A fresh data directory under the system's temp dir. */
export function temporaryDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'court-assign-test-'));
}

/**
 * The real app on a fresh SQLite file in a temporary directory (removed when the app closes,
 * unless the test passed its own `dataDir`), with the demo SPC key and court-bound keys.
 */
export async function testApp(options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const dataDir = options.dataDir ?? temporaryDataDir();
  const app = await buildApp({
    apiKeys: [
      { key: spcKey, caller: demoCaller },
      { key: courtKeys.h11, caller: courtCaller('h11') },
      { key: courtKeys.h13, caller: courtCaller('h13') },
      { key: courtKeys.h11Approver, caller: courtCaller('h11', 'approver') },
    ],
    ...options,
    // Load shedding sheds only where a test asks for it (security.test.ts): on a busy machine, with test
    // files running side by side, a second's event-loop delay answered 503 where the rule under test
    // answers 200 or 404.
    loadLimits: { maxEventLoopDelayMs: 60_000, ...options.loadLimits },
    dataDir,
  });
  if (options.dataDir === undefined) app.addHook('onClose', async () => rmSync(dataDir, { recursive: true, force: true }));
  return app;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
