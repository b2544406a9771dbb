import type { Case, LegalBasis, Mode } from '../schemas/index.js';

const civilProcedureLaw = '中华人民共和国民事诉讼法 (Civil Procedure Law)';
const executionInterpretation = '最高人民法院关于适用《中华人民共和国民事诉讼法》执行程序若干问题的解释 (SPC Interpretation on the execution procedure)';
const enforcementRules = '最高人民法院关于人民法院执行工作若干问题的规定（试行） (SPC Rules on enforcement work)';
const crossExecutionOpinion = '最高人民法院关于交叉执行工作的指导意见 法发〔2024〕9号 (SPC Guiding Opinion on cross execution)';

/**
 * The instruments an assignment rests on (DOMAIN.md §3). Art. 237 and Arts. 10–13 carry the
 * six-month trigger; Art. 15 applies when the origin court asked to be relieved; Art. 74 is the
 * higher court's power to execute or designate; the 2024 opinion governs designation and
 * cross-region moves and the "two conveniences".
 */
export function legalBasisFor(mode: Mode, courtCase: Case, sixMonthsMet: boolean): LegalBasis[] {
  const basis: LegalBasis[] = [];
  if (sixMonthsMet) {
    basis.push({ instrument: civilProcedureLaw, version: '2023', article: '237' });
    basis.push({ instrument: executionInterpretation, version: '2020 amendment', article: '10–13' });
  }
  if (courtCase.escalationRequested === true) basis.push({ instrument: enforcementRules, version: '2020 amendment', article: '15' });
  basis.push({ instrument: enforcementRules, version: '2020 amendment', article: '74' });
  if (mode !== 'escalated') basis.push({ instrument: crossExecutionOpinion, version: '2024', article: '两便原则 (two conveniences)' });
  return basis;
}
