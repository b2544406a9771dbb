import { z } from 'zod';
import { IdSchema } from './common.js';
import { ActorSchema } from './lifecycle.js';

export const auditSubjects = ['plan', 'job', 'dataset', 'api_key'] as const;

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    action: z.string().describe('e.g. plan.created, plan.approved, plan.overridden, job.accepted, job.cancelled'),
    subjectType: z.enum(auditSubjects),
    subjectId: z.string(),
    actor: ActorSchema,
    detail: z.record(z.string(), z.unknown()),
    hash: z.string().describe('sha256 over the previous entry’s hash and this entry: the chain shows a removed row'),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z
  .object({
    action: z.string().max(100).optional(),
    subjectType: z.enum(auditSubjects).optional(),
    subjectId: IdSchema.optional(),
    user: z.string().max(200).optional(),
    since: z.iso.datetime().optional().describe('ISO 8601 instant, inclusive'),
    until: z.iso.datetime().optional().describe('ISO 8601 instant, exclusive'),
    after: z.coerce.number().int().min(0).optional().describe('Cursor: entries after this seq (nextCursor of the previous page)'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditPageSchema = z
  .object({ items: z.array(AuditEntrySchema), nextCursor: z.number().int().nullable().describe('Pass as `after` for the next page; null at the end') })
  .meta({ id: 'AuditPage' });
