import { describe, expect, it } from 'vitest';
import type { Court, PlanRequest } from '../../schemas/index.js';
import { court } from '../support/fixtures.js';
import { planDirect, plannedOrThrow } from '../support/planDirect.js';

/** One degree of latitude along a meridian: R·π/180 km with R = 6371. */
const degreeKm = (6371 * Math.PI) / 180;

/** Courts along the prime meridian, so distances are whole degrees of latitude. */
const meridianCourt = (id: string, level: Court['level'], parentId: string | null, regionCode: string, lat: number, capacity: number) => court(id, level, parentId, regionCode, lat, 0, capacity);

/**
 * Four cases, every term of the objective hand-computed. Net ages: 365 days for A and B
 * (received 2024-06-30, as of 2025-06-30), 730 for D (received 2023-07-01, over a leap day); C is 29 days old and screened out.
 */
const request: PlanRequest = {
  decidingCourtId: 'h11',
  courts: [
    meridianCourt('spc', 'supreme', null, '', 0, 0),
    meridianCourt('h11', 'high', 'spc', '11', 0, 0),
    meridianCourt('i1101', 'intermediate', 'h11', '1101', 0, 0),
    meridianCourt('b110101', 'basic', 'i1101', '110101', 0, 10),
    meridianCourt('b110102', 'basic', 'i1101', '110102', 1, 2),
    meridianCourt('b110103', 'basic', 'i1101', '110103', 2, 1),
  ],
  cases: [
    { id: 'A', originCourtId: 'b110101', receivedAt: '2024-06-30', workload: 2 },
    { id: 'B', originCourtId: 'b110101', receivedAt: '2024-06-30', livelihood: true },
    { id: 'C', originCourtId: 'b110101', receivedAt: '2025-06-01' },
    { id: 'D', originCourtId: 'b110101', receivedAt: '2023-07-01' },
  ],
  policy: { asOf: '2025-06-30' },
  reference: {
    assignments: [
      { caseId: 'B', courtId: 'b110103', mode: 'designated' },
      { caseId: 'D', courtId: 'b110103', mode: 'designated' },
    ],
  },
};

describe('the objective against hand-computed values', () => {
  const plan = plannedOrThrow(planDirect(request));

  it('places A at b110102 and B at b110103 and leaves D out', () => {
    expect(plan.assignments.map(({ caseId, courtId, mode }) => ({ caseId, courtId, mode }))).toEqual([
      { caseId: 'A', courtId: 'b110102', mode: 'designated' },
      { caseId: 'B', courtId: 'b110103', mode: 'designated' },
    ]);
    expect(plan.unassigned.map(({ caseId, reason }) => ({ caseId, reason }))).toEqual([
      { caseId: 'C', reason: 'screened_out' },
      { caseId: 'D', reason: 'capacity' },
    ]);
  });

  it('sums convenience, overload, the unassigned penalty and the change penalty', () => {
    const convenienceA = 2 * 1 * degreeKm; // workload 2 × perKm 1 × 1°
    const convenienceB = 1 * 1 * 2 * degreeKm; // workload 1 × 2°
    const overload = 20 * (2 - 0.85 * 2) + 20 * (1 - 0.85 * 1); // both targets filled above 85 %
    const penaltyD = 100_000 * 1 * 1 * (1 + 730 / 365); // not livelihood: factor 1
    const changedD = 1000; // D had a reference entry and is left out; B kept its reference
    const expected = convenienceA + convenienceB + overload + penaltyD + changedD;
    expect(Math.abs(plan.objective - expected) / expected).toBeLessThanOrEqual(1e-12);
    expect(plan.status).toBe('optimal');
  });

  it('reports each assignment’s cost terms and the KPIs', () => {
    expect(plan.assignments[0]!.cost.km).toBeCloseTo(degreeKm, 9);
    expect(plan.assignments[0]!.cost).toMatchObject({ mode: 0 });
    expect(plan.assignments[0]!.cost.total).toBeCloseTo(2 * degreeKm, 9);
    expect(plan.kpis).toMatchObject({ assignedCases: 2, assignedWorkload: 3, livelihoodCoverage: 1, crossRegionShare: 0, reciprocalPairs: 0, changedVsReference: 1, maxUtilisation: 1 });
    expect(plan.kpis.meanKm).toBeCloseTo(1.5 * degreeKm, 9);
    expect(plan.courts.map((row) => [row.courtId, row.load, row.utilisation])).toEqual([
      ['h11', 0, null],
      ['i1101', 0, null],
      ['b110101', 0, 0],
      ['b110102', 2, 1],
      ['b110103', 1, 1],
    ]);
    expect(plan.courts.find((row) => row.courtId === 'b110101')!.out).toBe(2);
  });

  it('says why each unassigned case stayed, in court terms', () => {
    expect(plan.unassigned[0]!.detail).toContain('net age 29 days is below 183');
    expect(plan.unassigned[1]!.detail).toMatch(/4 eligible court\(s\).*h11 \(load 0\/0, full\).*b110102 \(load 2\/2, full\).*b110103 \(load 1\/1, full\)/);
  });

  it('a livelihood penalty doubles and age raises it: an old livelihood D takes a place, A (least penalty per unit) waits', () => {
    const swapped = plannedOrThrow(planDirect({ ...request, cases: request.cases.map((c) => (c.id === 'D' ? { ...c, livelihood: true, receivedAt: '2020-01-01' } : c)) }));
    expect(swapped.assignments.map((entry) => entry.caseId).sort()).toEqual(['B', 'D']);
    expect(swapped.unassigned.find((entry) => entry.reason === 'capacity')!.caseId).toBe('A');
  });
});
