/**
 * `npm run -s gap -- FILE [--time-limit-ms N] [--seed S]`: solves one OR-Library GAP instance with
 * the core and prints {objective, lowerBound, gap, seconds} as JSON.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { solveAssignmentModel } from '../solver/core/coreSolve.js';
import { parseGapInstance } from '../solver/core/gapInstance.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'time-limit-ms': { type: 'string', default: '10000' }, seed: { type: 'string', default: '0' } } });
const file = positionals[0];
if (!file) {
  console.error('usage: npm run -s gap -- FILE [--time-limit-ms N] [--seed S]');
  process.exit(2);
}
const model = parseGapInstance(readFileSync(file, 'utf8'));
const started = performance.now();
const outcome = solveAssignmentModel(model, { timeLimitMs: Number(values['time-limit-ms']), gapTolerance: 1e-9, seed: values.seed!, stagnationRounds: Infinity, clock: () => performance.now() });
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ objective: outcome.objective, lowerBound: outcome.lowerBound, gap: outcome.gap, seconds, status: outcome.status }));
