import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../schemas/index.js';
import { checkPlan } from '../support/independentChecker.js';
import { pause, slowRequest } from '../support/jobs.js';
import { startServer, type ServerProcess } from '../support/serverProcess.js';
import { temporaryDataDir } from '../support/testApp.js';
import { randomFrom } from '../support/tinyRequests.js';

const dir = temporaryDataDir();
let live: ServerProcess | null = null;
afterAll(() => {
  live?.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 at random moments', () => {
  // Generous: each life starts a real server, whose solver threads warm up before it listens (about
  // 3 s on the machine of earlier runs, 7 s on a slower one, where 240 s did not suffice).
  it('20 kills during jobs: the database stays intact and every accepted job finishes with a checked plan', { timeout: 480_000 }, async () => {
    const random = randomFrom('kill -9 at random moments');
    const request = slowRequest(2_000);
    const accepted: { id: string; seed: string }[] = [];
    for (let kill = 0; kill < 20; kill++) {
      live = await startServer(dir, { DEMO_DATA: 'off', MAX_JOBS_PER_KEY: '1000' });
      // Two new jobs each life: one posted at once, one at a random moment before the kill.
      const post = async () => {
        const seed = `kill-${kill}-${accepted.length}`;
        const response = await live!.call('POST', '/v1/jobs', { ...request, options: { ...request.options, seed } });
        if (response.status === 202) accepted.push({ id: ((await response.json()) as { id: string }).id, seed });
      };
      await post();
      await pause(50 + random() * 700);
      await post();
      await pause(random() * 900);
      live.child.kill('SIGKILL');
      await live.exited;
    }
    expect(accepted.length).toBe(40);

    live = await startServer(dir, { DEMO_DATA: 'off', MAX_JOBS_PER_KEY: '1000' });
    const deadline = Date.now() + 240_000;
    let jobs: Job[];
    for (;;) {
      jobs = await Promise.all(accepted.map(async ({ id }) => (await (await live!.call('GET', `/v1/jobs/${id}`)).json()) as Job));
      if (jobs.every((job) => job.status === 'done') || Date.now() > deadline) break;
      await pause(500);
    }
    expect(jobs.filter((job) => job.status !== 'done').map((job) => `${job.id} ${job.status}`)).toEqual([]);
    for (const [index, job] of jobs.entries()) {
      const plan = (await (await live.call('GET', `/v1/plans/${job.planId}`)).json()) as Plan;
      expect(plan.audit.seed).toBe(accepted[index]!.seed);
      expect(checkPlan(request, plan).problems).toEqual([]);
    }
    live.child.kill('SIGTERM');
    await live.exited;
    live = null;
    const db = new Database(join(dir, 'court-assign.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare("SELECT count(*) FROM jobs WHERE status = 'done'").pluck().get()).toBe(40);
    db.close();
  });
});
