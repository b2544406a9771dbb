import { z } from 'zod';

export const jobStatuses = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const jobPhases = ['queued', 'compiling', 'exact', 'greedy', 'lagrangian', 'local_search', 'reporting', 'finished'] as const;

export const JobProgressSchema = z
  .object({
    phase: z.enum(jobPhases),
    objective: z.number().nullable().describe('Best plan so far; null before the first'),
    lowerBound: z.number().nullable().describe('Best bound so far; null before the first'),
    gap: z.number().nullable(),
    elapsedMs: z.number().describe('Since the solve started; 0 while queued'),
  })
  .meta({ id: 'JobProgress' });
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const JobAcceptedSchema = z.object({ id: z.string(), status: z.enum(jobStatuses) }).meta({ id: 'JobAccepted' });

export const JobSchema = z
  .object({
    id: z.string(),
    status: z.enum(jobStatuses),
    progress: JobProgressSchema,
    planId: z.string().nullable().describe('Set when done, or when cancelled after a plan was found'),
    error: z.object({ title: z.string(), detail: z.string(), errors: z.array(z.object({ path: z.string(), message: z.string() })).optional() }).nullable(),
    attempts: z.number().int().describe('Solves started; above 1 when the service restarted mid-solve'),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof JobSchema>;
