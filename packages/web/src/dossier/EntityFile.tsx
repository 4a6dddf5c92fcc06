import type { EntityFile as File } from '@nongan/shared/dossier/schemas';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, List, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { EligibilityPanel } from '../brands/EligibilityPanel.tsx';
import { EntityBrands } from '../brands/EntityBrands.tsx';
import { BRAND_READERS, BRAND_REVIEWERS, useEntityCerts } from '../brands/queries.ts';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';

const COLOUR_TAG = { green: 'success', yellow: 'warning', red: 'error' } as const;
const RISK_TAG = { low: 'success', medium: 'warning', high: 'error' } as const;
const day = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD') : '—');

export function useEntityFile(id: string) {
  return useQuery({
    queryKey: ['entities', 'file', id],
    queryFn: () => api.get<File>(`/entities/${id}/file`),
  });
}

/** One kind of record: a table on a desktop, stacked cards on a phone, with the total. */
function Section<T extends object>(props: {
  rows: T[];
  total: number;
  columns: ColumnsType<T>;
  card: (row: T) => ReactNode;
  empty: string;
  rowKey: (row: T, i: number) => string;
}) {
  const mobile = useIsMobile();
  const more =
    props.total > props.rows.length ? (
      <Typography.Text type="secondary">
        共 {props.total} 条，显示最近 {props.rows.length} 条
      </Typography.Text>
    ) : null;
  if (mobile)
    return (
      <>
        <List
          dataSource={props.rows}
          locale={{ emptyText: props.empty }}
          renderItem={(r, i) => (
            <List.Item key={props.rowKey(r, i)}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                {props.card(r)}
              </Space>
            </List.Item>
          )}
        />
        {more}
      </>
    );
  return (
    <>
      <Table<T>
        size="small"
        rowKey={(r) => props.rowKey(r, props.rows.indexOf(r))}
        columns={props.columns}
        dataSource={props.rows}
        pagination={false}
        locale={{ emptyText: props.empty }}
        scroll={{ x: 720 }}
      />
      {more}
    </>
  );
}

type Rapid = File['rapidTests']['items'][number];
type Sample = File['samples']['items'][number];
type Hold = File['holds']['items'][number];
type Flag = File['flags']['items'][number];
type Cert = File['certificates']['items'][number];
type Lot = File['lots']['items'][number];
type Insp = File['inspections']['items'][number];
type Rect = File['rectifications']['items'][number];
type Case = File['cases']['items'][number];
const overdueTag = (on: boolean) => (on ? <Tag color="error">逾期</Tag> : null);

const verdictTag = (s: Sample) =>
  s.verdictName ? <Tag color={s.verdict === 'fail' ? 'error' : 'success'}>{s.verdictName}</Tag> : '待出结果';

