import { describe, expect, it } from 'vitest';
import { policyDefaults, resolvePolicy } from '../../schemas/index.js';

describe('policy defaults (API.md)', () => {
  it('fills every field with its documented default', () => {
    expect(resolvePolicy(undefined, { today: '2026-11-27', decidingLevel: 'high' })).toEqual({
      ...policyDefaults,
      asOf: '2026-11-27',
      crossRegionLevel: 'prefecture',
    });
  });

  it('uses province as the region unit when the SPC decides', () => {
    expect(resolvePolicy({}, { today: '2026-11-27', decidingLevel: 'supreme' }).crossRegionLevel).toBe('province');
    expect(resolvePolicy({ crossRegionLevel: 'prefecture' }, { today: '2026-11-27', decidingLevel: 'supreme' }).crossRegionLevel).toBe('prefecture');
  });

  it('merges nested objects with the defaults instead of replacing them', () => {
    const policy = resolvePolicy({ modeCost: { escalated: 5 }, defaultModes: { hard_backlog: ['escalated'] } }, { today: '2026-11-27', decidingLevel: 'high' });
    expect(policy.modeCost).toEqual({ designated: 0, escalated: 5, cross_region: 100 });
    expect(policy.defaultModes).toEqual({ ordinary: ['designated', 'escalated'], hard_backlog: ['escalated'] });
  });

  it('keeps an explicit null maxPerPair and zero weights', () => {
    const policy = resolvePolicy({ maxPerPair: null, perKm: 0, softShare: 0 }, { today: '2026-11-27', decidingLevel: 'high' });
    expect(policy).toMatchObject({ maxPerPair: null, perKm: 0, softShare: 0 });
  });
});
