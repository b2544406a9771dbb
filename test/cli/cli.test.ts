import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/index.js';
import { fixtureCase } from '../support/fixtures.js';
import { checkPlan } from '../support/independentChecker.js';
import { loadSampleRequest } from '../support/sampleRequests.js';
import { processKey, startServer, type ServerProcess } from '../support/serverProcess.js';
import { temporaryDataDir } from '../support/testApp.js';

const run = promisify(execFile);
const repoRoot = new URL('../../', import.meta.url);
let server: ServerProcess;
let dir: string;

/** Runs the CLI as an analyst would (the package's bin), against the server on 127.0.0.1. */
const cli = (...args: string[]) => run(process.execPath, ['bin/court-assign.mjs', ...args, '--url', server.url, '--key', processKey], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });

beforeAll(async () => {
  dir = temporaryDataDir();
  server = await startServer(join(dir, 'data'));
});
afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('the court-assign CLI', () => {
  it('solves a request file as a job, shows progress, and prints a plan that passes the independent checker', async () => {
    const request = loadSampleRequest('small-201-default.json');
    const file = join(dir, 'request.json');
    writeFileSync(file, JSON.stringify(request));
    const { stdout, stderr } = await cli('solve', file);
    const plan = JSON.parse(stdout) as Plan;
    expect(checkPlan(request, plan).problems).toEqual([]);
    expect(stderr).toMatch(/\[[#-]{20}\] \w+/);

    const csv = await cli('solve', file, '--csv');
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('caseId,courtId,mode,km,costTotal');
    expect(lines).toHaveLength(plan.assignments.length + 1);

    const again = JSON.parse((await cli('solve', file)).stdout) as Plan;
    const diff = await cli('compare', plan.id, again.id, '--csv');
    expect(diff.stdout.trim().split('\r\n')).toEqual(['caseId,change,fromCourtId,fromMode,toCourtId,toMode']);
  });

  it('screens an inventory file as CSV, and says what went wrong on a bad request', async () => {
    const file = join(dir, 'inventory.json');
    writeFileSync(file, JSON.stringify({ cases: [fixtureCase({ id: 'old' }), fixtureCase({ id: 'young', receivedAt: '2025-06-01' })], policy: { asOf: '2025-07-30' } }));
    const { stdout } = await cli('screen', file, '--csv');
    expect(stdout.trim().split('\r\n').map((line) => line.split(',')[0])).toEqual(['caseId', 'old', 'young']);
    writeFileSync(file, JSON.stringify({ cases: [] }));
    await expect(cli('screen', file)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/400 Invalid request/) });
  });
});
