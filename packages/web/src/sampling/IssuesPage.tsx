import { CASE_WRITERS } from '@nongan/shared/cases/schemas';
import { chinaToday } from '@nongan/shared/common/dates';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Space, Statistic, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { HoldDisposeModal } from '../cases/HoldDisposeModal.tsx';
import { type CasePreset, OpenCaseModal } from '../cases/OpenCaseModal.tsx';
import { api, type Page } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { taskKindLabel, useTownNames, VerdictTag } from './parts.tsx';
import {
  FOLLOW_UP_LABELS,
  type Hold,
  type RapidTest,
  RECORDERS,
  type Sample,
  TASK_ORIGIN_LABELS,
  TASK_STATUS_LABELS,
  type Task,
} from './queries.ts';

const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');
const today = chinaToday();
/** Columns both sample tables (failures and 禁限用 leads) show the same way. */
const sampleIdColumns: TableColumnsType<Sample> = [
  {
    title: '样品编号',
    dataIndex: 'sampleNo',
    width: 180,
    render: (v: string, s) => <Link to={`/monitoring/lab/${s.id}`}>{v}</Link>,
  },
  { title: '产品', dataIndex: 'productName', width: 90 },
];
const partyColumn: TableColumnsType<Sample>[number] = {
  title: '被抽样单位',
  key: 'party',
  width: 180,
  ellipsis: true,
  render: (_, s) =>
    s.entityId ? <Link to={`/entities/${s.entityId}`}>{s.entityName}</Link> : (s.sampledParty ?? '—'),
};
const sourcePath = (type: string, id: string) =>
  type === 'sample' ? `/monitoring/lab/${id}` : type === 'rapid_test' ? `/monitoring/rapid/${id}` : null;

/**
 * Everything found wrong that still needs handling: failures, 禁限用 leads (their own kind, not
 * failures), positives, held lots, follow-up tasks.
 */
