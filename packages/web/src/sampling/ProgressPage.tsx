import type { TaskKind } from '@nongan/shared/sampling/plans';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Segmented, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import { PaceBar, taskKindLabel } from './parts.tsx';
import { defaultPlan, type Progress, pct, taskKindOrder, usePlans } from './queries.ts';

type ProgressRow = Progress['rows'][number];
const fmt = (n: number) => n.toLocaleString('zh-CN');
const SHORT_KIND: Record<TaskKind, string> = {
  rapid_test: '快检',
  supervisory_sampling: '监督抽查',
  routine_monitoring: '例行监测',
  risk_monitoring: '风险监测',
  input_inspection: '投入品',
};

export function ProgressPage() {
  const [params, setParams] = useSearchParams();
  const mobile = useIsMobile();
  const plans = usePlans();
  const planId = params.get('plan') ?? defaultPlan(plans.data)?.id;
  const plan = plans.data?.find((p) => p.id === planId);
  const progress = useQuery({
    queryKey: ['sampling', 'progress', planId],
    queryFn: () => api.get<Progress>(`/plans/${planId}/progress`),
    enabled: !!planId,
  });
  const p = progress.data;
  const kinds = (p?.byKind ?? []).map((k) => k.taskKind).sort((a, b) => taskKindOrder(a) - taskKindOrder(b));
  const kindParam = params.get('kind') as TaskKind | null;
  const kind: TaskKind | undefined = kindParam && kinds.includes(kindParam) ? kindParam : kinds[0];
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  if (plans.isError) return <ErrorResult error={plans.error} retry={() => plans.refetch()} />;
  if (progress.isError) return <ErrorResult error={progress.error} retry={() => progress.refetch()} />;

  const rows = (p?.rows ?? [])
    .filter((r) => r.taskKind === kind)
    .sort((a, b) => a.holderCode.length - b.holderCode.length || a.holderCode.localeCompare(b.holderCode));
  const behind = rows.filter((r) => r.behind).length;
  const elapsedPct = (p?.elapsed ?? 0) * 100;
  const chart = {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number) => `${v.toFixed(1)}%`,
    },
    grid: { left: mobile ? 64 : 90, right: 32, top: 36, bottom: 24 },
    xAxis: {
      type: 'value',
      axisLabel: { formatter: '{value}%' },
      max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)),
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.holderName),
      axisLabel: { fontSize: 11 },
    },
    series: [
      {
        type: 'bar',
        name: '完成率',
        barMaxWidth: 16,
        data: rows.map((r) => ({
          value: Number(((r.rate ?? 0) * 100).toFixed(1)),
          itemStyle: { color: r.behind ? '#d32f2f' : '#43a047' },
        })),
        markLine: {
          symbol: 'none',
          lineStyle: { color: '#1f1f1f', type: 'dashed' },
          label: { formatter: `时间进度 ${elapsedPct.toFixed(1)}%`, position: 'start', distance: 8 },
          data: [{ xAxis: Number(elapsedPct.toFixed(1)) }],
        },
      },
    ],
  };

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>监测进度</Typography.Title>
        <Select
          aria-label="监测计划"
          style={{ minWidth: 240 }}
          loading={plans.isPending}
          value={planId}
          onChange={(v) => set({ plan: v, kind: undefined })}
          options={[...(plans.data ?? [])]
            .sort((a, b) => b.year - a.year)
            .map((x) => ({ value: x.id, label: x.name }))}
        />
      </div>
      {!plans.isPending && !planId ? (
        <Empty description="尚无监测计划" />
      ) : !p ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {p.year} 年已过 {pct(p.elapsed)}（进度条中的竖线）；完成数低于“配额 × 时间进度”即为落后，标红。
            {plan && (
              <>
                {' '}
                <Link to={`/monitoring/plans/${plan.id}`}>查看计划</Link>
              </>
            )}
          </Typography.Text>
          <Row gutter={[12, 12]}>
            {[
              ...p.byKind
                .filter((b) => b.taskKind === 'rapid_test')
                .map((b) => ({ title: taskKindLabel(b.taskKind), ...b })),
              { title: '定量检测（合计）', ...p.labTotal },
              ...p.byKind
                .filter((b) => b.taskKind !== 'rapid_test')
                .map((b) => ({ title: taskKindLabel(b.taskKind), ...b })),
            ].map((c) => (
              <Col xs={12} md={8} xl={4} key={c.title}>
                <Card size="small" data-testid={`progress-${c.title}`}>
                  <Typography.Text type="secondary">{c.title}</Typography.Text>
                  <div style={{ fontSize: 20, fontWeight: 600, margin: '4px 0' }}>
                    <span className="progress-done">{fmt(c.done)}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 14 }}>
                      {' '}
                      / {fmt(c.quota)}
                    </Typography.Text>
                  </div>
                  <PaceBar done={c.done} quota={c.quota} elapsed={p.elapsed} behind={c.behind} />
                </Card>
              </Col>
            ))}
          </Row>
          <Segmented
            block={mobile}
            value={kind}
            onChange={(v) => set({ kind: v as string })}
            options={kinds.map((k) => ({ value: k, label: mobile ? SHORT_KIND[k] : taskKindLabel(k) }))}
          />
          <Card
            size="small"
            title={`${kind ? taskKindLabel(kind) : ''}：各承担单位完成率`}
            extra={behind > 0 && <Tag color="red">{behind} 个单位落后</Tag>}
          >
            <ReactECharts option={chart} style={{ height: Math.max(160, rows.length * 24 + 60) }} notMerge />
          </Card>
          <Table<ProgressRow>
            rowKey={(r) => `${r.taskKind}|${r.holderCode}`}
            size="small"
            dataSource={rows}
            pagination={false}
            scroll={mobile ? undefined : { x: 560 }}
            rowClassName={(r) => (r.behind ? 'row-behind' : '')}
            columns={[
              { title: '承担单位', dataIndex: 'holderName', width: mobile ? 80 : 110 },
              {
                title: '完成 / 配额',
                key: 'done',
                width: 120,
                align: 'right',
                render: (_, r) => (
                  <span style={{ color: r.behind ? '#d32f2f' : undefined }}>
                    {fmt(r.done)} / {fmt(r.quota)}
                  </span>
                ),
              },
              {
                title: '应完成（按时间）',
                dataIndex: 'expectedByNow',
                width: 130,
                align: 'right',
                render: fmt,
              },
              {
                title: '进度',
                key: 'bar',
                width: mobile ? 150 : undefined,
                render: (_, r) => (
                  <PaceBar done={r.done} quota={r.quota} elapsed={p.elapsed} behind={r.behind} />
                ),
              },
              {
                title: '状态',
                key: 'behind',
                hidden: mobile,
                width: 80,
                render: (_, r) =>
                  r.behind ? (
                    <Tag color="red">落后</Tag>
                  ) : r.done >= r.quota ? (
                    <Tag color="green">已完成</Tag>
                  ) : (
                    <Tag color="blue">正常</Tag>
                  ),
              },
            ]}
          />
        </Space>
      )}
    </>
  );
}
