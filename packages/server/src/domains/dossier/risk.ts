import type { RiskGrade as RiskLevel } from '@nongan/shared/entities/schemas';

/**
 * The risk level of an entity (风险等级), derived from its supervision record over the last
 * RISK_WINDOW_DAYS, never typed in. It sets how closely the entity is watched (sampling draws
 * weigh it); the public scan shows the shorter-window colour instead (certificates/colour.ts).
 *
 * The rule, worst first:
 * - 高风险: a lab sample failed (抽检不合格), a positive rapid test was confirmed by the lab, a
 *   substance banned for that crop was found (禁限用药物检出), or a case was filed or is open;
 * - 中风险: a positive rapid test awaits lab confirmation, an inspection found problems, a
 *   rectification is open, the entity carries an active problem flag, or nobody has inspected or
 *   tested it in the window although it has been in the directory longer than NEW_ENTITY_DAYS
 *   (an unknown is not a low risk);
 * - 低风险: none of these.
 */
export const RISK_WINDOW_DAYS = 365;
export const NEW_ENTITY_DAYS = 90;

export interface RiskFacts {
  failedSamples: number;
  confirmedPositives: number;
  banLeads: number;
  cases: number;
  pendingPositives: number;
  problemInspections: number;
  openRectifications: number;
  problemFlags: number;
  /** Samples, rapid tests and inspections of the entity within the window. */
  supervisedTimes: number;
  /** Days since the entity entered the directory. */
  daysListed: number;
}

export type RiskReason = Exclude<keyof RiskFacts, 'supervisedTimes' | 'daysListed'> | 'unsupervised';

const HIGH: RiskReason[] = ['failedSamples', 'confirmedPositives', 'banLeads', 'cases'];
const MEDIUM: RiskReason[] = [
  'pendingPositives',
  'problemInspections',
  'openRectifications',
  'problemFlags',
  'unsupervised',
];

export const RISK_REASON_LABELS: Record<RiskReason, string> = {
  failedSamples: '一年内抽检不合格',
  confirmedPositives: '一年内快检阳性经定量检测确认',
  banLeads: '一年内禁限用药物检出',
  cases: '一年内立案查处或案件未结',
  pendingPositives: '快检阳性待定量检测确认',
  problemInspections: '一年内巡查发现问题',
  openRectifications: '整改未完成',
  problemFlags: '有待整改问题',
  unsupervised: '一年内无巡查和检测记录',
};

export const RISK_RULE =
  '高风险：一年内抽检不合格、快检阳性经确认、禁限用药物检出或有案件；中风险：快检阳性待确认、巡查发现问题、整改未完成、有待整改问题，或入库满90天而一年内无巡查和检测；其余为低风险。';

export function riskLevel(f: RiskFacts): { level: RiskLevel; reasons: RiskReason[] } {
  const count = (k: RiskReason) =>
    k === 'unsupervised' ? (f.supervisedTimes === 0 && f.daysListed > NEW_ENTITY_DAYS ? 1 : 0) : f[k];
  const high = HIGH.filter((k) => count(k) > 0);
  if (high.length) return { level: 'high', reasons: high };
  const medium = MEDIUM.filter((k) => count(k) > 0);
  if (medium.length) return { level: 'medium', reasons: medium };
  return { level: 'low', reasons: [] };
}
