import { z } from 'zod';
import { CaseCategorySchema, CaseSchema, ConflictSchema } from './case.js';
import { IdSchema, ModeSchema, RegionPrefixSchema, TextSchema } from './common.js';
import { CourtSchema } from './court.js';
import { limits } from './limits.js';
import { KpisSchema } from './plan.js';
import { PolicySchema } from './policy.js';
import { SolveOptionsSchema } from './planRequest.js';

export const DatasetRequestSchema = z
  .object({
    name: TextSchema.optional(),
    decidingCourtId: IdSchema.optional().describe("The court whose jurisdiction the dataset covers; default the caller's court"),
    courts: z.array(CourtSchema).min(1).max(limits.courts),
    cases: z.array(CaseSchema).max(limits.cases),
    conflicts: z.array(ConflictSchema).max(limits.conflicts).optional(),
  })
  .strict()
  .meta({ id: 'DatasetRequest' });
export type DatasetRequest = z.infer<typeof DatasetRequestSchema>;

export const DatasetSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    decidingCourtId: z.string(),
    courts: z.number().int(),
    cases: z.number().int(),
    conflicts: z.number().int(),
    workload: z.number(),
    capacity: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'DatasetSummary' });

const courtSelector = {
  allCourts: z.literal(true).optional().describe('Every court of the dataset'),
  courtId: IdSchema.optional(),
  courtIds: z.array(IdSchema).min(1).max(limits.courts).optional(),
  regionCode: RegionPrefixSchema.optional().describe('Every court whose region code starts with this (its own court included)'),
};

export const CapacityChangeSchema = z
  .object({
    ...courtSelector,
    set: z.number().min(0).max(limits.quantity).optional().describe('New capacity, absolute'),
    changePercent: z.number().min(-100).max(1_000).optional().describe('Relative change, e.g. -30 for a 30 % cut'),
  })
  .strict()
  .refine((change) => [change.allCourts, change.courtId, change.courtIds, change.regionCode].filter((selector) => selector !== undefined).length === 1, 'name exactly one of allCourts, courtId, courtIds, regionCode')
  .refine((change) => (change.set === undefined) !== (change.changePercent === undefined), 'give exactly one of set, changePercent');
export type CapacityChange = z.infer<typeof CapacityChangeSchema>;

export const ConflictKeySchema = z
  .object({ courtId: IdSchema, caseId: IdSchema.optional(), partyId: IdSchema.optional() })
  .strict()
  .refine((key) => (key.caseId === undefined) !== (key.partyId === undefined), 'give exactly one of caseId, partyId');

export const CaseFilterSchema = z
  .object({
    originRegion: RegionPrefixSchema.optional().describe('Keep cases whose origin court’s region code starts with this'),
    categories: z.array(CaseCategorySchema).min(1).optional(),
    livelihood: z.boolean().optional(),
    caseIds: z.array(IdSchema).max(limits.cases).optional().describe('Keep only these cases'),
    excludeCaseIds: z.array(IdSchema).max(limits.cases).optional(),
  })
  .strict();

export const PatchSchema = z
  .object({
    capacities: z.array(CapacityChangeSchema).max(limits.courts).optional().describe('Applied in order'),
    closeCourts: z.array(IdSchema).max(limits.courts).optional().describe('Capacity 0: the court takes no case'),
    addConflicts: z.array(ConflictSchema).max(limits.conflicts).optional(),
    removeConflicts: z.array(ConflictKeySchema).max(limits.conflicts).optional(),
    cases: CaseFilterSchema.optional(),
    policy: PolicySchema.optional().describe('Merged over the scenario’s policy, field by field'),
  })
  .strict()
  .meta({ id: 'Patch' });
export type Patch = z.infer<typeof PatchSchema>;

export const ScenarioRequestSchema = z
  .object({
    datasetId: IdSchema,
    name: TextSchema.optional(),
    patch: PatchSchema.optional(),
    policy: PolicySchema.optional(),
    options: SolveOptionsSchema.optional(),
    referencePlanId: IdSchema.optional().describe('Re-plan against this plan: moves cost changePenalty, its ruled assignments stay'),
  })
  .strict()
  .meta({ id: 'ScenarioRequest' });
export type ScenarioRequest = z.infer<typeof ScenarioRequestSchema>;

export const ScenarioSchema = z
  .object({ id: z.string(), datasetId: z.string(), name: z.string(), jobId: z.string(), status: z.string(), planId: z.string().nullable(), patch: z.unknown(), createdAt: z.string() })
  .meta({ id: 'Scenario' });

export const ReplanRequestSchema = z
  .object({ patch: PatchSchema.optional(), options: SolveOptionsSchema.optional() })
  .strict()
  .meta({ id: 'ReplanRequest' });

export const FitRequestSchema = z.object({ case: CaseSchema }).strict().meta({ id: 'FitRequest' });

const kpiNames = ['assignedCases', 'assignedWorkload', 'livelihoodCoverage', 'meanKm', 'maxKm', 'crossRegionShare', 'maxUtilisation', 'reciprocalPairs', 'changedVsReference', 'objective', 'gap'] as const;
export const comparedKpis = kpiNames;

