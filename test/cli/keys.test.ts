import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bearer, temporaryDataDir, testApp } from '../support/testApp.js';

const run = promisify(execFile);
const dataDir = temporaryDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const keys = async (...args: string[]) => JSON.parse((await run(process.execPath, ['bin/court-assign.mjs', 'keys', ...args, '--data-dir', dataDir], { cwd: new URL('../../', import.meta.url) })).stdout);

describe('court-assign keys (on the local database)', () => {
  it('creates a key the service accepts, lists it without its secret, and revokes it', async () => {
    const created = await keys('create', '--user', 'first-admin', '--court', 'spc', '--role', 'admin');
    expect(created).toMatchObject({ user: 'first-admin', courtId: null, role: 'admin', revokedAt: null });
    const analyst = await keys('create', '--user', 'analyst@h11', '--court', 'h11', '--role', 'analyst');
    const listed = await keys('list');
    expect(listed.map((entry: { id: string }) => entry.id)).toEqual([created.id, analyst.id]);
    expect(JSON.stringify(listed)).not.toContain(created.key);

    const app = await testApp({ dataDir });
    try {
      expect((await app.inject({ method: 'GET', url: '/v1/keys', headers: bearer(created.key) })).statusCode).toBe(200);
      expect((await keys('revoke', created.id)).revokedAt).not.toBeNull();
      expect((await app.inject({ method: 'GET', url: '/v1/keys', headers: bearer(created.key) })).statusCode).toBe(401);
      const audit = await app.inject({ method: 'GET', url: '/v1/audit?subjectType=api_key', headers: bearer(analyst.key) });
      expect(audit.json().items.map((entry: { action: string }) => entry.action)).toEqual(['api_key.created']);
    } finally {
      await app.close();
    }
    await expect(keys('create', '--user', 'x', '--court', 'h11', '--role', 'emperor')).rejects.toMatchObject({ code: 1 });
  });
});
