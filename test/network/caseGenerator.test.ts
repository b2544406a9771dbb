import { rmSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlanRequestSchema, type PlanRequest } from '../../schemas/index.js';
import { demoCaller } from '../../src/app.js';
import { caseMix, generateCampaign } from '../../src/network/caseGenerator.js';
import { courtNetwork } from '../../src/network/courtNetwork.js';
import { demoDataset, ensureDemoDataset } from '../../src/network/demoDataset.js';
import { checkPlan } from '../support/independentChecker.js';
import { planDirect } from '../support/planDirect.js';
import { temporaryDataDir, testApp } from '../support/testApp.js';

const network = courtNetwork().courts;
const hebei = (seed = 'calibration') => generateCampaign({ network, decidingCourtId: 'h13', cases: 10_000, seed });
const share = (request: PlanRequest, holds: (courtCase: PlanRequest['cases'][number]) => boolean) => request.cases.filter(holds).length / request.cases.length;

describe('the seeded case generator on the real network', () => {
  it('gives the same campaign for the same seed and another for another seed', () => {
    expect(JSON.stringify(hebei('a'))).toBe(JSON.stringify(hebei('a')));
    expect(JSON.stringify(hebei('a'))).not.toBe(JSON.stringify(hebei('b')));
  });

  it('keeps the deciding court’s jurisdiction and its ancestors, and makes a valid, consistent request', () => {
    const request = hebei();
    expect(PlanRequestSchema.safeParse(request).success).toBe(true);
    const ids = new Set(request.courts.map((court) => court.id));
    expect(ids.has('spc') && ids.has('h13') && !ids.has('h11')).toBe(true);
    expect(request.courts.every((court) => court.level === 'supreme' || court.regionCode.startsWith('13'))).toBe(true);
    expect(request.cases.every((courtCase) => ids.has(courtCase.originCourtId))).toBe(true);
  });

  it('follows the documented case mix', () => {
    const request = hebei();
    expect(share(request, (c) => c.livelihood === true)).toBeCloseTo(caseMix.livelihoodShare, 1);
    expect(share(request, (c) => c.executionImpossible === true)).toBeCloseTo(caseMix.executionImpossibleShare, 1);
    expect(share(request, (c) => c.category === 'hard_backlog')).toBeGreaterThanOrEqual(caseMix.hardBacklogShare - 0.02);
    expect(share(request, (c) => c.category === 'hard_backlog')).toBeLessThanOrEqual(caseMix.hardBacklogShare + 0.05);
    const amounts = request.cases.map((c) => c.amountOutstanding!);
    const mean = amounts.reduce((sum, amount) => sum + amount, 0) / amounts.length;
    // ≈ ¥160 bn over ≈ 300,000 moved cases (DOMAIN.md): ≈ ¥533,000 a case.
    expect(mean).toBeGreaterThan(300_000);
    expect(mean).toBeLessThan(900_000);
    const netAges = request.cases.map((c) => (Date.parse('2025-06-30') - Date.parse(c.receivedAt)) / 86_400_000 - (c.excludedDays ?? 0));
    expect(netAges.filter((age) => age < 183).length / netAges.length).toBeCloseTo(caseMix.netAge.tooRecentShare, 1);
    expect(share(request, (c) => (c.excludedDays ?? 0) > 0)).toBeCloseTo(caseMix.excluded.share, 1);
  });

  it('makes debtors consistent parties: repeat debtors with ≥ 10 cases, one domicile each, bundles of one debtor in one court, conflicts', () => {
    const request = hebei();
    const byDebtor = new Map<string, PlanRequest['cases']>();
    for (const c of request.cases) byDebtor.set(c.debtor!.id!, [...(byDebtor.get(c.debtor!.id!) ?? []), c]);
    expect([...byDebtor.values()].some((owed) => owed.length >= 10)).toBe(true);
    for (const owed of byDebtor.values()) {
      expect(new Set(owed.map((c) => JSON.stringify({ ...c.debtor }))).size).toBe(1);
    }
    const bundles = new Map<string, PlanRequest['cases']>();
    for (const c of request.cases.filter((entry) => entry.bundleId)) bundles.set(c.bundleId!, [...(bundles.get(c.bundleId!) ?? []), c]);
    expect(bundles.size).toBeGreaterThan(10);
    for (const members of bundles.values()) {
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(members.length).toBeLessThanOrEqual(caseMix.bundle.maxSize);
      expect(new Set(members.map((c) => `${c.debtor!.id}@${c.originCourtId}`)).size).toBe(1);
    }
    expect(request.conflicts!.some((conflict) => conflict.caseId) && request.conflicts!.some((conflict) => conflict.partyId)).toBe(true);
  });

  it('scales the network’s relative capacities to the campaign’s workload', () => {
    const request = generateCampaign({ network, decidingCourtId: 'h13', cases: 5_000, seed: 'capacity', capacityRatio: 1.5 });
    const workload = request.cases.reduce((sum, c) => sum + (c.workload ?? 1), 0);
    const capacity = request.courts.reduce((sum, court) => sum + court.capacity, 0);
    expect(capacity / workload).toBeGreaterThan(1.45);
    expect(capacity / workload).toBeLessThan(1.55);
  });
});

describe('the embedded demo', () => {
  it('installs the demo dataset and its plan request once, and a plan on it passes the independent checker', async () => {
    const dataDir = temporaryDataDir();
    const app = await testApp({ dataDir });
    try {
      const first = ensureDemoDataset(app.storage, dataDir, demoCaller);
      const again = ensureDemoDataset(app.storage, dataDir, demoCaller);
      expect(again).toEqual(first);
      expect(app.storage.datasets.summary(demoDataset.id)).toMatchObject({ cases: demoDataset.cases, decidingCourtId: 'h13' });
      const request = PlanRequestSchema.parse(JSON.parse(readFileSync(first.requestFile, 'utf8')));
      const outcome = planDirect({ ...request, options: { ...request.options, timeLimitMs: 3_000 } }, request.policy!.asOf!);
      if (outcome.kind !== 'planned') throw new Error(outcome.kind);
      expect(outcome.plan.kpis.assignedCases).toBeGreaterThan(demoDataset.cases / 2);
      expect(checkPlan(request, { ...outcome.plan, id: 'demo', audit: {} as never }, request.policy!.asOf!).problems).toEqual([]);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