export const ComparisonSchema = z
  .object({
    a: z.string(),
    b: z.string(),
    kpis: z.array(z.object({ kpi: z.enum(kpiNames), a: z.number().nullable(), b: z.number().nullable(), delta: z.number().nullable() })),
    courts: z.array(z.object({ courtId: z.string(), loadA: z.number().nullable(), loadB: z.number().nullable(), loadDelta: z.number(), capacityA: z.number().nullable(), capacityB: z.number().nullable() })).describe('Courts whose load or capacity differs'),
    cases: z.array(
      z.object({
        caseId: z.string(),
        change: z.enum(['moved', 'newly_assigned', 'dropped', 'mode_changed']),
        from: z.object({ courtId: z.string(), mode: ModeSchema }).nullable(),
        to: z.object({ courtId: z.string(), mode: ModeSchema }).nullable(),
      }),
    ),
    counts: z.object({ moved: z.number().int(), newlyAssigned: z.number().int(), dropped: z.number().int(), modeChanged: z.number().int(), unchanged: z.number().int(), disruption: z.number().int().describe('Cases of plan a whose assignment plan b changes: moved + dropped + mode changed') }),
  })
  .meta({ id: 'Comparison' });
export type Comparison = z.infer<typeof ComparisonSchema>;

export const ScreenRequestSchema = z
  .object({
    cases: z.array(CaseSchema).min(1).max(limits.cases),
    courts: z.array(CourtSchema).max(limits.courts).optional().describe('When given, every origin court must be among them and inside your jurisdiction'),
    policy: PolicySchema.optional(),
  })
  .strict()
  .meta({ id: 'ScreenRequest' });

export const ScreenResultSchema = z
  .object({
    caseId: z.string(),
    netAgeDays: z.number().int(),
    excludedDays: z.number().int(),
    sixMonthsReachedOn: z.string().describe('receivedAt + excludedDays + minNetAgeDays'),
    triggers: z.array(z.enum(['six_month_rule', 'relief_requested', 'repeat_debtor', 'seized_property_undisposed', 'petition', 'interference', 'special_subject_debtor'])),
    category: CaseCategorySchema,
    allowedModes: z.array(ModeSchema),
    screenedOut: z.object({ rule: z.enum(['execution_impossible', 'too_recent']), routeTo: z.string() }).optional(),
  })
  .meta({ id: 'ScreenResult' });

export const ScreenResponseSchema = z.object({ asOf: z.string(), results: z.array(ScreenResultSchema) }).meta({ id: 'ScreenResponse' });

export const FitSchema = z
  .object({
    planId: z.string(),
    caseId: z.string(),
    screenedOut: z.object({ rule: z.string(), detail: z.string() }).nullable(),
    unassignedPenalty: z.number().describe('What leaving the case out costs: an option is worth it when its objectiveDelta is below'),
    options: z.array(
      z.object({
        courtId: z.string(),
        mode: ModeSchema,
        km: z.number(),
        costTotal: z.number().describe('The case’s own cost there: convenience + mode'),
        overloadDelta: z.number(),
        displaced: z.object({ caseId: z.string(), toCourtId: z.string().nullable(), toMode: ModeSchema.nullable(), costDelta: z.number() }).nullable().describe('The case that would have to make room, where it would go (null: left out), and its cost change'),
        objectiveDelta: z.number().describe('Change of the plan’s objective, the new case’s penalty aside'),
      }),
    ).describe('Cheapest first'),
    blocked: z.array(z.object({ courtId: z.string(), rule: z.string(), detail: z.string() })),
  })
  .meta({ id: 'Fit' });

/** Policy fields a sweep may vary: the numeric and yes/no ones. */
export const sweepablePolicyFields = ['perKm', 'softShare', 'overloadPerUnit', 'unassignedBase', 'livelihoodFactor', 'changePenalty', 'minCrossRegionKm', 'minNetAgeDays', 'maxPerPair', 'reciprocity', 'livelihoodCrossRegion', 'allowSpecialised', 'crossRegionLevel', 'repeatDebtorCases'] as const;

export const SweepParameterSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('capacityPercent').describe('Change the capacity of the selected courts (every court when none is named) by each value, in %'),
      courtId: IdSchema.optional(),
      courtIds: z.array(IdSchema).min(1).max(limits.courts).optional(),
      regionCode: RegionPrefixSchema.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('policy'), field: z.enum(sweepablePolicyFields) }).strict(),
]);

export const SweepRequestSchema = z
  .object({
    datasetId: IdSchema,
    patch: PatchSchema.optional(),
    policy: PolicySchema.optional(),
    options: SolveOptionsSchema.optional(),
    vary: SweepParameterSchema,
    values: z.array(z.union([z.number(), z.string().max(100), z.boolean(), z.null()])).min(1).max(25),
  })
  .strict()
  .meta({ id: 'SweepRequest' });
export type SweepRequest = z.infer<typeof SweepRequestSchema>;

export const sweepColumns = ['value', 'planId', 'status', 'objective', 'lowerBound', 'gap', 'assignedCases', 'assignedWorkload', 'livelihoodCoverage', 'meanKm', 'maxKm', 'crossRegionShare', 'maxUtilisation', 'reciprocalPairs', 'changedVsReference'] as const;

export const SweepSchema = z
  .object({
    datasetId: z.string(),
    vary: SweepParameterSchema,
    rows: z.array(
      z.object({ value: z.union([z.number(), z.string(), z.boolean(), z.null()]), planId: z.string(), status: z.string(), objective: z.number(), lowerBound: z.number(), gap: z.number() }).extend(KpisSchema.shape),
    ),
  })
  .meta({ id: 'Sweep' });
