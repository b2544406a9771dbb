import type { FieldError } from '../schemas/index.js';

/**
 * A domain error answered as RFC 9457 problem details. Thrown by services and routes, turned into
 * the response by the one error handler (plugins/problemHandler.ts).
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problemType: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export const problemTypeBase = 'https://court-assign.example/problems/';

export const problems = {
  inconsistentRequest: (errors: FieldError[]) =>
    new ProblemError(422, 'inconsistent-request', 'Inconsistent request', errors.map((error) => `${error.path}: ${error.message}`).slice(0, 3).join('; '), errors),
  tooLarge: (detail: string) => new ProblemError(422, 'too-large', 'Request too large to plan', detail, [{ path: 'cases', message: detail }]),
  outsideJurisdiction: (detail: string) => new ProblemError(403, 'outside-jurisdiction', 'Outside your jurisdiction', detail, [{ path: 'decidingCourtId', message: detail }]),
  unauthenticated: (detail: string) => new ProblemError(401, 'unauthenticated', 'Authentication required', detail, undefined, { 'www-authenticate': 'Bearer' }),
  invalidField: (path: string, message: string) => new ProblemError(400, 'invalid-request', 'Invalid request', `${path}: ${message}`, [{ path, message }]),
  forbiddenRole: (detail: string) => new ProblemError(403, 'forbidden-role', 'Not allowed for your role', detail),
  conflict: (detail: string) => new ProblemError(409, 'conflict', 'Conflicts with the current state', detail),
  notFound: (what: string) => new ProblemError(404, 'not-found', 'Not found', `${what} was not found`),
};

/** `/cases/12/originCourtId` → `cases[12].originCourtId`; the root is `$`. */
export function jsonPathOf(segments: readonly (string | number)[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path === '' ? '$' : path;
}
