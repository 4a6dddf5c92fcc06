import { Table, Typography } from 'antd';
import { formatValue } from './labels.ts';

type Row = { field: string; label: string; before: string; after: string };

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value as people read it: a division by its name, an internal id not at all. */
function shown(field: string, v: unknown, names: Record<string, string>): string {
  if (typeof v === 'string' && names[v]) return names[v];
  if (typeof v === 'string' && UUID.test(v)) return '（关联记录）';
  return formatValue(field, v);
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
    label: labels[f] ?? f,
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
