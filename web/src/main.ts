/** The analyst's page: sign in with a key, pick a dataset, set the policy, run a plan or a scenario, look at it, compare two. */
import { ApiProblem, ServiceApi, type Job } from './api.js';
import { drawCaseList, showExplanation } from './caseList.js';
import { showComparison } from './compareView.js';
import { uploadDataset } from './datasetUpload.js';
import { applyWords, currentLanguage, setLanguage, t } from './i18n.js';
import { drawPlanCharts, drawPlanMap, loadPlanMap, type Mode, type PlanFilters, type PlanMap } from './planView.js';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const keyStorage = 'court-assign.key';

let api: ServiceApi | null = null;
let shownMap: PlanMap | null = null;
let runningJob: string | null = null;

function reportError(error: unknown): void {
  const element = byId<HTMLParagraphElement>('error');
  element.textContent = `${t('error')}: ${error instanceof Error ? error.message : String(error)}`;
  element.hidden = false;
}
const guarded = (action: () => Promise<void>) => () => void action().catch(reportError);

async function signIn(key: string): Promise<void> {
  const candidate = new ServiceApi(key);
  try {
    await candidate.json('GET', '/v1/datasets');
  } catch (error) {
    byId('sign-in-error').textContent = error instanceof ApiProblem && error.status === 401 ? t('badKey') : String(error);
    byId('sign-in-error').hidden = false;
    return;
  }
  api = candidate;
  sessionStorage.setItem(keyStorage, key);
  byId('sign-in').hidden = true;
  byId('sign-in-error').hidden = true;
  byId('workspace').hidden = false;
  byId('who').hidden = false;
  await Promise.all([refreshDatasets(), refreshPlans()]);
}

function signOut(): void {
  api = null;
  sessionStorage.removeItem(keyStorage);
  byId('workspace').hidden = true;
  byId('who').hidden = true;
  byId('sign-in').hidden = false;
}

async function refreshDatasets(select?: string): Promise<void> {
  const { items } = await api!.json<{ items: { id: string; name: string; cases: number; courts: number }[] }>('GET', '/v1/datasets');
  const element = byId<HTMLSelectElement>('dataset');
  element.replaceChildren(...items.map((dataset) => new Option(`${dataset.name} (${dataset.cases} ${t('cases')}, ${dataset.courts})`, dataset.id)));
  if (select) element.value = select;
}

async function refreshPlans(select?: string): Promise<void> {
  const { items } = await api!.json<{ items: { id: string; status: string; gap: number; createdAt?: string }[] }>('GET', '/v1/plans?limit=100');
  const options = () => items.map((plan) => new Option(`${plan.id.slice(0, 11)} · ${plan.status} · ${t('gap')} ${plan.gap.toExponential(1)}`, plan.id));
  for (const id of ['plan', 'compare-a', 'compare-b']) byId<HTMLSelectElement>(id).replaceChildren(...options());
  if (items.length > 1) byId<HTMLSelectElement>('compare-a').value = items[1]!.id;
  if (select) {
    byId<HTMLSelectElement>('plan').value = select;
    byId<HTMLSelectElement>('compare-b').value = select;
  }
  const planId = byId<HTMLSelectElement>('plan').value;
  if (planId) await showPlan(planId);
}

/** The policy, options and patch the form describes (empty fields left to the service's defaults). */
function scenarioFromForm(datasetId: string) {
  const form = new FormData(byId<HTMLFormElement>('policy'));
  const value = (name: string) => String(form.get(name) ?? '').trim();
  const policy: Record<string, unknown> = {
    perKm: Number(value('perKm')),
    minCrossRegionKm: Number(value('minCrossRegionKm')),
    crossRegionLevel: value('crossRegionLevel'),
    reciprocity: value('reciprocity'),
    softShare: Number(value('softShare')),
    livelihoodFactor: Number(value('livelihoodFactor')),
  };
  if (value('maxPerPair') !== '') policy.maxPerPair = Number(value('maxPerPair'));
  const target = value('capacityTarget');
  const percent = Number(value('capacityPercent'));
  const selector = /^\d{2,6}$/.test(target) ? { regionCode: target } : { courtId: target };
  return {
    datasetId,
    policy,
    options: { timeLimitMs: Math.round(Number(value('timeLimitS')) * 1000) },
    ...(target !== '' && percent !== 0 ? { patch: { capacities: [{ ...selector, changePercent: percent }] } } : {}),
  };
}

