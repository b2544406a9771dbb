import type { Case, Court, PlanRequest } from '../../schemas/index.js';

/**
 * A fixed court tree for readable tests: the SPC; high courts 11 and 13; intermediate courts
 * 1101, 1102, 1301; basic courts under them. Locations on a grid so distances are easy to reason about.
 */
/** A court of the given level and place; the name is derived from the id. */
export const court = (id: string, level: Court['level'], parentId: string | null, regionCode: string, lat: number, lng: number, capacity = 10): Court => ({
  id, name: `${id} 人民法院`, level, parentId, regionCode, location: { lat, lng }, capacity,
});

export function fixtureCourts(): Court[] {
  return [
    court('spc', 'supreme', null, '', 39.9, 116.4),
    court('h11', 'high', 'spc', '11', 39.9, 116.4),
    court('i1101', 'intermediate', 'h11', '1101', 40.0, 116.0),
    court('b110101', 'basic', 'i1101', '110101', 40.0, 116.0),
    court('b110102', 'basic', 'i1101', '110102', 40.1, 116.1),
    court('b110103', 'basic', 'i1101', '110103', 40.2, 116.2),
    court('i1102', 'intermediate', 'h11', '1102', 41.0, 117.0),
    court('b110201', 'basic', 'i1102', '110201', 41.0, 117.0),
    court('b110202', 'basic', 'i1102', '110202', 41.1, 117.1),
    court('h13', 'high', 'spc', '13', 38.0, 114.5),
    court('i1301', 'intermediate', 'h13', '1301', 38.0, 114.5),
    court('b130101', 'basic', 'i1301', '130101', 38.0, 114.5),
  ];
}

export function fixtureCase(overrides: Partial<Case> = {}): Case {
  return { id: 'case-1', originCourtId: 'b110101', receivedAt: '2024-01-01', ...overrides };
}

export function fixtureRequest(overrides: Partial<PlanRequest> = {}): PlanRequest {
  return {
    decidingCourtId: 'h11',
    courts: fixtureCourts(),
    cases: [fixtureCase()],
    policy: { asOf: '2025-06-30' },
    ...overrides,
  };
}
