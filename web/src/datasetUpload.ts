/** A dataset from a file: JSON as the API takes it, or a CSV of cases placed on the national court network. */
import Papa from 'papaparse';
import type { ServiceApi } from './api.js';

interface DatasetSummary {
  id: string;
  name: string;
}

const truthy = (value: string | undefined) => value !== undefined && /^(1|true|yes|是)$/i.test(value.trim());
const numberOr = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : Number(value));

/** One case per CSV row; columns beyond the known ones are ignored, empty cells left out. */
export function casesFromCsv(text: string): Record<string, unknown>[] {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`CSV row ${(parsed.errors[0]!.row ?? 0) + 2}: ${parsed.errors[0]!.message}`);
  return parsed.data.map((row) => {
    const courtCase: Record<string, unknown> = { id: row.id, originCourtId: row.originCourtId, receivedAt: row.receivedAt };
    const workload = numberOr(row.workload);
    const amount = numberOr(row.amountOutstanding);
    if (workload !== undefined) courtCase.workload = workload;
    if (amount !== undefined) courtCase.amountOutstanding = amount;
    if (row.category?.trim()) courtCase.category = row.category.trim();
    if (truthy(row.livelihood)) courtCase.livelihood = true;
    if (row.debtorId?.trim()) courtCase.debtor = { id: row.debtorId.trim() };
    return courtCase;
  });
}

export async function uploadDataset(api: ServiceApi, file: File): Promise<DatasetSummary> {
  const text = await file.text();
  if (file.name.toLowerCase().endsWith('.csv')) {
    const network = await api.json<{ courts: unknown[] }>('GET', '/v1/network');
    return api.json<DatasetSummary>('POST', '/v1/datasets', { name: file.name, courts: network.courts, cases: casesFromCsv(text) });
  }
  // A plan request file (with policy and options) is a dataset too: only the dataset's fields are sent.
  const { name, decidingCourtId, courts, cases, conflicts } = JSON.parse(text) as Record<string, unknown>;
  return api.json<DatasetSummary>('POST', '/v1/datasets', { name: name ?? file.name, decidingCourtId, courts, cases, conflicts });
}
