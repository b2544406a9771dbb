import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../schemas/index.js';
import { schemaVersion } from '../../src/store/database.js';
import { checkPlan } from '../support/independentChecker.js';
import { pause, slowRequest } from '../support/jobs.js';
import { startExpectingFailure, startServer, type ServerProcess } from '../support/serverProcess.js';
import { temporaryDataDir } from '../support/testApp.js';

const directories: string[] = [];
const running: ServerProcess[] = [];
afterEach(() => {
  for (const server of running.splice(0)) server.child.kill('SIGKILL');
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const freshDir = () => {
  const dir = temporaryDataDir();
  directories.push(dir);
  return dir;
};
const started = async (dir: string) => {
  const server = await startServer(dir);
  running.push(server);
  return server;
};

async function jobOf(server: ServerProcess, id: string): Promise<Job> {
  const response = await server.call('GET', `/v1/jobs/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Job;
}

async function waitUntil<T>(probe: () => Promise<T | null>, withinMs: number, what: string): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(250); // four jobs polled at this pace stay under the rate limit (1,200 a minute)
  }
}

describe('durability across kill -9', () => {
  it('finishes every accepted job after the process is killed mid-solve and started again', async () => {
    const dir = freshDir();
    const first = await started(dir);
    // A solve with reciprocity forbidden and no gap tolerance runs to its limit: four of them, twice over, fit the wait below.
    const request = slowRequest(8_000);
    const ids: string[] = [];
    for (let index = 0; index < 4; index++) {
      const response = await first.call('POST', '/v1/jobs', { ...request, options: { ...request.options, seed: `seed-${index}` } });
      expect(response.status).toBe(202);
      ids.push(((await response.json()) as { id: string }).id);
    }
    await waitUntil(async () => ((await jobOf(first, ids[0]!)).progress.objective !== null ? true : null), 20_000, 'the first job to find a plan');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await started(dir);
    const jobs = await waitUntil(
      async () => {
        const states = await Promise.all(ids.map((id) => jobOf(second, id)));
        return states.every((job) => job.status === 'done') ? states : null;
      },
      50_000,
      'every job to finish after the restart',
    );
    expect(jobs[0]!.attempts).toBe(2);
    for (const [index, job] of jobs.entries()) {
      const plan = (await (await second.call('GET', `/v1/plans/${job.planId}`)).json()) as Plan;
      expect(plan.audit.seed).toBe(`seed-${index}`);
      expect(checkPlan(request, plan).problems).toEqual([]);
    }
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const db = new Database(join(dir, 'court-assign.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'job.done'").pluck().get()).toBe(4);
    db.close();
  });

  it('leaves running jobs resumable on SIGTERM and exits 0', async () => {
    const dir = freshDir();
    const first = await started(dir);
    const { id } = (await (await first.call('POST', '/v1/jobs', slowRequest(20_000))).json()) as { id: string };
    await waitUntil(async () => ((await jobOf(first, id)).status === 'running' ? true : null), 20_000, 'the job to start');
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    const second = await started(dir);
    const job = await waitUntil(async () => {
      const now = await jobOf(second, id);
      return now.status === 'done' ? now : null;
    }, 30_000, 'the job to finish after the restart');
    expect(job.attempts).toBe(2);
  });
});

describe('graceful shutdown', () => {
  it('lets a request in flight finish on SIGTERM, refuses new connections, and exits 0', async () => {
    const server = await started(freshDir());
    const inFlight = server.call('POST', '/v1/plans', slowRequest(2_500));
    await pause(600);
    server.child.kill('SIGTERM');
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as Plan).status).toBeDefined();
    expect((await server.exited).code).toBe(0);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

describe('a database the service cannot use stops the start', () => {
  it('exits non-zero on a database from a newer schema, saying so', async () => {
    const dir = freshDir();
    const future = new Database(join(dir, 'court-assign.sqlite'));
    future.pragma(`user_version = ${schemaVersion() + 7}`);
    future.close();
    const failed = await startExpectingFailure(dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/newer than this build/);
  });

  it('exits non-zero on a corrupt database file, saying so', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'court-assign.sqlite'), Buffer.alloc(64 * 1024, 7));
    const failed = await startExpectingFailure(dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/not a readable SQLite database/);
  });
});
