import { useQuery } from '@tanstack/react-query';
import { Card, Col, Result, Row, Segmented, Space, Spin, Statistic, Table, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { Link, useSearchParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { DateRange } from './parts.tsx';
import { chinaToday, SUPERVISORS, type Supervision } from './queries.ts';

type StatRow = Supervision['rows'][number];
/** The plan's target: every entity that must issue does (二(四) 合格证试行 100 %). */
const TARGET = 100;
/** The server gives the rate of use in per cent (0–100). */
const pct = (v: number | null | undefined, digits = 1) => (v == null ? '—' : `${v.toFixed(digits)}%`);

export function SupervisionPage() {
  const me = useMe();
  if (!me.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!can(me.data.user, SUPERVISORS)) return <Result status="403" title="无权查看监管统计" />;
  return <SupervisionView townLocked={me.data.user.role === 'town_supervisor'} />;
}

function SupervisionView({ townLocked }: { townLocked: boolean }) {
  const [params, setParams] = useSearchParams();
  const mobile = useIsMobile();
  const today = chinaToday();
  const q = {
    from: params.get('from') ?? `${today.slice(0, 4)}-01-01`,
    to: params.get('to') ?? today,
    by: (params.get('by') ?? 'town') as 'town' | 'entity',
    townCode: params.get('townCode') ?? undefined,
  };
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const stats = useQuery({
    queryKey: ['certificates', 'supervision', q],
    queryFn: () => api.get<Supervision>('/certificates/supervision', q),
    placeholderData: (prev) => prev,
  });
  const s = stats.data;
  const rows = s?.rows ?? [];
  const below = (r: number | null) => r != null && r < TARGET;
  const chartRows = rows.slice(0, 40);

  const chart = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    // The legend below the chart: at the top it sat over the 使用率 axis's labels.
    legend: { bottom: 0, left: 'center' },
    grid: { left: mobile ? 80 : 120, right: 48, top: 36, bottom: 52 },
    xAxis: [
      { type: 'value', name: '张', minInterval: 1 },
      {
        type: 'value',
        name: '使用率',
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    yAxis: {
      type: 'category',
      inverse: true,
      data: chartRows.map((r) => r.name),
      axisLabel: { fontSize: 11, width: mobile ? 72 : 112, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: '有效',
        stack: 'n',
        barMaxWidth: 20,
        itemStyle: { color: '#43a047' },
        data: chartRows.map((r) => r.issued - r.revoked),
      },
      {
        type: 'bar',
        name: '撤销',
        stack: 'n',
        barMaxWidth: 20,
        itemStyle: { color: '#d32f2f' },
        data: chartRows.map((r) => r.revoked),
      },
      {
        type: 'scatter',
        name: '使用率',
        xAxisIndex: 1,
        symbolSize: 9,
        itemStyle: { color: '#ed6c02' },
        data: chartRows.map((r) => r.useRate),
        tooltip: { valueFormatter: (v: number | null) => (v == null ? '—' : `${v}%`) },
      },
    ],
  };

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>合格证监管统计</Typography.Title>
        <Link to="/certificates/mismatches">承诺与抽检不符</Link>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ width: mobile ? 300 : 280 }}>
          <DateRange allowClear={false} from={q.from} to={q.to} onChange={(from, to) => set({ from, to })} />
        </div>
        <Segmented
          value={q.by}
          onChange={(v) => set({ by: v as string })}
          options={[
            { value: 'town', label: '按镇街' },
            { value: 'entity', label: '按主体' },
          ]}
        />
        {!townLocked && (
          <div style={{ width: 140 }}>
            <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} placeholder="全部镇街" />
          </div>
        )}
      </Space>
      {stats.isError ? (
        <ErrorResult error={stats.error} retry={() => stats.refetch()} />
      ) : (
        <Row gutter={[12, 12]}>
          {[
            { title: '开具合格证', value: s?.total.issued ?? 0 },
            {
              title: '已撤销',
              value: s?.total.revoked ?? 0,
              color: s?.total.revoked ? '#d32f2f' : undefined,
            },
            {
              title: '应开具主体 / 已开具',
              value: `${s?.total.mustIssue ?? 0} / ${s?.total.issuing ?? 0}`,
            },
            {
              title: '使用率（目标 100%）',
              value: pct(s?.total.useRate, 1),
              color: below(s?.total.useRate ?? null) ? '#d32f2f' : '#2e7d32',
            },
          ].map((c) => (
            <Col xs={12} md={6} key={c.title}>
              <Card size="small" loading={stats.isPending}>
                <Statistic title={c.title} value={c.value} styles={{ content: { color: c.color } }} />
              </Card>
            </Col>
          ))}
          <Col xs={24} lg={10}>
            <Card size="small" title={q.by === 'town' ? '各镇街开具情况' : '各主体开具情况（前40）'}>
              {chartRows.length ? (
                <ReactECharts
                  option={chart}
                  notMerge
                  style={{ height: Math.max(220, chartRows.length * 26 + 70) }}
                />
              ) : (
                <Typography.Text type="secondary">暂无数据</Typography.Text>
              )}
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Table<StatRow>
              rowKey="key"
              size="small"
              loading={stats.isFetching}
              dataSource={rows}
              scroll={{ x: 560 }}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              locale={{ emptyText: '暂无数据' }}
              rowClassName={(r) => (below(r.useRate) ? 'row-low-use' : '')}
              columns={[
                {
                  title: q.by === 'town' ? '镇街' : '主体',
                  dataIndex: 'name',
                  fixed: 'left',
                  width: 150,
                  render: (v: string, r) =>
                    q.by === 'entity' ? <Link to={`/entities/${r.key}`}>{v}</Link> : v,
                },
                { title: '开具', dataIndex: 'issued', width: 70, align: 'right' },
                {
                  title: '撤销',
                  dataIndex: 'revoked',
                  width: 70,
                  align: 'right',
                  render: (v: number) => <span style={{ color: v ? '#d32f2f' : undefined }}>{v}</span>,
                },
                { title: '应开具主体', dataIndex: 'mustIssue', width: 100, align: 'right' },
                { title: '已开具主体', dataIndex: 'issuing', width: 100, align: 'right' },
                {
                  title: '使用率',
                  dataIndex: 'useRate',
                  width: 90,
                  align: 'right',
                  render: (v: number | null) => (
                    <span style={{ color: below(v) ? '#d32f2f' : undefined }}>{pct(v, 1)}</span>
                  ),
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </>
  );
}
