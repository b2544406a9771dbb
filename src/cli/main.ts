/**
 * court-assign CLI for analysts: `court-assign solve|compare|sweep|screen …` against a running
 * service (local or remote). Long solves show a progress bar fed by the job's event stream.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { followJob } from './jobProgress.js';
import { manageKeysLocally } from './localKeys.js';
import { ServiceClient } from './serviceClient.js';

const usage = `usage: court-assign <command> [options]
  solve FILE              solve a plan request (JSON) as a job, with progress; prints the plan
  compare PLAN_A PLAN_B   KPIs, per-court loads and the case diff of two stored plans
  sweep FILE              run a sweep request (JSON); prints the KPI table
  screen FILE             screen an inventory ({cases, courts?, policy?}); prints a row per case
  keys create --user U --court COURT|spc --role analyst|approver|admin
  keys list | keys revoke KEY_ID
                          manage API keys in the local database (--data-dir, default $DATA_DIR or ./data)
options:
  --url URL     the service (default $COURT_ASSIGN_URL or http://127.0.0.1:3000)
  --key KEY     API key (default $COURT_ASSIGN_KEY)
  --csv         CSV instead of JSON (solve: the assignments; compare: the case diff)
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      csv: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
      'data-dir': { type: 'string' },
      user: { type: 'string' },
      court: { type: 'string' },
      role: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(usage);
    return command || values.help ? 0 : 2;
  }
  if (command === 'keys') {
    const [action, id] = rest;
    return print(manageKeysLocally(values['data-dir'] ?? process.env.DATA_DIR ?? './data', { action, id, user: values.user, court: values.court, role: values.role }));
  }
  const key = values.key ?? process.env.COURT_ASSIGN_KEY;
  if (!key) throw new Error('an API key is needed: --key or COURT_ASSIGN_KEY');
  const client = new ServiceClient(values.url ?? process.env.COURT_ASSIGN_URL ?? 'http://127.0.0.1:3000', key);
  const accept = values.csv ? 'text/csv' : 'application/json';
  const readJson = (file: string | undefined) => {
    if (!file) throw new Error(`${command} needs a FILE`);
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  };

  switch (command) {
    case 'solve': {
      const accepted = (await client.send('POST', '/v1/jobs', readJson(rest[0]))) as { id: string };
      const job = await followJob(client, accepted.id, process.stderr);
      if (job.status === 'failed' || !job.planId) throw new Error(`the job ${job.status}: ${JSON.stringify(job.error)}`);
      const plan = (await client.send('GET', `/v1/plans/${job.planId}`)) as { assignments: Record<string, unknown>[] };
      return print(values.csv ? assignmentsCsv(plan.assignments) : plan);
    }
    case 'compare':
      if (rest.length < 2) throw new Error('compare needs two plan ids');
      return print(await client.send('GET', `/v1/plans/${rest[0]}/compare/${rest[1]}`, undefined, accept));
    case 'sweep':
      process.stderr.write('sweeping: the solves run on the service; the table follows when all are done\n');
      return print(await client.send('POST', '/v1/sweeps', readJson(rest[0]), accept));
    case 'screen':
      return print(await client.send('POST', '/v1/screen', readJson(rest[0]), accept));
    default:
      process.stderr.write(`unknown command ${command}\n${usage}`);
      return 2;
  }
}

function print(result: unknown): number {
  process.stdout.write(typeof result === 'string' ? result : `${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

function assignmentsCsv(assignments: Record<string, unknown>[]): string {
  const rows = assignments.map((entry) => [entry.caseId, entry.courtId, entry.mode, (entry.cost as { km: number }).km, (entry.cost as { total: number }).total].join(','));
  return ['caseId,courtId,mode,km,costTotal', ...rows].join('\n') + '\n';
}

// exitCode, not exit(): a large answer written to a pipe must drain before the process ends.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`court-assign: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