export function IssuesPage() {
  const me = useMe();
  const recorder = can(me.data?.user, RECORDERS);
  const townName = useTownNames();
  const failed = useQuery({
    queryKey: ['sampling', 'samples', { result: 'fail', pageSize: 200 }],
    queryFn: () => api.get<Page<Sample>>('/samples', { result: 'fail', pageSize: 200 }),
  });
  const leads = useQuery({
    queryKey: ['sampling', 'samples', { lead: 'true', pageSize: 200 }],
    queryFn: () => api.get<Page<Sample>>('/samples', { lead: 'true', pageSize: 200 }),
  });
  const positive = useQuery({
    queryKey: ['sampling', 'rapid', { result: 'positive', pageSize: 200 }],
    queryFn: () => api.get<Page<RapidTest>>('/rapid-tests', { result: 'positive', pageSize: 200 }),
  });
  const holds = useQuery({
    queryKey: ['sampling', 'holds', 'held'],
    queryFn: () => api.get<Hold[]>('/sampling/holds', { status: 'held' }),
  });
  const handler = can(me.data?.user, CASE_WRITERS);
  const [disposing, setDisposing] = useState<string | null>(null);
  const [preset, setPreset] = useState<CasePreset | null>(null);
  const tasks = useQuery({
    queryKey: ['sampling', 'tasks'],
    queryFn: () => api.get<Task[]>('/sampling/tasks'),
  });
  const err = [failed, leads, positive, holds, tasks].find((q) => q.isError);
  if (err) return <ErrorResult error={err.error} retry={() => err.refetch()} />;

  // Held lots come overdue first, then oldest first (server order).
  const held = holds.data ?? [];
  const overdueHolds = held.filter((h) => h.overdue).length;
  const followUps = (tasks.data ?? []).filter((t) => t.origin !== 'random_draw' && t.status !== 'done');

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>问题处置</Typography.Title>
      </div>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {[
          { title: '定量不合格样品', value: failed.data?.total, color: '#d32f2f' },
          { title: '禁限用药物检出', value: leads.data?.total, color: '#d4380d' },
          { title: '快检阳性', value: positive.data?.total, color: '#d32f2f' },
          { title: '控制中的批次', value: held.length, color: '#ed6c02' },
          { title: '逾期未处置批次', value: overdueHolds, color: '#d32f2f' },
          { title: '待办跟踪任务', value: followUps.length, color: '#1565c0' },
        ].map((c) => (
          <Col xs={12} md={8} lg={4} xl={4} key={c.title}>
            <Card size="small">
              <Statistic title={c.title} value={c.value ?? 0} styles={{ content: { color: c.color } }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title="定量检测不合格样品" data-testid="issues-failed">
          <ResponsiveTable<Sample>
            rowKey="id"
            size="small"
            loading={failed.isPending}
            dataSource={failed.data?.items}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 720 }}
            locale={{ emptyText: '没有不合格样品' }}
            columns={[
              ...sampleIdColumns,
              partyColumn,
              { title: '镇街', dataIndex: 'townName', width: 90 },
              { title: '任务类型', dataIndex: 'taskKind', width: 100, render: taskKindLabel },
              { title: '抽样时间', dataIndex: 'sampledAt', width: 140, render: time },
            ]}
          />
        </Card>
        <Card size="small" title="禁限用药物检出（监管线索）" data-testid="issues-leads">
          <ResponsiveTable<Sample>
            rowKey="id"
            size="small"
            loading={leads.isPending}
            dataSource={leads.data?.items}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 820 }}
            locale={{ emptyText: '没有禁限用药物检出' }}
            columns={[
              ...sampleIdColumns,
              {
                title: '检出药物及依据',
                key: 'leads',
                width: 300,
                render: (_, s) =>
                  s.leads.map((l) => (
                    <div key={l.analyteName}>
                      {l.analyteName}：{l.basis}
                    </div>
                  )),
              },
              {
                title: '判定',
                dataIndex: 'verdict',
                width: 90,
                render: (v: string | null, s) => <VerdictTag verdict={v} status={s.status} />,
              },
              partyColumn,
              { title: '抽样时间', dataIndex: 'sampledAt', width: 140, render: time },
            ]}
          />
        </Card>
        <Card size="small" title="快检阳性" data-testid="issues-positive">
          <ResponsiveTable<RapidTest>
            rowKey="id"
            size="small"
            loading={positive.isPending}
            dataSource={positive.data?.items}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 720 }}
            locale={{ emptyText: '没有快检阳性' }}
            columns={[
              {
                title: '检测编号',
                dataIndex: 'testNo',
                width: 180,
                render: (v: string, r) => <Link to={`/monitoring/rapid/${r.id}`}>{v}</Link>,
              },
              { title: '产品', dataIndex: 'productName', width: 90 },
              {
                title: '被检对象',
                key: 'party',
                width: 180,
                ellipsis: true,
                render: (_, r) => r.entityName ?? r.sampledParty ?? '—',
              },
              { title: '镇街', dataIndex: 'townName', width: 90 },
              {
                title: '抑制率',
                dataIndex: 'inhibitionRate',
                width: 80,
                render: (v: number | null) => (v == null ? '—' : `${v}%`),
              },
              {
                title: '后续处置',
                dataIndex: 'followUp',
                width: 120,
                render: (v: string | null) =>
                  v ? (
                    <Tag color={v === 'cleared' ? 'green' : 'orange'}>{FOLLOW_UP_LABELS[v] ?? v}</Tag>
                  ) : (
                    '—'
                  ),
              },
              { title: '检测时间', dataIndex: 'testedAt', width: 140, render: time },
            ]}
          />
        </Card>
        <Card size="small" title="控制中的批次（不得上市）" data-testid="issues-holds">
          <ResponsiveTable<Hold>
            rowKey="id"
            size="small"
            loading={holds.isPending}
            dataSource={held}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 1400 }}
            locale={{ emptyText: '没有控制中的批次' }}
            rowClassName={(h) => (h.overdue ? 'row-fail' : '')}
            columns={[
              { title: '产品', dataIndex: 'productName', width: 90 },
              {
                title: '主体',
                key: 'entity',
                width: 160,
                ellipsis: true,
                render: (_, h) =>
                  h.entityId ? <Link to={`/entities/${h.entityId}`}>{h.entityName}</Link> : '—',
              },
              { title: '原因', dataIndex: 'reason', width: 240 },
              { title: '镇街', dataIndex: 'townName', width: 90, render: (v: string | null) => v ?? '—' },
              {
                title: '处置期限',
                dataIndex: 'dueOn',
                width: 130,
                render: (v: string, h) => (
                  <>
                    {v} {h.overdue && <Tag color="red">逾期</Tag>}
                  </>
                ),
              },
              {
                title: '案件',
                key: 'case',
                width: 190,
                render: (_, h) =>
                  h.openCase ? (
                    <Link to={`/cases/${h.openCase.id}`}>{h.openCase.caseNo}</Link>
                  ) : handler ? (
                    <Button size="small" onClick={() => setPreset(holdPreset(h))}>
                      立案
                    </Button>
                  ) : (
                    '—'
                  ),
              },
              {
                title: '跟踪抽查',
                key: 'followUp',
                width: 150,
                render: (_, h) =>
                  h.followUp ? (
                    <>
                      <Tag color={h.followUp.status === 'done' ? 'green' : 'blue'}>
                        {TASK_STATUS_LABELS[h.followUp.status] ?? '状态未知'}
                      </Tag>
                      {h.followUp.dueDate ? `期限 ${h.followUp.dueDate}` : ''}
                      {h.followUp.status !== 'done' && h.followUp.dueDate && h.followUp.dueDate < today && (
                        <Tag color="red">逾期</Tag>
                      )}
                    </>
                  ) : (
                    '—'
                  ),
              },
              { title: '批次', dataIndex: 'lotRef', width: 100, render: (v: string | null) => v ?? '—' },
              {
                title: '来源',
                key: 'source',
                width: 90,
                render: (_, h) => {
                  const to = sourcePath(h.sourceType, h.sourceId);
                  return to ? <Link to={to}>查看记录</Link> : '—';
                },
              },
              { title: '控制时间', dataIndex: 'createdAt', width: 140, render: time },
              ...(handler
                ? [
                    {
                      title: '操作',
                      key: 'act',
                      width: 90,
                      fixed: 'right' as const,
                      render: (_: unknown, h: Hold) => (
                        <Button size="small" type="primary" onClick={() => setDisposing(h.id)}>
                          处置
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
        <Card size="small" title="待办跟踪任务" data-testid="issues-tasks">
          <ResponsiveTable<Task>
            rowKey="id"
            size="small"
            loading={tasks.isPending}
            dataSource={followUps}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 820 }}
            rowClassName={(t) => (t.overdue ? 'row-fail' : '')}
            locale={{ emptyText: '没有待办跟踪任务' }}
            columns={[
              { title: '任务', dataIndex: 'title', width: 240 },
              {
                title: '来源',
                dataIndex: 'origin',
                width: 120,
                render: (v: string, t) => {
                  const to = t.sourceRef
                    ? sourcePath(v === 'rapid_positive' ? 'rapid_test' : 'sample', t.sourceRef)
                    : null;
                  const label = TASK_ORIGIN_LABELS[v] ?? v;
                  return to ? <Link to={to}>{label}</Link> : label;
                },
              },
              { title: '类型', dataIndex: 'kind', width: 90, render: taskKindLabel },
              { title: '镇街', dataIndex: 'townCode', width: 90, render: (v: string | null) => townName(v) },
              {
                title: '状态',
                dataIndex: 'status',
                width: 80,
                render: (v: string) => <Tag color="blue">{TASK_STATUS_LABELS[v] ?? v}</Tag>,
              },
              {
                title: '期限',
                dataIndex: 'dueDate',
                width: 130,
                render: (v: string | null, t) => (
                  <>
                    {v ?? '—'} {t.overdue && <Tag color="red">逾期</Tag>}
                  </>
                ),
              },
              ...(recorder
                ? [
                    {
                      title: '操作',
                      key: 'act',
                      width: 110,
                      render: (_: unknown, t: Task) => {
                        const q = new URLSearchParams({ taskId: t.id, taskKind: t.kind });
                        if (t.townCode) q.set('townCode', t.townCode);
                        if (t.entityId) q.set('entityId', t.entityId);
                        if (t.productCode) q.set('product', t.productCode);
                        return (
                          <Link to={`/monitoring/lab/new?${q}`}>
                            <Button size="small">抽样</Button>
                          </Link>
                        );
                      },
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Space>
      <HoldDisposeModal
        hold={held.find((h) => h.id === disposing) ?? null}
        onClose={() => setDisposing(null)}
      />
      <OpenCaseModal preset={preset} onClose={() => setPreset(null)} />
    </>
  );
}

/** 立案 from a held lot: a failed sample founds the case itself; a positive rapid test is a lead. */
function holdPreset(h: Hold): CasePreset {
  const common = { entityId: h.entityId, entityName: h.entityName, townCode: h.townCode, holdIds: [h.id] };
  if (h.sourceType === 'sample')
    return { ...common, sourceType: 'sample', sourceId: h.sourceId, sourceText: h.reason.split('（')[0] };
  return { ...common, sourceType: 'manual', sourceText: h.reason, title: `${h.productName ?? ''}快检阳性` };
}
