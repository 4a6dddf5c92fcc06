import { z } from 'zod';
import { genericLinkView } from '../common/links.ts';
import { pageQuery } from '../common/paging.ts';

export const CAMPAIGN_STATUSES = ['active', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = { active: '整治中', closed: '已结束' };

export const ITEM_STATUSES = ['open', 'rectified'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = { open: '待整改', rectified: '已整改' };

const date = z.iso.date({ message: '应为日期，如 2021-06-01' });
const longText = z.string().trim().min(2).max(5000);

export const campaignCreateBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  /** 一个品种: the problem variety, e.g. 豇豆. */
  variety: z.string().trim().min(1).max(40),
  title: z.string().trim().min(2).max(100),
  /** Drugs of concern, as the office reads them in its plan. */
  drugs: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
  /** 一个方案 */
  plan: longText,
  /** 一套措施 */
  measures: longText,
  startOn: date,
  endOn: date,
});
export const campaignUpdateBody = z.strictObject({
  title: z.string().trim().min(2).max(100).optional(),
  drugs: z.array(z.string().trim().min(1).max(40)).max(50).optional(),
  plan: longText.optional(),
  measures: longText.optional(),
  endOn: date.optional(),
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  version: z.number().int().min(1),
});

export const campaignListQuery = z.strictObject({
  ...pageQuery,
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  q: z.string().trim().max(50).optional(),
});

export const progressView = z.object({
  total: z.number().int(),
  rectified: z.number().int(),
  overdue: z.number().int(),
  /** Percent rectified, one decimal; null with no items. */
  rate: z.number().nullable(),
});

export const campaignView = z.object({
  id: z.string(),
  year: z.number().int(),
  variety: z.string(),
  title: z.string(),
  drugs: z.array(z.string()),
  plan: z.string(),
  measures: z.string(),
  startOn: z.string(),
  endOn: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  version: z.number().int(),
  createdByName: z.string().nullable(),
  updatedAt: z.string(),
  progress: progressView,
});
export type CampaignView = z.infer<typeof campaignView>;

export const itemCreateBody = z.strictObject({
  entityId: z.uuid(),
  issue: z.string().trim().min(2).max(500),
  dueOn: date,
});
export const itemStatusBody = z.strictObject({
  status: z.enum(ITEM_STATUSES),
  /** The day the rectification was done (rectified only). */
  on: date.optional(),
  note: z.string().trim().max(500).optional(),
});
export const itemView = z.object({
  id: z.string(),
  entityId: z.string(),
  entityName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  issue: z.string(),
  dueOn: z.string(),
  status: z.enum(ITEM_STATUSES),
  rectifiedOn: z.string().nullable(),
  note: z.string().nullable(),
  overdue: z.boolean(),
  updatedByName: z.string().nullable(),
  updatedAt: z.string(),
});
export type ItemView = z.infer<typeof itemView>;

export const campaignSampleBody = z.strictObject({ sampleId: z.uuid() });
export const campaignSampleView = z.object({
  sampleId: z.string(),
  sampleNo: z.string(),
  productName: z.string(),
  partyName: z.string(),
  townName: z.string(),
  sampledAt: z.string(),
  verdictLabel: z.string(),
});

export const campaignDetailView = campaignView.extend({
  items: z.array(itemView),
  samples: z.array(campaignSampleView),
  links: z.array(genericLinkView),
});
export type CampaignDetailView = z.infer<typeof campaignDetailView>;

export const varietyView = z.object({
  category: z.string(),
  name: z.string(),
  scope: z.string(),
  drugs: z.array(z.string()),
  source: z.string(),
});
export const varietiesView = z.object({
  items: z.array(varietyView),
  /** What the list is and what is missing, shown beside it. */
  note: z.string(),
});
