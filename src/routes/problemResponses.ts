import { ProblemSchema } from '../../schemas/index.js';

/** Problem bodies every authenticated route may answer with, declared so /openapi.json lists them. */
export const authProblems = {
  401: ProblemSchema.describe('No or unknown API key'),
} as const;

export const bodyProblems = {
  400: ProblemSchema.describe('The body does not match the schema; `errors` names each field'),
  413: ProblemSchema.describe('The body is larger than the limit'),
  415: ProblemSchema.describe('The body is not application/json'),
} as const;

/** Everything a route that takes a PlanRequest may refuse it with. */
export const planningProblems = {
  ...bodyProblems,
  ...authProblems,
  403: ProblemSchema.describe('The deciding court is outside your jurisdiction'),
  422: ProblemSchema.describe('Unknown or duplicate ids, a broken court tree, a pin that breaks a rule, or a model above the size cap'),
  503: ProblemSchema.describe('Solvers or job queue full; see Retry-After'),
} as const;
