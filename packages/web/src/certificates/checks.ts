import type { FormInstance } from 'antd';
import type { FieldIssue } from '../common/api.ts';

/** Chinese names of the issue form's fields, for the check panel and for errors no field takes. */
export const ISSUE_FIELD_LABELS: Record<string, string> = {
  entityId: '开具主体',
  receiverId: '收购主体',
  lotId: '生产批次',
  product: '产品',
  quantity: '数量',
  unit: '单位',
  originVillageCode: '产地（村）',
  contact: '联系电话',
  issueDate: '开具日期',
  bases: '承诺依据',
  tests: '检测记录',
  labelCount: '标签数量',
  gtin: 'GTIN',
  receivedIds: '收取的合格证',
  code: '追溯码',
  certNo: '合格证编号',
  supplier: '供货者',
  receivedOn: '收取日期',
  reason: '撤销原因',
};
const TEST_FIELD_LABELS: Record<string, string> = {
  kind: '类型',
  refId: '记录',
  refNo: '报告编号',
  items: '检测项目',
  lab: '检测机构',
  testedOn: '检测日期',
};

/** `tests.1.refId` → 检测记录2·记录. */
export function fieldLabel(field: string): string {
  const m = field.match(/^tests\.(\d+)(?:\.(\w+))?/);
  if (m) return `检测记录${Number(m[1]) + 1}${m[2] ? `·${TEST_FIELD_LABELS[m[2]] ?? m[2]}` : ''}`;
  const head = field.split('.')[0] ?? field;
  return ISSUE_FIELD_LABELS[head] ?? field;
}

/**
 * Issues onto the form: `tests.3.refNo` onto row 3's field, a known top-level name onto its
 * field; returns the rest (the caller shows them above the form).
 */
export function placeIssues(
  form: FormInstance,
  issues: FieldIssue[],
  known: readonly string[],
): FieldIssue[] {
  const rest: FieldIssue[] = [];
  const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const put = (name: (string | number)[], reason: string) => {
    const key = name.join('.');
    const e = byName.get(key) ?? { name, errors: [] };
    e.errors.push(reason);
    byName.set(key, e);
  };
  for (const i of issues) {
    const row = i.field.match(/^tests\.(\d+)\.(\w+)/);
    if (row && TEST_FIELD_LABELS[row[2] ?? '']) {
      put(['tests', Number(row[1]), row[2] as string], i.reason);
      continue;
    }
    const head = i.field.split('.')[0] ?? i.field;
    if (head !== 'tests' && known.includes(head)) put([head], i.reason);
    else rest.push(i);
  }
  form.setFields([...byName.values()]);
  return rest;
}
