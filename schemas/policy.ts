import { z } from 'zod';
import { CalendarDateSchema, ModeSchema, type CourtLevel, type Mode } from './common.js';

const modeList = z.array(ModeSchema).min(1).max(3);
const nonNegative = z.number().min(0).max(1e12);

/** Every field optional; nested objects merge with `policyDefaults`. */
export const PolicySchema = z
  .object({
    asOf: CalendarDateSchema.optional().describe('Date for net age; default today (UTC)'),
    perKm: nonNegative.optional().describe('Cost per workload unit per great-circle km; default 1'),
    modeCost: z
      .object({ designated: nonNegative.optional(), escalated: nonNegative.optional(), cross_region: nonNegative.optional() })
      .strict()
      .optional()
      .describe('Cost per assigned case by mode; default designated 0, escalated 50, cross_region 100'),
    softShare: z.number().min(0).max(1).optional().describe('Share of capacity above which overload is charged; default 0.85'),
    overloadPerUnit: nonNegative.optional().describe('Cost per workload unit above softShare × capacity; default 20'),
    unassignedBase: nonNegative.optional().describe('Base of the unassigned penalty; default 100000'),
    livelihoodFactor: z.number().min(1).max(1e6).optional().describe('Multiplier of the penalty for livelihood / special-group cases; default 2'),
    changePenalty: nonNegative.optional().describe('Per case changed against the reference; default 1000'),
    crossRegionLevel: z.enum(['prefecture', 'province']).optional().describe('Default prefecture (province when the deciding court is the SPC)'),
    minCrossRegionKm: z.number().min(0).max(50_000).optional().describe('Minimum origin → target km for cross_region; default 0'),
    minNetAgeDays: z.number().int().min(0).max(100_000).optional().describe('Younger cases are screened out unless escalationRequested; default 183'),
    reciprocity: z.enum(['allow', 'forbid']).optional().describe('forbid: no courts A, B with cases A→B and B→A; default allow'),
    maxPerPair: z.number().int().min(0).max(1e9).nullable().optional().describe('Max cases from one origin to one target; default none'),
    livelihoodCrossRegion: z.boolean().optional().describe('Livelihood / special-group cases may go cross_region; default false'),
    allowSpecialised: z.boolean().optional().describe('Specialised courts may be targets; default false'),
    repeatDebtorCases: z.number().int().min(2).max(1_000_000).optional().describe('Screening: unfinished cases against one debtor, across courts, that make a harder-backlog signal; default 10'),
    defaultModes: z
      .object({ ordinary: modeList.optional(), hard_backlog: modeList.optional() })
      .strict()
      .optional()
      .describe('Modes for cases without allowedModes'),
  })
  .strict()
  .meta({ id: 'Policy' });
export type Policy = z.infer<typeof PolicySchema>;

/** A policy with every field set: what the solver works with and what a plan stores. */
export interface ResolvedPolicy {
  asOf: string;
  perKm: number;
  modeCost: Record<Mode, number>;
  softShare: number;
  overloadPerUnit: number;
  unassignedBase: number;
  livelihoodFactor: number;
  changePenalty: number;
  crossRegionLevel: 'prefecture' | 'province';
  minCrossRegionKm: number;
  minNetAgeDays: number;
  reciprocity: 'allow' | 'forbid';
  /** null: no limit. */
  maxPerPair: number | null;
  livelihoodCrossRegion: boolean;
  allowSpecialised: boolean;
  repeatDebtorCases: number;
  defaultModes: { ordinary: Mode[]; hard_backlog: Mode[] };
}

/** The documented defaults of API.md, except the two that depend on the request (asOf, crossRegionLevel). */
export const policyDefaults: Omit<ResolvedPolicy, 'asOf' | 'crossRegionLevel'> = {
  perKm: 1,
  modeCost: { designated: 0, escalated: 50, cross_region: 100 },
  softShare: 0.85,
  overloadPerUnit: 20,
  unassignedBase: 100_000,
  livelihoodFactor: 2,
  changePenalty: 1000,
  minCrossRegionKm: 0,
  minNetAgeDays: 183,
  reciprocity: 'allow',
  maxPerPair: null,
  livelihoodCrossRegion: false,
  allowSpecialised: false,
  repeatDebtorCases: 10,
  defaultModes: { ordinary: ['designated', 'escalated'], hard_backlog: ['cross_region', 'escalated'] },
};

/**
 * Merges a request's policy over the defaults. `today` is passed in rather than read here so that
 * this stays pure; `decidingLevel` picks the region unit (province when the SPC decides).
 */
export function resolvePolicy(policy: Policy | undefined, context: { today: string; decidingLevel: CourtLevel }): ResolvedPolicy {
  const given = policy ?? {};
  return {
    asOf: given.asOf ?? context.today,
    perKm: given.perKm ?? policyDefaults.perKm,
    modeCost: { ...policyDefaults.modeCost, ...stripUndefined(given.modeCost) },
    softShare: given.softShare ?? policyDefaults.softShare,
    overloadPerUnit: given.overloadPerUnit ?? policyDefaults.overloadPerUnit,
    unassignedBase: given.unassignedBase ?? policyDefaults.unassignedBase,
    livelihoodFactor: given.livelihoodFactor ?? policyDefaults.livelihoodFactor,
    changePenalty: given.changePenalty ?? policyDefaults.changePenalty,
    crossRegionLevel: given.crossRegionLevel ?? (context.decidingLevel === 'supreme' ? 'province' : 'prefecture'),
    minCrossRegionKm: given.minCrossRegionKm ?? policyDefaults.minCrossRegionKm,
    minNetAgeDays: given.minNetAgeDays ?? policyDefaults.minNetAgeDays,
    reciprocity: given.reciprocity ?? policyDefaults.reciprocity,
    maxPerPair: given.maxPerPair === undefined ? policyDefaults.maxPerPair : given.maxPerPair,
    livelihoodCrossRegion: given.livelihoodCrossRegion ?? policyDefaults.livelihoodCrossRegion,
    allowSpecialised: given.allowSpecialised ?? policyDefaults.allowSpecialised,
    repeatDebtorCases: given.repeatDebtorCases ?? policyDefaults.repeatDebtorCases,
    defaultModes: { ...policyDefaults.defaultModes, ...stripUndefined(given.defaultModes) },
  };
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
