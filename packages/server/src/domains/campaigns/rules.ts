import type { CampaignStatus, ItemStatus } from '@nongan/shared/campaigns/schemas';

export interface ItemFacts {
  status: ItemStatus;
  dueOn: string;
  rectifiedOn: string | null;
}

/** An open item past its due date (dates compared in China time as YYYY-MM-DD). */
export const itemOverdue = (i: ItemFacts, today: string) => i.status === 'open' && i.dueOn < today;

export function progress(items: ItemFacts[], today: string) {
  const total = items.length;
  const rectified = items.filter((i) => i.status === 'rectified').length;
  const overdue = items.filter((i) => itemOverdue(i, today)).length;
  const rate = total === 0 ? null : Math.round((rectified / total) * 1000) / 10;
  return { total, rectified, overdue, rate };
}

/**
 * Why an item may not move to `to` (Chinese, for the field named), or null when it may.
 * A closed campaign's list is frozen; a rectification is dated within the campaign and not in
 * the future; reopening (a revisit found the problem again, 回头看) clears the date.
 */
export function itemChangeProblem(
  campaign: { status: CampaignStatus; startOn: string },
  item: { status: ItemStatus },
  to: ItemStatus,
  on: string | undefined,
  today: string,
): { field: string; reason: string } | null {
  if (campaign.status === 'closed') return { field: 'status', reason: '专项整治已结束，清单不能再修改' };
  if (item.status === to)
    return { field: 'status', reason: to === 'rectified' ? '该项已整改' : '该项尚未整改' };
  if (to === 'rectified') {
    if (!on) return { field: 'on', reason: '请填写整改完成日期' };
    if (on > today) return { field: 'on', reason: `不能晚于今天（${today}）` };
    if (on < campaign.startOn) return { field: 'on', reason: `不能早于整治开始日期（${campaign.startOn}）` };
  }
  return null;
}

/** Whether the campaign may move to this status (closing is final). */
export function campaignStatusProblem(from: CampaignStatus, to: CampaignStatus): string | null {
  if (from === to) return null;
  if (from === 'closed') return '专项整治已结束，不能重新开启';
  return null;
}
