import { z } from 'zod';
import { genericLinkView } from '../common/links.ts';
import { pageQuery } from '../common/paging.ts';

export const COMPLAINT_STATUSES = ['submitted', 'accepted', 'investigating', 'replied', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, string> = {
  submitted: '已提交，待受理',
  accepted: '已受理',
  investigating: '调查核实中',
  replied: '已答复',
  closed: '已办结',
};
export const COMPLAINT_ACTIONS = ['accept', 'investigate', 'reply', 'close'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];
export const COMPLAINT_ACTION_LABELS: Record<ComplaintAction, string> = {
  accept: '受理',
  investigate: '开始调查',
  reply: '答复',
  close: '办结',
};

export const COMPLAINT_TOPICS = ['banned_drug', 'residue', 'no_certificate', 'fake_label', 'other'] as const;
export const COMPLAINT_TOPIC_LABELS: Record<(typeof COMPLAINT_TOPICS)[number], string> = {
  banned_drug: '使用禁限用农药兽药',
  residue: '农兽药残留超标',
  no_certificate: '无合格证或追溯码',
  fake_label: '冒用认证标志',
  other: '其他',
};

const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '应为手机号或固定电话');

/** The public form: no login, as little personal data as the handling needs. */
export const complaintSubmitBody = z
  .strictObject({
    townCode: z.string().regex(/^\d{9}$/, '请选择镇街'),
    place: z.string().trim().min(2).max(200),
    topic: z.enum(COMPLAINT_TOPICS),
    product: z.string().trim().max(40).nullable().default(null),
    content: z.string().trim().min(10, '请至少写 10 个字，说明时间、地点和问题').max(2000),
    anonymous: z.boolean().default(true),
    contactName: z.string().trim().min(1).max(30).nullable().default(null),
    contactPhone: phone.nullable().default(null),
  })
  .superRefine((b, ctx) => {
    if (!b.anonymous && !b.contactPhone)
      ctx.addIssue({ code: 'custom', path: ['contactPhone'], message: '实名举报请留联系电话，或选择匿名' });
  });
export type ComplaintSubmitBody = z.infer<typeof complaintSubmitBody>;

export const complaintReceipt = z.object({
  reference: z.string(),
  townName: z.string(),
  createdAt: z.string(),
});
/** What the public status page shows: the status only. */
export const complaintPublicStatus = z.object({
  reference: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  statusLabel: z.string(),
  updatedOn: z.string(),
});
export const publicTownsView = z.array(
  z.object({ code: z.string(), name: z.string(), districtName: z.string() }),
);

export const complaintActionBody = z
  .strictObject({
    action: z.enum(COMPLAINT_ACTIONS),
    note: z.string().trim().max(2000).optional(),
    /** The answer to the complainant (reply only). */
    reply: z.string().trim().min(2).max(2000).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.action === 'reply' && !b.reply)
      ctx.addIssue({ code: 'custom', path: ['reply'], message: '请填写答复内容' });
  });

export const complaintListQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(COMPLAINT_STATUSES).optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  q: z.string().trim().max(50).optional(),
});

export const complaintView = z.object({
  id: z.string(),
  reference: z.string(),
  townCode: z.string(),
  townName: z.string(),
  place: z.string(),
  topic: z.enum(COMPLAINT_TOPICS),
  product: z.string().nullable(),
  content: z.string(),
  anonymous: z.boolean(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  status: z.enum(COMPLAINT_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ComplaintView = z.infer<typeof complaintView>;
export const complaintDetailView = complaintView.extend({
  reply: z.string().nullable(),
  /** The steps taken: who and when. */
  history: z.array(
    z.object({
      action: z.enum(COMPLAINT_ACTIONS),
      at: z.string(),
      byName: z.string(),
      note: z.string().nullable(),
    }),
  ),
  actions: z.array(z.enum(COMPLAINT_ACTIONS)),
  links: z.array(genericLinkView),
});
export type ComplaintDetailView = z.infer<typeof complaintDetailView>;
