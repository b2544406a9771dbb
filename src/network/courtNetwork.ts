import { readFileSync } from 'node:fs';
import type { Court } from '../../schemas/index.js';

/** The court network and how it was made (sources, licences, rules, match report). */
export interface CourtNetwork {
  about: {
    built: string;
    sources: { package: string; version: string; licence: string; used: string }[];
    rules: Record<'courts' | 'names' | 'places' | 'capacities', string>;
    report: { counties: number; matchedByCode: number; matchedByName: number; placedAtIntermediateCourt: string[]; skippedWithoutCourt: string[]; prefecturesWithoutCourts: string[] };
  };
  courts: Court[];
}

/**
 * Capacities are relative: what each court could take in a national campaign of about 100,000
 * workload units. A dataset scales them to its own case volume (see the case generator).
 */
export const capacityRule = {
  description:
    'relative execution capacity for a national campaign: basic courts 40 for an urban district (…区), 32 for a county-level city (…市), 24 for a county or banner; ' +
    'intermediate courts 20 + 2 per basic court below them; high courts 30; the SPC 0 (it does not execute cases itself); datasets scale capacities to their case volume',
  basic: (name: string): number => (name.endsWith('区') ? 40 : name.endsWith('市') ? 32 : 24),
  intermediate: (basicCourts: number): number => 20 + 2 * basicCourts,
  high: 30,
};

let cached: CourtNetwork | undefined;

/** The committed network (src/network/courtNetwork.json), read once. */
export function courtNetwork(): CourtNetwork {
  cached ??= JSON.parse(readFileSync(new URL('./courtNetwork.json', import.meta.url), 'utf8')) as CourtNetwork;
  return cached;
}
