import { ROLE_LABELS, type Role } from '@nongan/shared/accounts/schemas';
import {
  ENTITY_TYPE_LABELS,
  type EntityType,
  INDUSTRY_LABELS,
  type Industry,
  RISK_GRADE_LABELS,
  type RiskGrade,
} from '@nongan/shared/entities/schemas';
import dayjs from 'dayjs';

export const optionsOf = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

export const typeLabel = (t: string) => ENTITY_TYPE_LABELS[t as EntityType] ?? t;
export const industryLabel = (t: string) => INDUSTRY_LABELS[t as Industry] ?? t;
export const riskLabel = (t: string) => RISK_GRADE_LABELS[t as RiskGrade] ?? t;
export const roleLabel = (t: string) => ROLE_LABELS[t as Role] ?? t;

export const RISK_COLORS: Record<string, string> = { low: 'green', medium: 'orange', high: 'red' };

/** Chinese names of entity fields, for forms, detail and change history. */
export const ENTITY_FIELD_LABELS: Record<string, string> = {
  name: '名称',
  type: '主体类型',
  creditCode: '统一社会信用代码',
  idCard: '身份证号',
  idCardMasked: '身份证号',
  legalRep: '负责人',
  phone: '联系电话',
  address: '地址',
  districtCode: '区县代码',
  townCode: '镇街',
  townName: '镇街',
  villageCode: '村',
  villageName: '村',
  gridCode: '网格',
  industries: '行业',
  mainProducts: '主要产品',
  scale: '规模',
  certificateTrial: '合格证试行',
  traceManaged: '追溯管理',
  riskGrade: '风险等级',
  lat: '纬度',
  lng: '经度',
  remarks: '备注',
  active: '状态',
  deactivatedAt: '停用时间',
  deactivateReason: '停用原因',
  synthetic: '演示数据',
  version: '版本',
  createdAt: '创建时间',
  updatedAt: '更新时间',
  id: '编号',
};

export const ACTION_LABELS: Record<string, string> = {
  create: '新增',
  update: '修改',
  deactivate: '停用',
  reactivate: '启用',
  login: '登录',
  logout: '退出',
  change_password: '修改密码',
  reset_password: '重置密码',
  import: '导入',
  demo_seed: '生成演示数据',
  harvest: '采收/出栏',
  'certificate.issue': '开具合格证',
  'certificate.import': '导入旧版合格证',
  'certificate.revoke': '撤销合格证',
  'certificate.print': '打印合格证',
  'certificate.reprint': '补打合格证',
  'certificate.receive': '收取合格证',
  'certificate.ship': '发货',
  'market.check': '入市查验',
  accept: '受理',
  activate: '启用',
  add_item: '添加清单项',
  add_step: '添加处置记录',
  attach: '上传附件',
  close: '办结',
  copy: '复制',
  dispose: '处置',
  document: '上传文书',
  draw: '随机抽取',
  extend: '延期',
  findings: '更新“五不放过”',
  investigate: '调查',
  link: '关联',
  link_sample: '关联样品',
  observe: '记录',
  photo: '上传照片',
  preload: '预置',
  receive: '接收',
  record_results: '录入结果',
  register: '登记',
  reply: '答复',
  report: '出具报告',
  submit: '提交',
  supersede: '更正',
  transfer: '移送',
  transition: '办理',
  withdraw: '撤回',
  revisit: '回头看',
  escalate: '移交查处',
  verify: '审核',
  return: '退回',
  reject: '拒收',
  invalidate: '作废',
  attend: '登记参训',
  checkin: '扫码签到',
};

export const SUBJECT_LABELS: Record<string, string> = {
  entity: '生产经营主体',
  user: '用户',
  division: '区划',
  import: '导入批次',
  certificate: '合格证',
  received_certificate: '收取的合格证',
  market_check: '入市查验',
  production_lot: '生产批次',
  input_use: '投入品使用',
  input_purchase: '投入品购买',
  campaign: '专项整治',
  case: '案件',
  case_settings: '案件期限设置',
  complaint: '举报',
  training_session: '培训',
  grid_staff: '网格责任人',
  incident: '突发事件',
  inspection: '巡查',
  inspection_checklist: '巡查检查表',
  inspection_settings: '巡查设置',
  lab_report: '检验报告',
  lab_settings: '检测中心设置',
  limit_set: '限量表',
  lot_hold: '控制批次',
  opinion: '舆情',
  plan: '监测计划',
  rapid_import: '快检导入',
  rectification: '整改',
  risk_plan: '风险监测计划',
  sample: '样品',
  sampling_task: '抽样任务',
  rapid_test: '快检',
};

/** Words for the audited fields of every domain (the directory's own are ENTITY_FIELD_LABELS). */
export const COMMON_FIELD_LABELS: Record<string, string> = {
  state: '状态',
  status: '状态',
  note: '说明',
  reason: '原因',
  title: '标题',
  summary: '摘要',
  decision: '处理决定',
  deadline: '期限',
  dueOn: '期限',
  items: '项目',
  result: '结果',
  verdict: '判定',
  quantity: '数量',
  unit: '单位',
  product: '产品',
  productCode: '产品',
  productName: '产品',
  sampleNo: '样品编号',
  testNo: '检测编号',
  certNo: '证号',
  caseNo: '案件编号',
  lotNo: '批次号',
  reportNo: '报告编号',
  reference: '受理编号',
  bases: '承诺依据',
  issueDate: '开具日期',
  sourceType: '来源',
  sourceId: '来源记录',
  sourceLabel: '来源',
  holdIds: '控制批次',
  failed: '不合格项目',
  kind: '类型',
  refId: '关联记录',
  label: '说明',
  version: '版本',
  year: '年度',
  variety: '品种',
  level: '级别',
  conclusion: '结论',
  response: '回应',
  verifierRoles: '审核角色',
  selfVerify: '录入人可审核',
  rectifyDays: '整改期限（天）',
  revisitDays: '回访期限（天）',
  coordinatorId: '村级协管员',
  supervisorId: '镇街监管员',
  inspectionId: '巡查记录',
  rectificationId: '整改单',
  checklistVersion: '检查表版本',
  dutiesDone: '完成任务数',
  disposition: '处置方式',
  evidence: '证据',
  receiptNo: '回执编号',
  authority: '接收机关',
  transferredOn: '移送日期',
};

/** A field value as a reader would say it (enums in Chinese, booleans as 是/否). */
export function formatValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return field === 'active' ? (v ? '启用' : '停用') : v ? '是' : '否';
  if (field === 'type') return typeLabel(String(v));
  if (field === 'riskGrade') return riskLabel(String(v));
  if (field === 'role') return roleLabel(String(v));
  if (field === 'industries' && Array.isArray(v) && v.length)
    return v.map((x) => industryLabel(String(x))).join('、');
  if (Array.isArray(v)) return v.length ? v.join('、') : '—';
  if (typeof v === 'object') return JSON.stringify(v);
  // Timestamps in audit rows are ISO strings; show them the way the rest of the UI does.
  if (field.endsWith('At') && typeof v === 'string' && !Number.isNaN(Date.parse(v))) {
    return dayjs(v).format('YYYY-MM-DD HH:mm:ss');
  }
  return String(v);
}
