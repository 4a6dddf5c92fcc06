import { z } from 'zod';
import { fileView } from '../cases/schemas.ts';
import { pageQuery } from '../common/paging.ts';

/**
 * Trainee categories of plan 二(三) 加强业务培训 (plan-2021.zh.txt line 28): 镇街农业服务中心和生产基地
 * 检测人员、监管人员，村级协管员，示范企业法人（业务负责人）、农资门店负责人 …; 农业投入品生产、经营者
 * 每年培训2次以上; 分类别组织农业品牌企业开展 … 培训.
 */
export const TRAINING_CATEGORIES = [
  'testers',
  'supervisors',
  'village_coordinators',
  'enterprise_heads',
  'input_dealers',
  'brand_holders',
] as const;
export type TrainingCategory = (typeof TRAINING_CATEGORIES)[number];
export const TRAINING_CATEGORY_LABELS: Record<TrainingCategory, string> = {
  testers: '检测人员',
  supervisors: '监管人员',
  village_coordinators: '村级协管员',
  enterprise_heads: '示范企业法人（业务负责人）',
  input_dealers: '农资门店负责人（投入品经营者）',
  brand_holders: '农业品牌企业',
};
/** 加强对农业投入品生产、经营者的依法生产经营培训，每年培训2次以上 (plan 二(三)). */
export const INPUT_DEALER_MIN_SESSIONS = 2;

export const TRAINING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];
export const TRAINING_STATUS_LABELS: Record<TrainingStatus, string> = {
  planned: '计划',
  held: '已举办',
  cancelled: '已取消',
};
export const ATTENDANCE_METHODS = ['staff', 'scan_user', 'scan_public'] as const;
export const ATTENDANCE_METHOD_LABELS: Record<(typeof ATTENDANCE_METHODS)[number], string> = {
  staff: '工作人员录入',
  scan_user: '扫码签到（账号）',
  scan_public: '扫码签到',
};

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '应为11位手机号');

export const trainingSessionBody = z.strictObject({
  title: z.string().trim().min(2).max(100),
  category: z.enum(TRAINING_CATEGORIES),
  heldOn: day,
  place: z.string().trim().min(2).max(100),
  /** null: district-wide (区级组织). */
  townCode: z
    .string()
    .regex(/^\d{9}$/, '应为9位镇街代码')
    .nullable()
    .default(null),
  teacher: z.string().trim().min(1).max(60),
  materialTitle: z.string().trim().max(100).nullable().default(null),
  capacity: z.number().int().min(1).max(5000),
  status: z.enum(TRAINING_STATUSES).default('planned'),
});
export type TrainingSessionBody = z.infer<typeof trainingSessionBody>;
export const trainingStatusBody = z.strictObject({ status: z.enum(TRAINING_STATUSES) });

export const trainingListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(60).optional(),
  category: z.enum(TRAINING_CATEGORIES).optional(),
  status: z.enum(TRAINING_STATUSES).optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const trainingSessionView = z.object({
  id: z.string(),
  title: z.string(),
  category: z.enum(TRAINING_CATEGORIES),
  categoryLabel: z.string(),
  heldOn: z.string(),
  place: z.string(),
  townCode: z.string().nullable(),
  townName: z.string(),
  teacher: z.string(),
  materialTitle: z.string().nullable(),
  capacity: z.number(),
  status: z.enum(TRAINING_STATUSES),
  statusLabel: z.string(),
  attendees: z.number(),
  /** Whether the caller may change it and record attendance. */
  canEdit: z.boolean(),
});
export type TrainingSessionView = z.infer<typeof trainingSessionView>;

export const attendanceView = z.object({
  id: z.string(),
  personName: z.string(),
  userId: z.string().nullable(),
  entityId: z.string().nullable(),
  entityName: z.string().nullable(),
  /** Masked (138****1234): only who needs to call back sees more, and nobody here does. */
  phoneMasked: z.string().nullable(),
  method: z.enum(ATTENDANCE_METHODS),
  methodLabel: z.string(),
  townName: z.string(),
  createdAt: z.string(),
});
export type AttendanceView = z.infer<typeof attendanceView>;
/** With the attendance list and the uploaded material files (PDF or images). */
export const trainingDetailView = trainingSessionView.extend({
  attendance: z.array(attendanceView),
  materials: z.array(fileView),
});
export type TrainingDetailView = z.infer<typeof trainingDetailView>;

/** Staff record one attendee: a user, or an entity (its legal representative unless a name is given). */
export const attendanceBody = z
  .strictObject({
    userId: z.uuid().optional(),
    entityId: z.uuid().optional(),
    personName: z.string().trim().min(1).max(30).optional(),
    phone: phone.optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.userId && !b.entityId && !(b.personName && b.phone))
      ctx.addIssue({ code: 'custom', path: ['userId'], message: '请选择用户或主体，或填写姓名和手机号' });
  });

export const checkinCodeView = z.object({ code: z.string(), validOn: z.string(), path: z.string() });
export const publicSessionView = z.object({
  title: z.string(),
  heldOn: z.string(),
  place: z.string(),
  teacher: z.string(),
  categoryLabel: z.string(),
});
export const userCheckinBody = z.strictObject({ code: z.string().min(8).max(120) });
export const publicCheckinBody = z.strictObject({
  code: z.string().min(8).max(120),
  personName: z.string().trim().min(1).max(30),
  phone,
  /** 统一社会信用代码 of the attendee's entity, if any (matched against the directory). */
  creditCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{18}$/, '应为18位统一社会信用代码')
    .nullable()
    .default(null),
  entityName: z.string().trim().max(60).nullable().default(null),
});
export const checkinReceipt = z.object({
  personName: z.string(),
  sessionTitle: z.string(),
  entityName: z.string().nullable(),
  already: z.boolean(),
});

export const coverageRow = z.object({
  category: z.enum(TRAINING_CATEGORIES),
  categoryLabel: z.string(),
  townCode: z.string().nullable(),
  townName: z.string(),
  /** Size of the target population; null where the platform keeps no list of it. */
  target: z.number().nullable(),
  trained: z.number(),
});
export const underTrainedStore = z.object({
  entityId: z.string(),
  name: z.string(),
  townName: z.string(),
  sessions: z.number(),
});
export const coverageView = z.object({
  year: z.number(),
  minSessions: z.number(),
  rows: z.array(coverageRow),
  underTrained: z.array(underTrainedStore),
});
export type CoverageView = z.infer<typeof coverageView>;
export const coverageQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
