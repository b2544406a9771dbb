import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanBody, PlanRequest } from '../../schemas/index.js';
import { checkPlan } from '../support/independentChecker.js';
import { planDirect, plannedOrThrow } from '../support/planDirect.js';
import { randomFrom, tinyRequest } from '../support/tinyRequests.js';

/** fast-check with a seed taken from the test's name, so a failure replays the same way. */
const seeded = (name: string, numRuns = 60) => ({ seed: Math.floor(randomFrom(name)() * 2 ** 31), numRuns });
const requestFromSeed = fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 14 })).map(([seed, cases]) => tinyRequest(randomFrom(String(seed)), cases));
const planOf = (request: PlanRequest): PlanBody => plannedOrThrow(planDirect(request));
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('every returned plan keeps every hard rule (fast-check)', () => {
  it('feasible, objective exact, bound below it', () => {
    fc.assert(
      fc.property(requestFromSeed, (request) => {
        const plan = planOf(request);
        expect(checkPlan(request, { ...plan, id: 'p', audit: {} as never }).problems).toEqual([]);
      }),
      seeded('every returned plan keeps every hard rule'),
    );
  });
});

describe('metamorphic: changes that must not move the optimum (or move it predictably)', () => {
  it('permuting courts, cases and conflicts keeps the optimum', () => {
    fc.assert(
      fc.property(requestFromSeed, fc.integer(), (request, shuffleSeed) => {
        const random = randomFrom(String(shuffleSeed));
        const shuffled = <T>(items: T[]) => items.map((item) => [random(), item] as const).sort((a, b) => a[0] - b[0]).map(([, item]) => item);
        const permuted = { ...request, courts: shuffled(request.courts), cases: shuffled(request.cases), conflicts: shuffled(request.conflicts ?? []) };
        expect(relative(planOf(permuted).objective, planOf(request).objective)).toBeLessThanOrEqual(1e-9);
      }),
      seeded('permuting the input keeps the optimum', 40),
    );
  });

  it('adding a zero-capacity court in jurisdiction, or any court outside it, keeps the optimum', () => {
    fc.assert(
      fc.property(requestFromSeed, (request) => {
        const baseline = planOf(request).objective;
        const template = request.courts.find((court) => court.level === 'basic' && court.parentId !== null)!;
        const deciding = request.decidingCourtId!;
        const idle = { ...template, id: 'idle-court', regionCode: template.regionCode.slice(0, 4) + '99', capacity: 0 };
        expect(relative(planOf({ ...request, courts: [...request.courts, idle] }).objective, baseline)).toBeLessThanOrEqual(1e-9);
        const outsider = request.courts.find((court) => court.level === 'high' && court.id !== deciding && deciding !== 'spc');
        const outside = outsider ? { ...template, id: 'outside-court', parentId: outsider.id, regionCode: outsider.regionCode + '0999', capacity: 50 } : null;
        if (outside) expect(relative(planOf({ ...request, courts: [...request.courts, outside] }).objective, baseline)).toBeLessThanOrEqual(1e-9);
      }),
      seeded('adding an irrelevant court keeps the optimum', 40),
    );
  });

  it('scaling every cost weight by a constant scales the optimum by it', () => {
    fc.assert(
      fc.property(requestFromSeed, fc.constantFrom(0.5, 3, 10), (request, factor) => {
        const policy = request.policy ?? {};
        const base = planOf({ ...request, policy: { ...policy, unassignedBase: policy.unassignedBase ?? 100_000 } }).objective;
        const scaled = planOf({
          ...request,
          policy: {
            ...policy,
            perKm: factor,
            modeCost: { designated: 0, escalated: 50 * factor, cross_region: 100 * factor },
            overloadPerUnit: 20 * factor,
            unassignedBase: (policy.unassignedBase ?? 100_000) * factor,
            changePenalty: 1000 * factor,
          },
        }).objective;
        expect(relative(scaled, base * factor)).toBeLessThanOrEqual(1e-9);
      }),
      seeded('scaling all costs scales the optimum', 40),
    );
  });
});

describe('reproducibility', () => {
  it('the same input and seed give a byte-identical plan', () => {
    fc.assert(
      fc.property(requestFromSeed, (request) => {
        expect(JSON.stringify(planOf(structuredClone(request)))).toBe(JSON.stringify(planOf(request)));
      }),
      seeded('same input and seed, same plan', 30),
    );
  });

  it('the seed breaks ties: among equally good courts different seeds pick different ones, each reproducibly', () => {
    // Two basic courts at the same spot and capacity: designations to either cost the same.
    const courts = [
      { id: 'spc', name: 'spc', level: 'supreme' as const, parentId: null, regionCode: '', location: { lat: 30, lng: 110 }, capacity: 0 },
      { id: 'h42', name: 'h42', level: 'high' as const, parentId: 'spc', regionCode: '42', location: { lat: 30, lng: 110 }, capacity: 0 },
      { id: 'i4201', name: 'i4201', level: 'intermediate' as const, parentId: 'h42', regionCode: '4201', location: { lat: 30, lng: 110 }, capacity: 0 },
      { id: 'origin', name: 'origin', level: 'basic' as const, parentId: 'i4201', regionCode: '420101', location: { lat: 30, lng: 110 }, capacity: 0 },
      { id: 'twin-a', name: 'twin-a', level: 'basic' as const, parentId: 'i4201', regionCode: '420102', location: { lat: 30.5, lng: 110 }, capacity: 10 },
      { id: 'twin-b', name: 'twin-b', level: 'basic' as const, parentId: 'i4201', regionCode: '420103', location: { lat: 30.5, lng: 110 }, capacity: 10 },
    ];
    const request = (seed: string): PlanRequest => ({ decidingCourtId: 'h42', courts, cases: [{ id: 'k', originCourtId: 'origin', receivedAt: '2020-01-01' }], policy: { asOf: '2025-06-30' }, options: { seed } });
    const chosen = new Set<string>();
    for (let seed = 0; seed < 16; seed++) {
      const first = planOf(request(String(seed)));
      expect(planOf(request(String(seed))).assignments).toEqual(first.assignments);
      chosen.add(first.assignments[0]!.courtId);
    }
    expect([...chosen].sort()).toEqual(['twin-a', 'twin-b']);
  });
});
