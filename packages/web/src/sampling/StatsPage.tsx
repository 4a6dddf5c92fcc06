import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Segmented, Select, Space, Statistic, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../auth/session.ts';
import { api, downloadUrl } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { PROVISIONAL_NOTE } from './parts.tsx';
import { pct, type Stats, usePlans } from './queries.ts';

type StatRow = Stats['rows'][number];

const DIMENSIONS = [
  { value: 'month', label: '按月份' },
  { value: 'town', label: '按镇街' },
  { value: 'holder', label: '按承担单位' },
  { value: 'product', label: '按产品' },
  { value: 'analyte', label: '按检测项目' },
  { value: 'link', label: '按环节' },
  { value: 'taskKind', label: '按任务类型' },
];
const KINDS = [
  { value: 'all', label: '全部' },
  { value: 'rapid', label: '定性（快检）' },
  { value: 'lab', label: '定量' },
];

export function StatsPage() {
  const [params, setParams] = useSearchParams();
  const mobile = useIsMobile();
  const me = useMe();
  const plans = usePlans();
  const thisYear = new Date().getFullYear();
  const q = {
    year: Number(params.get('year') ?? thisYear) || thisYear,
    kind: params.get('kind') ?? 'all',
    dimension: params.get('dimension') ?? 'month',
    townCode: params.get('townCode') ?? undefined,
  };
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, String(v));
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const stats = useQuery({
    queryKey: ['sampling', 'stats', q],
    queryFn: () => api.get<Stats>('/sampling/stats', q),
    placeholderData: (prev) => prev,
  });
  const years = [...new Set([thisYear, ...(plans.data ?? []).map((p) => p.year)])].sort((a, b) => b - a);
  const plan = plans.data?.find((p) => p.year === q.year);
  const target = plan ? plan.targetPassRate / 100 : null;
  const s = stats.data;
  const rows = s?.rows ?? [];
  const failWord = q.kind === 'rapid' ? '阳性' : q.kind === 'lab' ? '不合格' : '不合格/阳性';
  const townRole = me.data?.user.role === 'town_supervisor' || me.data?.user.role === 'village_coordinator';
  const below = (r: number | null) => target != null && r != null && r < target;

  const chart = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    // Room above the bars for the target's label; rates from 0, so 96 % against 99 % looks as it is.
    grid: { left: mobile ? 80 : 120, right: 40, top: 40, bottom: 24 },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      axisLabel: { formatter: '{value}%' },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisLabel: { fontSize: 11, width: mobile ? 72 : 112, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: '合格率',
        barMaxWidth: 24,
        data: rows.map((r) => ({
          value: r.passRate == null ? null : Number((r.passRate * 100).toFixed(2)),
          itemStyle: { color: below(r.passRate) ? '#d32f2f' : '#43a047' },
        })),
        tooltip: { valueFormatter: (v: number) => `${v}%` },
        markLine:
          target == null
            ? undefined
            : {
                symbol: 'none',
                lineStyle: { color: '#ed6c02', type: 'dashed' },
                // 'start' is the top of the chart here (categories run downwards): above the bars, not over one.
                label: { formatter: `目标 ${plan?.targetPassRate}%`, position: 'start', distance: 8 },
                data: [{ xAxis: plan?.targetPassRate }],
              },
      },
    ],
  };

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>统计分析</Typography.Title>
        <Button icon={<DownloadOutlined />} href={downloadUrl('/sampling/stats/export', q)}>
          导出
        </Button>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="年度"
          style={{ width: 110 }}
          value={q.year}
          onChange={(v) => set({ year: v })}
          options={years.map((y) => ({ value: y, label: `${y}年` }))}
        />
        <Segmented value={q.kind} onChange={(v) => set({ kind: v as string })} options={KINDS} />
        <Select
          aria-label="统计维度"
          style={{ width: 140 }}
          value={q.dimension}
          onChange={(v) => set({ dimension: v })}
          options={DIMENSIONS}
        />
        {!townRole && (
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
            { title: '检测批次', value: s?.total ?? 0 },
            { title: failWord, value: s?.failed ?? 0, color: s?.failed ? '#d32f2f' : undefined },
            { title: '禁限用检出', value: s?.leads ?? 0, color: s?.leads ? '#d4380d' : undefined },
            {
              title: '合格率',
              value: pct(s?.passRate, 2),
              color: below(s?.passRate ?? null) ? '#d32f2f' : '#2e7d32',
            },
            { title: '计划目标合格率', value: plan ? `≥ ${plan.targetPassRate}%` : '无计划' },
          ].map((c) => (
            <Col xs={12} md={8} lg={4} key={c.title}>
              <Card size="small" loading={stats.isPending}>
                <Statistic title={c.title} value={c.value} styles={{ content: { color: c.color } }} />
              </Card>
            </Col>
          ))}
          <Col span={24}>
            <Typography.Text type="secondary">
              禁限用检出：检出在该产品上禁止或限制使用的药物，作为监管线索单独统计，不计入不合格。
              {s?.provisional
                ? ` 其中 ${s.provisional} 批次（按检测项目统计时为项次）${PROVISIONAL_NOTE}：抽样日现行标准版本未收录相应限量，按已载入的较早版本判定。`
                : ''}
            </Typography.Text>
          </Col>
          {target != null && s?.passRate != null && (
            <Col span={24}>
              <Typography.Text type={below(s.passRate) ? 'danger' : 'success'}>
                {below(s.passRate)
                  ? `合格率 ${pct(s.passRate, 2)} 低于计划目标 ${plan?.targetPassRate}%`
                  : `合格率 ${pct(s.passRate, 2)} 达到计划目标 ${plan?.targetPassRate}%`}
              </Typography.Text>
            </Col>
          )}
          <Col xs={24} lg={12}>
            <Card size="small" title="合格率">
              {rows.length ? (
                <ReactECharts
                  option={chart}
                  notMerge
                  style={{ height: Math.max(200, rows.length * 26 + 60) }}
                />
              ) : (
                <Typography.Text type="secondary">暂无数据</Typography.Text>
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <ResponsiveTable<StatRow>
              rowKey="key"
              size="small"
              loading={stats.isFetching}
              dataSource={rows}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              locale={{ emptyText: '暂无数据' }}
              columns={[
                { title: '项目', dataIndex: 'name' },
                { title: '批次', dataIndex: 'total', width: 80, align: 'right' },
                {
                  title: failWord,
                  dataIndex: 'failed',
                  width: 90,
                  align: 'right',
                  render: (v: number) => <span style={{ color: v ? '#d32f2f' : undefined }}>{v}</span>,
                },
                {
                  title: '禁限用检出',
                  dataIndex: 'leads',
                  width: 100,
                  align: 'right',
                  render: (v: number) => <span style={{ color: v ? '#d4380d' : undefined }}>{v}</span>,
                },
                {
                  title: '暂判',
                  dataIndex: 'provisional',
                  width: 70,
                  align: 'right',
                  render: (v: number) => (v ? <span title={PROVISIONAL_NOTE}>{v}</span> : v),
                },
                {
                  title: '合格率',
                  dataIndex: 'passRate',
                  width: 90,
                  align: 'right',
                  render: (v: number | null) => (
                    <span style={{ color: below(v) ? '#d32f2f' : undefined }}>{pct(v, 2)}</span>
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
