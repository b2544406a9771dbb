import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PlanRequestSchema, type PlanRequest } from '../../schemas/index.js';

/** ../shared/data/requests beside the repository: requests with optima proven by an independent solver. */
export const sampleRequestDir = fileURLToPath(new URL('../../../shared/data/requests/', import.meta.url));

export function loadSampleRequest(file: string): PlanRequest {
  return PlanRequestSchema.parse(JSON.parse(readFileSync(sampleRequestDir + file, 'utf8')));
}

/** file → proven optimum, from optimum.tsv. */
export function sampleOptima(): Map<string, number> {
  const rows = readFileSync(sampleRequestDir + 'optimum.tsv', 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((row) => {
    const [file, optimum] = row.split('\t');
    return [file!, Number(optimum)];
  }));
}
