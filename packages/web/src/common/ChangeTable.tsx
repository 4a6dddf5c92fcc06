import { CASE_STATE_LABELS, DISPOSITION_LABELS } from '@nongan/shared/cases/states';
import {
  BASIS_LABELS,
  MARKET_RESULT_LABELS,
  STYLE_LABELS,
  TEST_KIND_LABELS,
  UNIT_LABELS,
} from '@nongan/shared/certificates/schemas';
import { ITEM_RESULT_LABELS } from '@nongan/shared/inspections/schemas';
import { TASK_KIND_LABELS } from '@nongan/shared/sampling/plans';
import { LINK_LABELS } from '@nongan/shared/sampling/tests';
import { INPUT_KIND_LABELS, LOT_STATUS_LABELS } from '@nongan/shared/trace/production';
import { Table, Typography } from 'antd';
import { formatValue } from './labels.ts';

type Row = { field: string; label: string; before: string; after: string };

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The fixed words of the platform (bases, statuses, kinds…), for values audited as codes. */
const ENUM_WORDS: Record<string, string> = {
  issued: '已出具',
  superseded: '已被更正',
  held: '控制中',
  proposed: '待处理',
  accepted: '已接收',
  done: '已完成',
  positive: '阳性',
  negative: '阴性',
  ...BASIS_LABELS,
  ...TEST_KIND_LABELS,
  ...STYLE_LABELS,
  ...MARKET_RESULT_LABELS,
  ...INPUT_KIND_LABELS,
  ...LOT_STATUS_LABELS,
  ...TASK_KIND_LABELS,
  ...LINK_LABELS,
  ...CASE_STATE_LABELS,
  ...DISPOSITION_LABELS,
  ...ITEM_RESULT_LABELS,
  ...UNIT_LABELS,
};
const CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * A value as people read it: a division, product or analyte by its name (from the answer), a
 * platform code by its word, an internal id or an unnamed code not at all.
 */
function shown(field: string, v: unknown, names: Record<string, string>): string {
  // Fields the directory knows how to say (type, risk, role, industries…) first.
  const said = formatValue(field, v);
  if (Array.isArray(v)) {
    if (said !== v.join('、')) return said;
    return v.length ? v.map((x) => shown(field, x, names)).join('、') : '—';
  }
  if (typeof v === 'string') {
    if (names[v]) return names[v];
    if (UUID.test(v)) return '（关联记录）';
    if (said !== v) return said;
    if (ENUM_WORDS[v] && field !== 'name') return ENUM_WORDS[v];
    if (CODE.test(v) && field !== 'username') return '（代码）';
    return v;
  }
  if (v && typeof v === 'object') return '（明细数据）';
  return said;
}

/** Before/after of an audit row, one line per field, with Chinese field names where known. */
export function ChangeTable({
  before,
  after,
  labels,
  names = {},
}: {
  before: unknown;
  after: unknown;
  labels: Record<string, string>;
  /** Names of the division codes in the values (from the audit answer). */
  names?: Record<string, string>;
}) {
  const b = asRecord(before);
  const a = asRecord(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]) || !(f in b),
  );
  if (fields.length === 0) return <Typography.Text type="secondary">无字段变化</Typography.Text>;
  const rows: Row[] = fields.map((f) => ({
    field: f,
    // A field without a word of its own is not shown by its code name.
    label: labels[f] ?? (/^[a-z]/i.test(f) ? '其他信息' : f),
    before: f in b ? shown(f, b[f], names) : '—',
    after: f in a ? shown(f, a[f], names) : '—',
  }));
  return (
    <Table<Row>
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 480 }}
      columns={[
        { title: '字段', dataIndex: 'label', width: 140 },
        {
          title: '修改前',
          dataIndex: 'before',
          render: (v: string) => <Typography.Text delete={v !== '—'}>{v}</Typography.Text>,
        },
        {
          title: '修改后',
          dataIndex: 'after',
          render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
        },
      ]}
    />
  );
}
