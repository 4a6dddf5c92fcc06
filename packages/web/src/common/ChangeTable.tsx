import { Table, Typography } from 'antd';
import { formatValue } from './labels.ts';

type Row = { field: string; label: string; before: string; after: string };

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Before/after of an audit row, one line per field, with Chinese field names where known. */
export function ChangeTable({
  before,
  after,
  labels,
}: {
  before: unknown;
  after: unknown;
  labels: Record<string, string>;
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
    before: f in b ? formatValue(f, b[f]) : '—',
    after: f in a ? formatValue(f, a[f]) : '—',
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
