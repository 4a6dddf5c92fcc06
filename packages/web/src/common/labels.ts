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
