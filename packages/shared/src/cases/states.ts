/**
 * The life of an enforcement case (案件查处, plan 二(九)) and of a held lot, as pure rules the
 * server enforces and the web uses to offer only the actions that can succeed.
 */

export const CASE_STATES = [
  'registered',
  'investigating',
  'decided',
  'executed',
  'closed',
  'withdrawn',
] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  registered: '登记',
  investigating: '调查',
  decided: '决定',
  executed: '执行',
  closed: '结案',
  withdrawn: '撤销/不予立案',
};
/** The states a case passes through in order; none may be skipped. */
export const CASE_PATH: readonly CaseState[] = [
  'registered',
  'investigating',
  'decided',
  'executed',
  'closed',
];
/** States with a deadline (the case is still being worked on). */
export const OPEN_STATES: readonly CaseState[] = ['registered', 'investigating', 'decided', 'executed'];
export type OpenState = 'registered' | 'investigating' | 'decided' | 'executed';
export const isOpen = (s: string): s is OpenState => (OPEN_STATES as readonly string[]).includes(s);

/** The action that moves a case into a state, as the button says it. */
export const CASE_ACTION_LABELS: Record<Exclude<CaseState, 'registered'>, string> = {
  investigating: '开始调查',
  decided: '作出决定',
  executed: '执行完毕',
  closed: '结案',
  withdrawn: '撤销/不予立案',
};

/**
 * 五不放过: a case is not closed before cause, responsible people, rectification, education and
 * lessons (with preventive measures) are settled.
 */
export const FIVE_ITEMS = ['cause', 'responsible', 'rectification', 'education', 'lessons'] as const;
export type FiveItem = (typeof FIVE_ITEMS)[number];
export const FIVE_ITEM_LABELS: Record<FiveItem, string> = {
  cause: '原因未查清不放过',
  responsible: '责任人员未处理不放过',
  rectification: '整改措施未落实不放过',
  education: '有关人员未受到教育不放过',
  lessons: '教训未吸取、防范措施未落实不放过',
};
export const FIVE_ITEM_SHORT: Record<FiveItem, string> = {
  cause: '原因',
  responsible: '责任人',
  rectification: '整改',
  education: '教育',
  lessons: '教训与防范',
};
export type FiveItems = Partial<Record<FiveItem, string | null>>;

/** The five items still unsettled (empty or blank). */
export function missingItems(items: FiveItems): FiveItem[] {
  return FIVE_ITEMS.filter((k) => !items[k]?.trim());
}

/**
 * The states a case may move to next: one step along the path, or 撤销/不予立案 before a decision
 * (after a decision the case is carried through; a wrong decision is corrected by review, not by
 * dropping the case).
 */
export function nextStates(from: string): CaseState[] {
  const i = CASE_PATH.indexOf(from as CaseState);
  if (i < 0 || i === CASE_PATH.length - 1) return [];
  const next = [CASE_PATH[i + 1] as CaseState];
  if (from === 'registered' || from === 'investigating') next.push('withdrawn');
  return next;
}

export interface TransitionInput {
  note?: string | null;
  /** The five items as saved, checked when closing. */
  items?: FiveItems;
}

/** Why a case cannot move from `from` to `to` (Chinese, with the field it concerns), or null. */
export function transitionProblem(
  from: string,
  to: string,
  input: TransitionInput = {},
): { field: string; reason: string } | null {
  if (!nextStates(from).includes(to as CaseState)) {
    const fromLabel = CASE_STATE_LABELS[from as CaseState] ?? from;
    const toLabel = CASE_STATE_LABELS[to as CaseState] ?? to;
    if (!isOpen(from)) return { field: 'to', reason: `案件已${fromLabel}，不能再变更状态` };
    const expected = nextStates(from)
      .map((s) => CASE_STATE_LABELS[s])
      .join('或');
    return {
      field: 'to',
      reason: `案件处于“${fromLabel}”，不能直接转为“${toLabel}”，下一步应为“${expected}”`,
    };
  }
  if ((to === 'withdrawn' || to === 'decided') && !input.note?.trim())
    return {
      field: 'note',
      reason: to === 'withdrawn' ? '撤销或不予立案须写明理由' : '作出决定须写明决定内容',
    };
  if (to === 'closed') {
    const missing = missingItems(input.items ?? {});
    if (missing.length)
      return {
        field: missing.join(','),
        reason: `“五不放过”未落实，不能结案：${missing.map((k) => FIVE_ITEM_SHORT[k]).join('、')}`,
      };
  }
  return null;
}

/** The deadline of a state that began on `startDay` (YYYY-MM-DD), `days` calendar days later. */
export function dueOn(startDay: string, days: number): string {
  const t = Date.parse(`${startDay}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Overdue: still open and its deadline has passed (the deadline day itself is still in time). */
export const isOverdue = (state: string, due: string | null, today: string) =>
  isOpen(state) && !!due && due < today;

// --- held lots (lot_holds) ---

export const HOLD_STATUSES = ['held', 'released', 'destroyed', 'returned', 'recalled'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];
export type Disposition = Exclude<HoldStatus, 'held'>;
export const DISPOSITIONS: readonly Disposition[] = ['released', 'destroyed', 'returned', 'recalled'];
export const HOLD_STATUS_LABELS: Record<HoldStatus, string> = {
  held: '控制中',
  released: '已解除',
  destroyed: '已销毁',
  returned: '已退回',
  recalled: '已召回',
};
export const DISPOSITION_LABELS: Record<Disposition, string> = {
  released: '解除控制',
  destroyed: '销毁',
  returned: '退回',
  recalled: '召回',
};
/**
 * Dispositions that put the lot back in trade (解除, 退回): refused while an open case covers it.
 * 销毁 and 召回 keep it off the market, and are often what the case decides.
 */
export const RELEASING: readonly Disposition[] = ['released', 'returned'];

export interface DispositionInput {
  note?: string | null;
  /** Evidence files already attached to the hold. */
  evidence: number;
  /** The number of an open case covering the lot, if any. */
  openCaseNo?: string | null;
}

/**
 * Why a hold cannot be disposed of this way, or null. A hold is disposed of once; 销毁, 退回 and
 * 召回 need evidence (a record, photo or receipt); releasing needs only the note.
 */
export function dispositionProblem(
  status: string,
  to: string,
  input: DispositionInput,
): { status: 400 | 409; field: string; reason: string } | null {
  if (status !== 'held')
    return {
      status: 409,
      field: 'disposition',
      reason: `该批次已${HOLD_STATUS_LABELS[status as HoldStatus] ?? status}，不能再处置`,
    };
  if (!DISPOSITIONS.includes(to as Disposition))
    return { status: 400, field: 'disposition', reason: '处置方式应为解除、销毁、退回或召回' };
  if (!input.note?.trim()) return { status: 400, field: 'note', reason: '须填写处置说明' };
  if (input.openCaseNo && RELEASING.includes(to as Disposition))
    return {
      status: 409,
      field: 'disposition',
      reason: `该批次在办案件 ${input.openCaseNo} 中，结案或撤销前不得${DISPOSITION_LABELS[to as Disposition]}`,
    };
  if (to !== 'released' && input.evidence < 1)
    return { status: 400, field: 'files', reason: `${DISPOSITION_LABELS[to as Disposition]}须上传证明材料` };
  return null;
}
