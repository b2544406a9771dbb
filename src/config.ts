import { z } from 'zod';

/** The process's settings; the only place that reads process.env. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** When set, the demo SPC admin key has this value; otherwise a random key is made and printed. */
  DEMO_API_KEY: z.string().min(16, 'DEMO_API_KEY needs at least 16 characters').optional(),
  /** Largest model a solve may build, in candidate (case, court) arcs: memory and time scale with it. */
  MAX_CANDIDATE_ARCS: z.coerce.number().int().min(1).default(8_000_000),
  /** Jobs waiting beyond this are refused with 503 and Retry-After. */
  MAX_QUEUED_JOBS: z.coerce.number().int().min(1).default(100),
  /** `POST /v1/plans` with more cases than this becomes a job (202) instead of a solve the client waits for. */
  SYNC_MAX_CASES: z.coerce.number().int().min(0).default(20_000),
  /** Whether the start installs the demo dataset (Hebei's courts, 10,000 generated cases) and its plan request file. */
  DEMO_DATA: z.enum(['on', 'off']).default('on').transform((value) => value === 'on'),
  /** Requests per minute per API key (or per address without a key), beyond which 429. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1_200),
  /** Jobs one API key may have queued or running at once. */
  MAX_JOBS_PER_KEY: z.coerce.number().int().min(1).default(20),
  /** Event-loop delay beyond which requests are shed with 503. */
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(10).default(1_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
