import { Alert, App, Button, Card, Descriptions, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { fmtTime, kindLabel, SetStatusTag, VerdictTag, verificationLabel } from './parts.tsx';
import {
  type LimitDiffView,
  useLimitDiff,
  useLimitSet,
  useSetAction,
  useVerdictChanges,
  type VerdictChangeView,
} from './queries.ts';

type DiffRow = LimitDiffView['editions'][number]['added'][number];

const value = (limit: number, unit: string, kind: string) =>
  `${limit} ${unit}${kind === 'MRL' || kind === 'ML' ? '' : `（${kindLabel(kind)}）`}`;

const diffColumns: ColumnsType<DiffRow> = [
  { title: '行', dataIndex: 'line', width: 60 },
  { title: '检测项目', dataIndex: 'analyteName', width: 150 },
  { title: '产品', dataIndex: 'productName', width: 110 },
  {
    title: '现行限量',
    key: 'old',
    width: 150,
    render: (_, r) => (r.old ? value(r.old.limit, r.old.unit, r.old.kind) : '—'),
  },
  {
    title: '新限量',
    key: 'new',
    width: 150,
    render: (_, r) => {
      const text = value(r.limit, r.unit, r.kind);
      return r.fields.includes('limit') ? <Typography.Text strong>{text}</Typography.Text> : text;
    },
  },
  {
    title: '除外',
    key: 'excludes',
    width: 160,
    render: (_, r) => (r.excludes.length ? r.excludes.join('、') : '—'),
  },
  { title: '条款', dataIndex: 'item', ellipsis: true },
];

const changeColumns: ColumnsType<VerdictChangeView> = [
  {
    title: '样品编号',
    dataIndex: 'sampleNo',
    width: 180,
    render: (v: string, r) => <Link to={`/monitoring/lab/${r.sampleId}`}>{v}</Link>,
  },
  { title: '抽样时间', dataIndex: 'sampledAt', width: 140, render: fmtTime },
  { title: '产品', dataIndex: 'productName', width: 100 },
  { title: '检测项目', dataIndex: 'analyteName', width: 130 },
  {
    title: '检测值',
    key: 'value',
    width: 120,
    render: (_, r) => (r.value === null ? '未检出' : `${r.value} ${r.unit}`),
  },
  {
    title: '原判定',
    key: 'old',
    width: 130,
    render: (_, r) => <VerdictTag verdict={r.oldVerdict} provisional={r.oldProvisional} />,
  },
  {
    title: '按新表判定',
    key: 'new',
    width: 130,
    render: (_, r) => <VerdictTag verdict={r.newVerdict} provisional={r.newProvisional} />,
  },
  { title: '原依据', dataIndex: 'oldCitation', width: 240, ellipsis: true, render: (v) => v ?? '—' },
  { title: '新依据', dataIndex: 'newCitation', width: 240, ellipsis: true, render: (v) => v ?? '—' },
];

function DiffTables({ diff }: { diff: LimitDiffView }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {diff.editions.map((g) => (
        <Card key={g.edition} size="small" title={g.edition}>
          <Tabs
            items={(
              [
                ['changed', '变更', g.changed],
                ['added', '新增', g.added],
                ['unchanged', '未变', g.unchanged],
              ] as const
            ).map(([key, label, rows]) => ({
              key,
              label: `${label}（${rows.length}）`,
              children: (
                <Table<DiffRow>
                  rowKey="line"
                  size="small"
                  dataSource={[...rows]}
                  columns={diffColumns}
                  scroll={{ x: 900 }}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                />
              ),
            }))}
          />
        </Card>
      ))}
    </Space>
  );
}

