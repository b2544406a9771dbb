/** The page's words in Chinese and English; the choice is kept in localStorage. */
const words = {
  title: { zh: '交叉执行规划', en: 'Cross-court execution planning' },
  signIn: { zh: '登录', en: 'Sign in' },
  signOut: { zh: '退出', en: 'Sign out' },
  apiKey: { zh: 'API 密钥', en: 'API key' },
  signedInAs: { zh: '已登录', en: 'Signed in' },
  badKey: { zh: '密钥无效或已撤销', en: 'The key is unknown or revoked' },
  dataset: { zh: '数据集', en: 'Dataset' },
  upload: { zh: '上传数据集（JSON 或 CSV）', en: 'Upload a dataset (JSON or CSV)' },
  uploadHint: { zh: 'JSON：{courts, cases, conflicts}；CSV：每行一个案件（id, originCourtId, receivedAt, workload, category, livelihood, amountOutstanding, debtorId），法院取全国法院网络', en: 'JSON: {courts, cases, conflicts}; CSV: one case per row (id, originCourtId, receivedAt, workload, category, livelihood, amountOutstanding, debtorId), courts from the national network' },
  uploaded: { zh: '已上传', en: 'Uploaded' },
  policy: { zh: '规则与权重', en: 'Policy' },
  perKm: { zh: '每公里成本', en: 'Cost per km' },
  minCrossRegionKm: { zh: '异地执行最小距离（公里）', en: 'Cross-region minimum km' },
  crossRegionLevel: { zh: '异地的范围', en: 'Cross-region leaves the' },
  prefecture: { zh: '地市', en: 'prefecture' },
  province: { zh: '省', en: 'province' },
  reciprocity: { zh: '互相交叉', en: 'Reciprocal pairs' },
  allow: { zh: '允许', en: 'allow' },
  forbid: { zh: '禁止', en: 'forbid' },
  softShare: { zh: '超负荷起点（容量比例）', en: 'Overload starts at (share of capacity)' },
  livelihoodFactor: { zh: '涉民生案件权重', en: 'Livelihood weight' },
  maxPerPair: { zh: '每对法院最多案件数（空为不限）', en: 'Max cases per court pair (empty: none)' },
  timeLimit: { zh: '求解时限（秒）', en: 'Time limit (s)' },
  capacityChange: { zh: '情景：法院容量调整', en: 'Scenario: capacity change' },
  capacityCourt: { zh: '法院或区划代码（空为不调整）', en: 'Court id or region code (empty: none)' },
  capacityPercent: { zh: '调整幅度 %', en: 'Change %' },
  run: { zh: '生成方案', en: 'Run plan' },
  stop: { zh: '停止', en: 'Stop' },
  queued: { zh: '排队中', en: 'queued' },
  running: { zh: '求解中', en: 'running' },
  done: { zh: '完成', en: 'done' },
  failed: { zh: '失败', en: 'failed' },
  cancelled: { zh: '已停止', en: 'stopped' },
  plans: { zh: '方案', en: 'Plans' },
  plan: { zh: '方案', en: 'Plan' },
  objective: { zh: '目标值', en: 'Objective' },
  lowerBound: { zh: '下界', en: 'Lower bound' },
  gap: { zh: '间隙', en: 'Gap' },
  map: { zh: '方案地图', en: 'Plan map' },
  utilisation: { zh: '法院负荷率', en: 'Court utilisation' },
  unassignedByReason: { zh: '未分配案件（按原因）', en: 'Unassigned cases by reason' },
  mode: { zh: '方式', en: 'Mode' },
  all: { zh: '全部', en: 'all' },
  designated: { zh: '指定执行', en: 'designated' },
  escalated: { zh: '提级执行', en: 'escalated' },
  cross_region: { zh: '跨域异地执行', en: 'cross-region' },
  reason: { zh: '原因', en: 'Reason' },
  assigned: { zh: '已分配', en: 'assigned' },
  screened_out: { zh: '筛除', en: 'screened out' },
  no_eligible_court: { zh: '无适格法院', en: 'no eligible court' },
  bundle: { zh: '案件组', en: 'bundle' },
  capacity: { zh: '容量不足', en: 'capacity' },
  cases: { zh: '案件', en: 'Cases' },
  caseId: { zh: '案件', en: 'Case' },
  origin: { zh: '原法院', en: 'Origin court' },
  court: { zh: '承办法院', en: 'Court' },
  km: { zh: '公里', en: 'km' },
  explain: { zh: '说明', en: 'Explain' },
  explanation: { zh: '为何是这家法院', en: 'Why this court' },
  chosen: { zh: '选定', en: 'Chosen' },
  alternatives: { zh: '其他可选法院', en: 'Alternatives' },
  blocked: { zh: '不可选的法院及规则', en: 'Courts ruled out, and the rule' },
  costDelta: { zh: '成本差', en: 'Cost delta' },
  hasRoom: { zh: '有余量', en: 'has room' },
  full: { zh: '已满', en: 'full' },
  compare: { zh: '比较两个方案', en: 'Compare two plans' },
  planA: { zh: '方案 A', en: 'Plan A' },
  planB: { zh: '方案 B', en: 'Plan B' },
  kpi: { zh: '指标', en: 'KPI' },
  delta: { zh: '变化', en: 'Delta' },
  movedCases: { zh: '变动案件', en: 'Changed cases' },
  courtLoadDeltas: { zh: '法院负荷变化', en: 'Court load deltas' },
  change: { zh: '变化', en: 'Change' },
  exportCsv: { zh: '导出 CSV', en: 'Export CSV' },
  load: { zh: '负荷', en: 'Load' },
  showing: { zh: '显示前', en: 'showing first' },
  error: { zh: '出错', en: 'Error' },
  language: { zh: 'English', en: '中文' },
} as const;

export type WordKey = keyof typeof words;
export type Language = 'zh' | 'en';

let language: Language = (localStorage.getItem('court-assign.language') as Language | null) ?? (navigator.language.startsWith('zh') ? 'zh' : 'en');

export function t(key: WordKey): string {
  return words[key][language];
}

/** A word if the key is one, else the text as it is (e.g. a mode or reason from the API). */
export function tOr(text: string): string {
  return text in words ? t(text as WordKey) : text;
}

export function currentLanguage(): Language {
  return language;
}

export function setLanguage(next: Language): void {
  language = next;
  localStorage.setItem('court-assign.language', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  applyWords(document.body);
}

/** Fills every element marked data-i18n with its word. */
export function applyWords(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) element.textContent = t(element.dataset.i18n as WordKey);
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]')) element.setAttribute('placeholder', t(element.dataset.i18nPlaceholder as WordKey));
}