/** 一户一档: the colour and risk with their reasons, then every kind of record of the entity. */
export function EntityFile({ id }: { id: string }) {
  const q = useEntityFile(id);
  const me = useMe();
  const brandReader = can(me.data?.user, BRAND_READERS);
  const brands = useEntityCerts(id, brandReader);
  if (q.isError) return <ErrorResult error={q.error} retry={() => void q.refetch()} />;
  const f = q.data;
  if (!f) return <Card size="small" loading />;
  const tabs = [
    {
      key: 'rapid',
      label: `快检（${f.rapidTests.total}）`,
      children: (
        <Section<Rapid>
          rows={f.rapidTests.items}
          total={f.rapidTests.total}
          empty="暂无快检记录"
          rowKey={(r) => r.id}
          columns={[
            {
              title: '编号',
              dataIndex: 'testNo',
              render: (v, r) => <Link to={`/monitoring/rapid/${r.id}`}>{v}</Link>,
            },
            { title: '产品', dataIndex: 'productName' },
            { title: '检测项目', dataIndex: 'target' },
            {
              title: '结果',
              render: (_, r) => (
                <Space size={4}>
                  <Tag color={r.result === 'positive' ? 'error' : 'success'}>{r.resultName}</Tag>
                  {r.followUpName}
                </Space>
              ),
            },
            { title: '检测日期', dataIndex: 'testedAt', render: day },
            { title: '检测人', dataIndex: 'tester' },
          ]}
          card={(r) => (
            <>
              <Link to={`/monitoring/rapid/${r.id}`}>{r.testNo}</Link>
              <span>
                {r.productName} · {r.target} ·{' '}
                <Tag color={r.result === 'positive' ? 'error' : 'success'}>{r.resultName}</Tag>
                {r.followUpName}
              </span>
              <Typography.Text type="secondary">
                {day(r.testedAt)} {r.tester}
              </Typography.Text>
            </>
          )}
        />
      ),
    },
    {
      key: 'samples',
      label: `抽检（${f.samples.total}）`,
      children: (
        <Section<Sample>
          rows={f.samples.items}
          total={f.samples.total}
          empty="暂无抽检记录"
          rowKey={(r) => r.id}
          columns={[
            {
              title: '样品编号',
              dataIndex: 'sampleNo',
              render: (v, r) => <Link to={`/monitoring/lab/${r.id}`}>{v}</Link>,
            },
            { title: '任务类型', dataIndex: 'taskKindName' },
            { title: '产品', dataIndex: 'productName' },
            { title: '抽样日期', dataIndex: 'sampledAt', render: day },
            { title: '状态', dataIndex: 'statusName' },
            {
              title: '判定',
              render: (_, r) => (
                <Space size={4}>
                  {verdictTag(r)}
                  {r.hasLead && <Tag color="warning">禁限用药物检出</Tag>}
                </Space>
              ),
            },
          ]}
          card={(r) => (
            <>
              <Link to={`/monitoring/lab/${r.id}`}>{r.sampleNo}</Link>
              <span>
                {r.taskKindName} · {r.productName} · {day(r.sampledAt)}
              </span>
              <span>
                {r.statusName} {verdictTag(r)} {r.hasLead && <Tag color="warning">禁限用药物检出</Tag>}
              </span>
            </>
          )}
        />
      ),
    },
    {
      key: 'holds',
      label: `控制批次（${f.holds.total}）`,
      children: (
        <Section<Hold>
          rows={f.holds.items}
          total={f.holds.total}
          empty="暂无被控制的批次"
          rowKey={(r) => r.id}
          columns={[
            { title: '产品', dataIndex: 'productName' },
            { title: '批次', dataIndex: 'lotRef', render: (v) => v ?? '—' },
            { title: '原因', dataIndex: 'reason' },
            {
              title: '状态',
              render: (_, r) => <Tag color={r.status === 'held' ? 'error' : 'default'}>{r.statusName}</Tag>,
            },
            { title: '控制日期', dataIndex: 'createdAt', render: day },
          ]}
          card={(r) => (
            <>
              <span>
                {r.productName} {r.lotRef ?? ''}{' '}
                <Tag color={r.status === 'held' ? 'error' : 'default'}>{r.statusName}</Tag>
              </span>
              <span>{r.reason}</span>
              <Typography.Text type="secondary">{day(r.createdAt)}</Typography.Text>
            </>
          )}
        />
      ),
    },
    {
      key: 'flags',
      label: `问题标记（${f.flags.total}）`,
      children: (
        <Section<Flag>
          rows={f.flags.items}
          total={f.flags.total}
          empty="暂无问题标记"
          rowKey={(r, i) => `${r.flag}-${r.createdAt}-${i}`}
          columns={[
            { title: '标记', dataIndex: 'flagName' },
            { title: '说明', dataIndex: 'note', render: (v) => v ?? '—' },
            {
              title: '状态',
              render: (_, r) => (r.active ? <Tag color="warning">有效</Tag> : <Tag>已解除</Tag>),
            },
            { title: '日期', dataIndex: 'createdAt', render: day },
          ]}
          card={(r) => (
            <>
              <span>
                {r.flagName} {r.active ? <Tag color="warning">有效</Tag> : <Tag>已解除</Tag>}
              </span>
              <span>{r.note ?? ''}</span>
              <Typography.Text type="secondary">{day(r.createdAt)}</Typography.Text>
            </>
          )}
        />
      ),
    },
    {
      key: 'certificates',
      label: `合格证（${f.certificates.total}）`,
      children: (
        <Section<Cert>
          rows={f.certificates.items}
          total={f.certificates.total}
          empty="暂无合格证"
          rowKey={(r) => r.id}
          columns={[
            {
              title: '证号',
              dataIndex: 'certNo',
              render: (v, r) => <Link to={`/certificates/${r.id}`}>{v}</Link>,
            },
            { title: '产品', dataIndex: 'productName' },
            { title: '数量', render: (_, r) => `${r.quantity} ${r.unitName}` },
            { title: '开具日期', dataIndex: 'issueDate' },
            { title: '状态', dataIndex: 'statusName' },
          ]}
          card={(r) => (
            <>
              <Link to={`/certificates/${r.id}`}>{r.certNo}</Link>
              <span>
                {r.productName} · {r.quantity} {r.unitName} · {r.statusName}
              </span>
              <Typography.Text type="secondary">{r.issueDate}</Typography.Text>
            </>
          )}
        />
      ),
    },
    {
      key: 'lots',
      label: `生产批次（${f.lots.total}）`,
      children: (
        <Section<Lot>
          rows={f.lots.items}
          total={f.lots.total}
          empty="暂无生产批次"
          rowKey={(r) => r.id}
          columns={[
            {
              title: '批次号',
              dataIndex: 'lotNo',
              render: (v, r) => <Link to={`/production/lots/${r.id}`}>{v}</Link>,
            },
            { title: '产品', dataIndex: 'productName' },
            { title: '地块/圈舍', dataIndex: 'plot', render: (v) => v ?? '—' },
            { title: '状态', dataIndex: 'statusName' },
            { title: '开始日期', dataIndex: 'startedOn', render: (v) => v ?? '—' },
            { title: '采收日期', dataIndex: 'harvestDate', render: (v) => v ?? '—' },
          ]}
          card={(r) => (
            <>
              <Link to={`/production/lots/${r.id}`}>{r.lotNo}</Link>
              <span>
                {r.productName} · {r.plot ?? ''} · {r.statusName}
              </span>
            </>
          )}
        />
      ),
    },
    {
      key: 'inspections',
      label: `巡查（${f.inspections.total}）`,
      children: (
        <Section<Insp>
          rows={f.inspections.items}
          total={f.inspections.total}
          empty="暂无巡查记录"
          rowKey={(r) => r.id}
          columns={[
            {
              title: '巡查日期',
              dataIndex: 'inspectedAt',
              render: (v, r) => <Link to={`/inspections/${r.id}`}>{day(v)}</Link>,
            },
            { title: '巡查人', dataIndex: 'inspectorName' },
            {
              title: '结果',
              render: (_, r) =>
                r.failedCount ? (
                  <Tag color="warning">{r.failedCount} 项不合格</Tag>
                ) : (
                  <Tag color="success">全部合格</Tag>
                ),
            },
            { title: '不合格项目', render: (_, r) => r.failedItems.join('；') || '—' },
          ]}
          card={(r) => (
            <>
              <Link to={`/inspections/${r.id}`}>
                {day(r.inspectedAt)} {r.inspectorName}
              </Link>
              <span>
                {r.failedCount ? `${r.failedCount} 项不合格：${r.failedItems.join('；')}` : '全部合格'}
              </span>
            </>
          )}
        />
      ),
    },
    {
      key: 'rectifications',
      label: `整改（${f.rectifications.total}）`,
      children: (
        <Section<Rect>
          rows={f.rectifications.items}
          total={f.rectifications.total}
          empty="暂无整改"
          rowKey={(r) => r.id}
          columns={[
            { title: '整改事项', render: (_, r) => r.items.join('；') },
            {
              title: '期限',
              dataIndex: 'deadline',
              render: (v, r) => (
                <>
                  {v} {overdueTag(r.overdue)}
                </>
              ),
            },
            { title: '状态', dataIndex: 'statusName' },
            { title: '下达日期', dataIndex: 'createdAt', render: day },
          ]}
          card={(r) => (
            <>
              <span>{r.items.join('；')}</span>
              <span>
                {r.statusName} · 期限 {r.deadline} {overdueTag(r.overdue)}
              </span>
            </>
          )}
        />
      ),
    },
    {
      key: 'cases',
      label: `案件（${f.cases.total}）`,
      children: (
        <Section<Case>
          rows={f.cases.items}
          total={f.cases.total}
          empty="暂无案件"
          rowKey={(r) => r.id}
          columns={[
            {
              title: '案件编号',
              dataIndex: 'caseNo',
              render: (v, r) => <Link to={`/cases/${r.id}`}>{v}</Link>,
            },
            { title: '案由', dataIndex: 'title' },
            {
              title: '状态',
              render: (_, r) => (
                <>
                  {r.stateName} {overdueTag(r.overdue)}
                </>
              ),
            },
            { title: '立案日期', dataIndex: 'createdAt', render: day },
          ]}
          card={(r) => (
            <>
              <Link to={`/cases/${r.id}`}>{r.caseNo}</Link>
              <span>{r.title}</span>
              <span>
                {r.stateName} {overdueTag(r.overdue)}
              </span>
            </>
          )}
        />
      ),
    },
  ];
  if (brandReader)
    tabs.push({
      key: 'brands',
      label: `品牌认证（${brands.data?.total ?? 0}）`,
      children: <EntityBrands rows={brands.data?.items ?? []} loading={brands.isPending} />,
    });
  return (
    <Card size="small" title="一户一档" style={{ marginBottom: 12 }} data-testid="entity-file">
      <Space orientation="vertical" size={8} style={{ width: '100%', marginBottom: 8 }}>
        <span>
          监管赋色：<Tag color={COLOUR_TAG[f.colour.colour]}>{f.colour.label}</Tag>
          <Typography.Text type="secondary">{f.colour.basis}</Typography.Text>
        </span>
        <span data-testid="entity-risk">
          风险等级：<Tag color={RISK_TAG[f.risk.level]}>{f.risk.levelName}</Tag>
          {f.risk.reasons.length ? f.risk.reasons.join('；') : '记录无问题'}
        </span>
        <Alert type="info" showIcon title={`风险等级按规则由监管记录自动得出：${f.risk.rule}`} />
        {/* 四挂钩: what a brand, funding, award or demonstration decision would weigh. */}
        {can(me.data?.user, BRAND_REVIEWERS) && <EligibilityPanel entityId={id} purpose="brand" />}
      </Space>
      <Tabs items={tabs} size="small" />
    </Card>
  );
}