/** One limits table: what it changes in the data, and (once active) which past verdicts it would change. */
export function LimitSetDetailPage() {
  const { id = '' } = useParams();
  const { message, modal } = App.useApp();
  const set = useLimitSet(id);
  const diff = useLimitDiff(id);
  const activated = !!set.data?.activatedAt;
  const stored = useVerdictChanges(id, activated);
  const action = useSetAction(id);
  const [fresh, setFresh] = useState<VerdictChangeView[] | null>(null);
  if (set.isError) return <ErrorResult error={set.error} retry={() => set.refetch()} />;
  const s = set.data;
  const changes = fresh ?? stored.data ?? null;

  const activate = () =>
    modal.confirm({
      title: `启用“${s?.name}”？`,
      content: (
        <>
          启用后，本区此后的定量检测按此表判定{s?.editionCode ? `（${s.editionCode}）` : ''}
          ；同一版本已启用的表将被取代。已存档的检测结论不会改写，系统将列出按此表判定会改变的历史结果（含暂判结果）。
        </>
      ),
      okText: '启用',
      onOk: () =>
        action.mutateAsync('activate').then(
          (r) => {
            const out = r as { changes: VerdictChangeView[] };
            setFresh(out.changes);
            message.success(`已启用；${out.changes.length} 项历史结果的判定会改变`);
          },
          (e) => message.error(errorMessage(e)),
        ),
    });
  const withdraw = () =>
    modal.confirm({
      title: `停用“${s?.name}”？`,
      content: '停用后本区恢复按平台内置限量数据判定；已存档的检测结论不变。',
      okText: '停用',
      okButtonProps: { danger: true },
      onOk: () =>
        action.mutateAsync('withdraw').then(
          () => message.success('已停用'),
          (e) => message.error(errorMessage(e)),
        ),
    });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        loading={set.isLoading}
        title={s ? s.name : '限量表'}
        extra={
          s && (
            <Space>
              {s.status === 'draft' && (
                <Button type="primary" loading={action.isPending} onClick={activate}>
                  启用
                </Button>
              )}
              {s.status !== 'withdrawn' && (
                <Button danger loading={action.isPending} onClick={withdraw}>
                  停用
                </Button>
              )}
            </Space>
          )
        }
      >
        {s && (
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, sm: 2, md: 3 }}
            items={[
              { key: 'edition', label: '标准版本', children: s.editionCode },
              { key: 'status', label: '状态', children: <SetStatusTag status={s.status} /> },
              { key: 'rows', label: '行数', children: s.rowCount },
              { key: 'verification', label: '核对方式', children: verificationLabel(s.verification) },
              { key: 'file', label: '文件', children: s.fileName },
              { key: 'by', label: '导入人', children: s.createdByName ?? '—' },
              { key: 'at', label: '导入时间', children: fmtTime(s.createdAt) },
              {
                key: 'activated',
                label: '启用',
                children: s.activatedAt ? `${fmtTime(s.activatedAt)} ${s.activatedByName ?? ''}` : '—',
              },
              {
                key: 'withdrawn',
                label: '停用',
                children: s.withdrawnAt
                  ? `${fmtTime(s.withdrawnAt)}${s.supersededByName ? `（被“${s.supersededByName}”取代）` : ''}`
                  : '—',
              },
              { key: 'note', label: '备注', children: s.note ?? '—' },
            ]}
          />
        )}
      </Card>
      <Card
        title="与本区现行数据的差异"
        extra={
          diff.data && (
            <Space>
              <Tag color="orange">变更 {diff.data.counts.changed}</Tag>
              <Tag color="blue">新增 {diff.data.counts.added}</Tag>
              <Tag>未变 {diff.data.counts.unchanged}</Tag>
            </Space>
          )
        }
        loading={diff.isLoading}
      >
        {diff.isError ? <ErrorResult error={diff.error} /> : diff.data && <DiffTables diff={diff.data} />}
      </Card>
      <Card title="判定会改变的历史结果">
        {changes === null ? (
          <Alert
            type="info"
            showIcon
            title="启用时列出：按此表重新判定后结论（或暂判状态）会改变的本区历史检测结果。"
          />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              以下为启用时按此表重新判定的结果，已存档的检测结论未改写，如需处置请复核原样品。
            </Typography.Paragraph>
            <Table<VerdictChangeView>
              rowKey={(r) => `${r.sampleId}-${r.analyteName}`}
              size="small"
              loading={stored.isLoading && !fresh}
              dataSource={changes}
              columns={changeColumns}
              scroll={{ x: 1400 }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: '没有历史结果的判定会改变' }}
            />
          </>
        )}
      </Card>
    </Space>
  );
}
