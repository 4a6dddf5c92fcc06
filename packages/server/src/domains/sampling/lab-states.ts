/**
 * The testing centre's sample states, pure. A result acts outside the lab (hold, flag, colour,
 * follow-up, events, statistics) only in 'verified' or 'reported'.
 */
export const LAB_STATES = [
  'registered',
  'received',
  'rejected',
  'entered',
  'verified',
  'reported',
  'invalidated',
] as const;
export type LabState = (typeof LAB_STATES)[number];

export const LAB_ACTIONS = [
  'receive',
  'reject',
  'enter',
  'verify',
  'return',
  'report',
  'invalidate',
] as const;
export type LabAction = (typeof LAB_ACTIONS)[number];

const MOVES: Record<LabAction, { from: readonly LabState[]; to: LabState; needsReason: boolean }> = {
  receive: { from: ['registered'], to: 'received', needsReason: false },
  reject: { from: ['registered'], to: 'rejected', needsReason: true },
  enter: { from: ['received'], to: 'entered', needsReason: false },
  verify: { from: ['entered'], to: 'verified', needsReason: false },
  return: { from: ['entered'], to: 'received', needsReason: true },
  report: { from: ['verified'], to: 'reported', needsReason: false },
  invalidate: { from: ['verified', 'reported'], to: 'invalidated', needsReason: true },
};

export const STATE_NAMES: Record<LabState, string> = {
  registered: '已抽样',
  received: '已接收',
  rejected: '已拒收',
  entered: '已录入',
  verified: '已审核',
  reported: '已出报告',
  invalidated: '已作废',
};

export const ACTION_NAMES: Record<LabAction, string> = {
  receive: '接收',
  reject: '拒收',
  enter: '录入结果',
  verify: '审核通过',
  return: '退回',
  report: '出具报告',
  invalidate: '作废',
};

export type Transition = { ok: true; to: LabState } | { ok: false; reason: string };

/** The state after `action`, or why it may not happen. */
export function transition(from: LabState, action: LabAction, reason?: string | null): Transition {
  const m = MOVES[action];
  if (!m.from.includes(from))
    return { ok: false, reason: `样品${STATE_NAMES[from]}，不能${ACTION_NAMES[action]}` };
  if (m.needsReason && !reason?.trim()) return { ok: false, reason: `${ACTION_NAMES[action]}须填写原因` };
  return { ok: true, to: m.to };
}

/** Verdicts count outside the lab only in these states. */
export const isFinal = (s: string): boolean => s === 'verified' || s === 'reported';

export const isLabState = (s: string): s is LabState => (LAB_STATES as readonly string[]).includes(s);

export interface LabSettingsRule {
  verifierRoles: readonly string[];
  /** May the person who entered a result verify it too? */
  selfVerify: boolean;
}

export const DEFAULT_LAB_SETTINGS = {
  verifierRoles: ['testing_centre', 'district_staff'],
  selfVerify: false,
  /** Days a sample may wait in a state before it is overdue. */
  overdueDays: { registered: 3, received: 7, entered: 3, verified: 5 } as Record<string, number>,
  /** 复检 must be requested within this many days of the report (由检测中心设置). */
  retestWindowDays: 7,
};

/** Whether this user may verify a result entered by `enteredBy`; a reason when not. */
export function mayVerify(
  rule: LabSettingsRule,
  user: { id: string; role: string },
  enteredBy: string | null,
): { ok: true } | { ok: false; reason: string } {
  if (!rule.verifierRoles.includes(user.role)) return { ok: false, reason: '您的角色不能审核检测结果' };
  if (!rule.selfVerify && enteredBy !== null && enteredBy === user.id)
    return { ok: false, reason: '检测中心规定录入人不能审核自己录入的结果，须由第二人审核' };
  return { ok: true };
}

/** Overdue: waited longer in its state than the setting allows (no limit = never). */
export function isOverdue(
  state: string,
  since: Date,
  now: Date,
  overdueDays: Record<string, number>,
): boolean {
  const days = overdueDays[state];
  if (days === undefined || days <= 0) return false;
  return now.getTime() - since.getTime() > days * 86400_000;
}

/** A result as shown: below LOD never as a number; between LOD and LOQ marked. */
export function resultDisplay(
  value: number | null,
  unit: string,
  lod: number | null,
  loq: number | null,
): { text: string; belowLoq: boolean } {
  if (value === null || (lod !== null && value < lod))
    return { text: lod !== null ? `< LOD (${lod} ${unit})` : '未检出', belowLoq: false };
  if (loq !== null && value < loq) return { text: `${value} ${unit}（检出但低于定量限）`, belowLoq: true };
  return { text: `${value} ${unit}`, belowLoq: false };
}
