import { z } from 'zod';
import { LifecycleSchema } from './lifecycle.js';
import { ModeSchema } from './common.js';

export const planStatuses = ['optimal', 'feasible', 'time_limit'] as const;
export const unassignedReasons = ['screened_out', 'no_eligible_court', 'bundle', 'capacity'] as const;

export const LegalBasisSchema = z
  .object({ instrument: z.string(), version: z.string(), article: z.string() })
  .meta({ id: 'LegalBasis' });
export type LegalBasis = z.infer<typeof LegalBasisSchema>;

export const AssignmentSchema = z
  .object({
    caseId: z.string(),
    courtId: z.string(),
    mode: ModeSchema,
    cost: z.object({
      km: z.number().describe('Great-circle km from the anchor to the court'),
      convenience: z.number().describe('workload × perKm × km'),
      mode: z.number(),
      total: z.number().describe('convenience + mode'),
    }),
    legalBasis: z.array(LegalBasisSchema).min(1),
    reasons: z.array(z.string()),
  })
  .meta({ id: 'Assignment' });
export type Assignment = z.infer<typeof AssignmentSchema>;

export const UnassignedSchema = z
  .object({ caseId: z.string(), reason: z.enum(unassignedReasons), detail: z.string() })
  .meta({ id: 'Unassigned' });
export type Unassigned = z.infer<typeof UnassignedSchema>;

export const CourtLoadSchema = z
  .object({
    courtId: z.string(),
    load: z.number(),
    capacity: z.number(),
    utilisation: z.number().nullable().describe('load / capacity; null when capacity is 0'),
    inByMode: z.object({ designated: z.number(), escalated: z.number(), cross_region: z.number() }),
    out: z.number(),
  })
  .meta({ id: 'CourtLoad' });
export type CourtLoad = z.infer<typeof CourtLoadSchema>;

export const KpisSchema = z
  .object({
    assignedCases: z.number(),
    assignedWorkload: z.number(),
    livelihoodCoverage: z.number().nullable(),
    meanKm: z.number().nullable(),
    maxKm: z.number().nullable(),
    crossRegionShare: z.number().nullable(),
    maxUtilisation: z.number().nullable(),
    reciprocalPairs: z.number(),
    changedVsReference: z.number(),
  })
  .meta({ id: 'Kpis' });
export type Kpis = z.infer<typeof KpisSchema>;

export const AuditSchema = z
  .object({
    inputHash: z.string(),
    seed: z.string(),
    solverVersion: z.string(),
    requestedBy: z.object({ courtId: z.string(), user: z.string() }),
    createdAt: z.string(),
    durationMs: z.number(),
  })
  .meta({ id: 'PlanAudit' });

export const PlanSchema = z
  .object({
    id: z.string(),
    decidingCourtId: z.string(),
    status: z.enum(planStatuses),
    objective: z.number(),
    lowerBound: z.number(),
    gap: z.number(),
    assignments: z.array(AssignmentSchema),
    unassigned: z.array(UnassignedSchema),
    courts: z.array(CourtLoadSchema),
    kpis: KpisSchema,
    audit: AuditSchema,
    lifecycle: LifecycleSchema,
  })
  .meta({ id: 'Plan' });
export type Plan = z.infer<typeof PlanSchema>;

/** What the solver decides: a plan before the service gives it an id and an audit record. */
export type PlanBody = Omit<Plan, 'id' | 'audit' | 'lifecycle'>;

export const AlternativeSchema = z.object({
  courtId: z.string(),
  mode: ModeSchema,
  km: z.number(),
  costTotal: z.number().describe('convenience + mode (+ changePenalty when it leaves the reference)'),
  costDelta: z.number().describe('costTotal minus the chosen court’s'),
  hasRoom: z.boolean().describe('Whether the court could take the case without exceeding its capacity in this plan'),
});

export const BlockedCourtSchema = z.object({ courtId: z.string(), rule: z.string(), detail: z.string() });

export const ExplanationSchema = z
  .object({
    planId: z.string(),
    caseId: z.string(),
    chosen: z.object({ courtId: z.string(), mode: ModeSchema, costTotal: z.number() }).nullable(),
    unassigned: UnassignedSchema.nullable(),
    alternatives: z.array(AlternativeSchema).describe('Every eligible court, cheapest first'),
    blocked: z.array(BlockedCourtSchema).describe('Every other court in jurisdiction with the first rule that blocks it'),
  })
  .meta({ id: 'Explanation' });
export type Explanation = z.infer<typeof ExplanationSchema>;
