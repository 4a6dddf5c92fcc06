import type { supervisionView } from '@nongan/shared/certificates/schemas';
import type { EntityType } from '@nongan/shared/entities/schemas';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import { can, useMe } from '../auth/session.ts';
import { chinaToday, SUPERVISORS } from '../certificates/queries.ts';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { typeLabel } from '../common/labels.ts';
import { useIsMobile } from '../common/useIsMobile.ts';
import { WarningSummaryAlert } from '../warnings/WarningSummaryAlert.tsx';

export type EntityStats = {
  total: number;
  active: number;
  certificateTrial: number;
  traceManaged: number;
  byTown: { townCode: string; townName: string; count: number }[];
  byType: { type: EntityType; count: number }[];
};

const pct = (n: number, d: number) => (d ? `${((n / d) * 100).toFixed(1)}%` : '—');

export function DashboardPage() {
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const stats = useQuery({
    queryKey: ['entities', 'stats'],
    queryFn: () => api.get<EntityStats>('/entities/stats'),
  });
  const supervisor = can(useMe().data?.user, SUPERVISORS);
  const today = chinaToday();
  const monthAgo = new Date(Date.now() + 8 * 3600_000 - 29 * 86_400_000).toISOString().slice(0, 10);
  const certs = useQuery({
    queryKey: ['certificates', 'supervision', 'dashboard', today],
    queryFn: () =>
      api.get<z.infer<typeof supervisionView>>(`/certificates/supervision?from=${monthAgo}&to=${today}`),
    enabled: supervisor,
  });
  if (stats.isError) return <ErrorResult error={stats.error} retry={() => stats.refetch()} />;
  const s = stats.data;
  const towns = [...(s?.byTown ?? [])].sort((a, b) => b.count - a.count);

  const townChart = {
    tooltip: { trigger: 'axis' },
    grid: { left: mobile ? 64 : 80, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: towns.map((t) => t.townName),
      axisLabel: { fontSize: 11 },
    },
    series: [
      { type: 'bar', name: '在册主体', data: towns.map((t) => t.count), itemStyle: { color: '#43a047' } },
    ],
  };
  const typeChart = {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: mobile ? ['30%', '55%'] : ['35%', '65%'],
        center: ['50%', '45%'],
        // On a phone the labels would be cut at the edges: the legend names the slices instead.
        label: { show: !mobile },
        data: (s?.byType ?? []).map((t) => ({ name: typeLabel(t.type), value: t.count, code: t.type })),
      },
    ],
  };
  const onTownClick = (e: { dataIndex: number }) => {
    const t = towns[e.dataIndex];
    if (t) navigate(`/entities?townCode=${t.townCode}`);
  };

  return (
    <>
      <Typography.Title level={4}>首页</Typography.Title>
      <WarningSummaryAlert />
      <Row gutter={[12, 12]}>
        {[
          { title: '主体总数', value: s?.total },
          { title: '在册（启用）主体', value: s?.active },
          {
            title: '合格证试行主体',
            value: s?.certificateTrial,
            extra: s && `占在册 ${pct(s.certificateTrial, s.active)}`,
          },
          {
            title: '追溯管理主体',
            value: s?.traceManaged,
            extra: s && `占在册 ${pct(s.traceManaged, s.active)}`,
          },
        ].map((c) => (
          <Col xs={12} md={6} key={c.title}>
            <Card size="small" loading={stats.isPending}>
              <Statistic title={c.title} value={c.value ?? 0} />
              {c.extra && <Typography.Text type="secondary">{c.extra}</Typography.Text>}
            </Card>
          </Col>
        ))}
        {supervisor &&
          [
            { title: '近30天开具合格证', value: certs.data?.total.issued, to: '/certificates' },
            {
              title: '应开证主体使用率',
              value: certs.data?.total.useRate ?? undefined,
              suffix: '%',
              extra: certs.data && `${certs.data.total.issuing} / ${certs.data.total.mustIssue} 家`,
              to: '/certificates/supervision',
            },
            { title: '近30天撤销', value: certs.data?.total.revoked, to: '/certificates?status=revoked' },
          ].map((c) => (
            <Col xs={12} md={8} key={c.title}>
              <Card size="small" loading={certs.isPending} hoverable onClick={() => navigate(c.to)}>
                <Statistic
                  title={c.title}
                  value={c.value ?? '—'}
                  suffix={c.value != null ? c.suffix : undefined}
                />
                {c.extra && <Typography.Text type="secondary">{c.extra}</Typography.Text>}
              </Card>
            </Col>
          ))}
        <Col xs={24} lg={14}>
          <Card size="small" title="各镇街在册主体数">
            {s ? (
              <ReactECharts
                option={townChart}
                style={{ height: Math.max(240, towns.length * 22 + 40) }}
                onEvents={{ click: onTownClick }}
              />
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="主体类型分布">
            {s ? <ReactECharts option={typeChart} style={{ height: 360 }} /> : <Skeleton active />}
          </Card>
        </Col>
      </Row>
    </>
  );
}