async function runScenario(): Promise<void> {
  const datasetId = byId<HTMLSelectElement>('dataset').value;
  const scenario = scenarioFromForm(datasetId);
  const accepted = await api!.json<{ id: string }>('POST', '/v1/scenarios', scenario);
  runningJob = accepted.id;
  byId<HTMLButtonElement>('run').disabled = true;
  byId<HTMLButtonElement>('stop').disabled = false;
  const progress = byId<HTMLProgressElement>('progress');
  const status = byId('job-status');
  const limitMs = scenario.options.timeLimitMs;
  progress.removeAttribute('value');
  let job: Job;
  try {
    job = await api!.followJob(accepted.id, (update) => {
      progress.value = Math.min(1, update.elapsedMs / limitMs);
      status.textContent = `${t('running')} · ${update.phase} · ${t('objective')} ${update.objective?.toFixed(0) ?? '—'} · ${t('gap')} ${update.gap === null ? '—' : update.gap.toExponential(2)}`;
    });
  } finally {
    runningJob = null;
    byId<HTMLButtonElement>('run').disabled = false;
    byId<HTMLButtonElement>('stop').disabled = true;
  }
  progress.value = 1;
  status.textContent = `${t(job.status)}${job.error ? ` · ${job.error.title}: ${job.error.detail}` : ''}`;
  status.dataset.status = job.status;
  if (job.planId) await refreshPlans(job.planId);
}

async function stopScenario(): Promise<void> {
  if (runningJob) await api!.json('DELETE', `/v1/jobs/${runningJob}`);
}

/** The two plans chosen in the compare selects, side by side. */
function compareSelected(): Promise<void> {
  return showComparison(byId('comparison'), api!, byId<HTMLSelectElement>('compare-a').value, byId<HTMLSelectElement>('compare-b').value);
}

function currentFilters(): PlanFilters {
  return {
    mode: byId<HTMLSelectElement>('filter-mode').value as Mode | 'all',
    province: byId<HTMLSelectElement>('filter-province').value,
    reason: byId<HTMLSelectElement>('filter-reason').value,
  };
}

async function showPlan(planId: string): Promise<void> {
  const [map, plan] = await Promise.all([loadPlanMap(api!, planId), api!.json<{ objective: number; lowerBound: number; gap: number; status: string; kpis: Record<string, number | null> }>('GET', `/v1/plans/${planId}`)]);
  shownMap = map;
  byId('plan-summary').textContent = `${plan.status} · ${t('objective')} ${plan.objective.toFixed(0)} · ${t('lowerBound')} ${plan.lowerBound.toFixed(0)} · ${t('gap')} ${plan.gap.toExponential(2)} · ${t('assigned')} ${plan.kpis.assignedCases}`;
  const provinces = [...new Set(map.courts.map((court) => court.regionCode.slice(0, 2)).filter((code) => code.length === 2))].sort();
  const provinceSelect = byId<HTMLSelectElement>('filter-province');
  const chosen = provinceSelect.value;
  provinceSelect.replaceChildren(new Option(t('all'), 'all'), ...provinces.map((code) => new Option(code, code)));
  provinceSelect.value = provinces.includes(chosen) ? chosen : 'all';
  byId('explanation').hidden = true;
  await redraw();
}

async function redraw(only?: PlanMap['flows'][number]): Promise<void> {
  if (!shownMap) return;
  const map = shownMap;
  const filters = currentFilters();
  const explain = (caseId: string) => void showExplanation(byId('explanation'), api!, map.planId, caseId).catch(reportError);
  drawCaseList(byId<HTMLTableElement>('cases'), map, filters, explain, only);
  drawPlanCharts(byId('utilisation'), byId('reasons'), map, filters);
  await drawPlanMap(byId('map'), map, filters, (flow) => drawCaseList(byId<HTMLTableElement>('cases'), map, currentFilters(), explain, flow));
}

function showLanguage(): void {
  byId('language').textContent = t('language');
  applyWords(document.body);
  const status = byId('job-status');
  if (status.dataset.status) status.textContent = t(status.dataset.status as Job['status']);
}

byId('language').addEventListener('click', guarded(async () => {
  setLanguage(currentLanguage() === 'zh' ? 'en' : 'zh');
  showLanguage();
  // Texts made from API answers are redrawn in the new language too.
  if (!api) return;
  const planId = byId<HTMLSelectElement>('plan').value;
  if (planId) await showPlan(planId);
  if (!byId('comparison').hidden) await compareSelected();
}));
byId<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn(byId<HTMLInputElement>('api-key').value.trim()).catch(reportError);
});
byId('sign-out').addEventListener('click', signOut);
byId('run').addEventListener('click', guarded(runScenario));
byId('stop').addEventListener('click', guarded(stopScenario));
byId('plan').addEventListener('change', guarded(() => showPlan(byId<HTMLSelectElement>('plan').value)));
for (const id of ['filter-mode', 'filter-province', 'filter-reason']) byId(id).addEventListener('change', guarded(() => redraw()));
byId('compare').addEventListener('click', guarded(compareSelected));
byId<HTMLInputElement>('dataset-file').addEventListener('change', guarded(async () => {
  const file = byId<HTMLInputElement>('dataset-file').files?.[0];
  if (!file) return;
  const dataset = await uploadDataset(api!, file);
  await refreshDatasets(dataset.id);
  byId('job-status').textContent = `${t('uploaded')}: ${dataset.name}`;
}));

showLanguage();
const remembered = sessionStorage.getItem(keyStorage);
if (remembered) void signIn(remembered).catch(reportError);
