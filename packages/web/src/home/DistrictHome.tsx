import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Skeleton, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { api } from '../common/api.ts';
import { useIsMobile } from '../common/useIsMobile.ts';
import { DashboardPage } from '../dashboard/DashboardPage.tsx';
import type { CoverageView } from '../inspections/queries.ts';
import { Figure, pctText, thisYear, usePlanProgress, useStats } from './parts.tsx';

/**
 * The district office's first screen: quota progress, pass rates and 禁限用 detections, inspection
 * coverage, by town and over the months; then the directory and certificates (DashboardPage).
 */
export function DistrictHome() {
  const mobile = useIsMobile();
  const year = thisYear();
  const { plan, progress, pending } = usePlanProgress();
  const byTown = useStats({ year, kind: 'all', dimension: 'town' });
  const byMonth = useStats({ year, kind: 'all', dimension: 'month' });
  const coverage = useQuery({
    queryKey: ['inspections', 'coverage', 'home'],
    queryFn: () => api.get<CoverageView>('/inspections/coverage'),
  });
  const rapid = progress.data?.byKind.find((k) => k.taskKind === 'rapid_test');
  const lab = progress.data?.labTotal;
  const target = plan ? plan.targetPassRate : null;
  const towns = (byTown.data?.rows ?? []).filter((r) => r.total > 0);
  const months = byMonth.data?.rows ?? [];

  const townChart = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: mobile ? 72 : 96, right: 24, top: 40, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: towns.map((r) => r.name), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        name: '合格率',
        barMaxWidth: 14,
        data: towns.map((r) => ({
          value: r.passRate == null ? null : Number((r.passRate * 100).toFixed(2)),
          itemStyle: {
            color: target != null && r.passRate != null && r.passRate * 100 < target ? '#d32f2f' : '#43a047',
          },
        })),
        tooltip: { valueFormatter: (v: number) => `${v}%` },
        markLine:
          target == null
            ? undefined
            : {
                symbol: 'none',
                lineStyle: { color: '#ed6c02', type: 'dashed' },
                label: { formatter: `目标 ${target}%`, position: 'start', distance: 8 },
                data: [{ xAxis: target }],
              },
      },
    ],
  };
  const monthChart = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 48, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: months.map((m) => m.name) },
    yAxis: [
      { type: 'value', name: '批次', min: 0, minInterval: 1 },
      {
        type: 'value',
        name: '合格率',
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    series: [
      { type: 'bar', name: '检测批次', data: months.map((m) => m.total), itemStyle: { color: '#90caf9' } },
      {
        type: 'line',
        name: '合格率',
        yAxisIndex: 1,
        data: months.map((m) => (m.passRate == null ? null : Number((m.passRate * 100).toFixed(2)))),
        itemStyle: { color: '#43a047' },
      },
    ],
  };

  return (
    <>
      <Typography.Title level={4}>{year} 年监管概况</Typography.Title>
      <Row gutter={[12, 12]}>
        <Figure
          title="快检完成"
          value={rapid ? `${rapid.done} / ${rapid.quota}` : undefined}
          loading={pending}
          danger={rapid?.behind}
          to="/monitoring/progress"
          extra={rapid && `${pctText(rapid.rate)}，按时间应完成 ${rapid.expectedByNow}`}
        />
        <Figure
          title="定量检测完成"
          value={lab ? `${lab.done} / ${lab.quota}` : undefined}
          loading={pending}
          danger={lab?.behind}
          to="/monitoring/progress"
          extra={lab && `${pctText(lab.rate)}，按时间应完成 ${lab.expectedByNow}`}
        />
        <Figure
          title="合格率"
          value={pctText(byMonth.data?.passRate)}
          loading={byMonth.isPending}
          danger={target != null && byMonth.data?.passRate != null && byMonth.data.passRate * 100 < target}
          to="/monitoring/stats"
          extra={byMonth.data && `检测 ${byMonth.data.total} 批次，不合格/阳性 ${byMonth.data.failed}`}
        />
        <Figure
          title="禁限用药物检出"
          value={byMonth.data?.leads}
          loading={byMonth.isPending}
          danger={(byMonth.data?.leads ?? 0) > 0}
          to="/monitoring/issues"
        />
        <Figure
          title="本季度巡查覆盖率"
          value={coverage.data ? `${coverage.data.total.rate.toFixed(1)}%` : undefined}
          loading={coverage.isPending}
          to="/inspections/coverage"
          extra={
            coverage.data &&
            `${coverage.data.total.done} / ${coverage.data.total.due} 户，逾期 ${coverage.data.total.overdue}`
          }
        />
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title="各镇街合格率">
            {byTown.data ? (
              <ReactECharts option={townChart} style={{ height: Math.max(240, towns.length * 20 + 70) }} />
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="逐月检测与合格率">
            {byMonth.data ? (
              <ReactECharts option={monthChart} style={{ height: 320 }} />
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
      </Row>
      <div style={{ marginTop: 16 }}>
        <DashboardPage />
      </div>
    </>
  );
}
