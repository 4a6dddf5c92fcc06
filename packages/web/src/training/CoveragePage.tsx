import {
  type CoverageView,
  TRAINING_CATEGORY_LABELS,
  type TrainingCategory,
} from '@nongan/shared/training/schemas';
import { useQuery } from '@tanstack/react-query';
import { Card, Select, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';

type Row = CoverageView['rows'][number];
type Store = CoverageView['underTrained'][number];
const pct = (trained: number, target: number | null) =>
  target ? `${((trained / target) * 100).toFixed(1)}%` : '—';

/** Sums a category's towns into one line (the chart and the first table). */
function byCategory(rows: Row[]) {
  const out = new Map<
    TrainingCategory,
    { category: TrainingCategory; target: number | null; trained: number }
  >();
  for (const r of rows) {
    const c = out.get(r.category) ?? {
      category: r.category,
      target: r.target === null ? null : 0,
      trained: 0,
    };
    c.trained += r.trained;
    if (r.target !== null) c.target = (c.target ?? 0) + r.target;
    out.set(r.category, c);
  }
  return [...out.values()];
}

export function CoveragePage() {
  const [year, setYear] = useState(dayjs().year());
  const mobile = useIsMobile();
  const cov = useQuery({
    queryKey: ['training', 'coverage', year],
    queryFn: () => api.get<CoverageView>('/training/coverage', { year }),
  });
  if (cov.isError) return <ErrorResult error={cov.error} />;
  const d = cov.data;
  const cats = d ? byCategory(d.rows) : [];
  const tracked = cats.filter((c) => c.target);
  const chart = {
    // Drawn at once: a printed or captured page never shows a half-grown bar.
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
    grid: { left: mobile ? 96 : 200, right: 40, top: 16, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: tracked.map((c) => TRAINING_CATEGORY_LABELS[c.category]),
      axisLabel: { fontSize: 11, width: mobile ? 90 : 190, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: '覆盖率',
        barMaxWidth: 18,
        label: { show: true, position: 'right', formatter: '{c}%' },
        data: tracked.map((c) => Number(((c.trained / (c.target as number)) * 100).toFixed(1))),
      },
    ],
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <div className="page-header">
        <Typography.Title level={4}>培训覆盖</Typography.Title>
        <Select
          aria-label="年度"
          value={year}
          onChange={setYear}
          options={[0, 1, 2].map((n) => ({ value: dayjs().year() - n, label: `${dayjs().year() - n}年` }))}
        />
      </div>
      <Typography.Text type="secondary">
        全区实施方案二(三)：分类别对检测人员、监管人员、村级协管员、示范企业负责人、农资门店负责人全覆盖开展培训；
        投入品经营者每年培训2次以上。覆盖 = 本年度至少参加1期培训（不含已取消）。
      </Typography.Text>
      {!d ? (
        <Skeleton active />
      ) : (
        <>
          <Card size="small" title={`${d.year}年各类别培训覆盖率`}>
            <ReactECharts
              option={chart}
              style={{ height: Math.max(160, tracked.length * 40 + 60) }}
              notMerge
            />
          </Card>
          <Card size="small" title="分类别、分镇街">
            <ResponsiveTable<Row>
              size="small"
              rowKey={(r) => `${r.category}|${r.townCode ?? ''}`}
              dataSource={d.rows}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 560 }}
              columns={[
                { title: '类别', dataIndex: 'categoryLabel', width: 200 },
                { title: '镇街', dataIndex: 'townName', width: 90 },
                {
                  title: '应训',
                  dataIndex: 'target',
                  width: 70,
                  render: (v: number | null) => v ?? '未建名录',
                },
                { title: '已训', dataIndex: 'trained', width: 70 },
                {
                  title: '覆盖率',
                  key: 'rate',
                  width: 80,
                  render: (_: unknown, r) => pct(r.trained, r.target),
                },
              ]}
            />
          </Card>
          <Card
            size="small"
            title={`本年度培训不足${d.minSessions}次的农资店`}
            extra={<Tag color={d.underTrained.length ? 'red' : 'green'}>{d.underTrained.length} 家</Tag>}
          >
            <ResponsiveTable<Store>
              rowKey="entityId"
              dataSource={d.underTrained}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                {
                  title: '农资店',
                  dataIndex: 'name',
                  width: 240,
                  render: (v: string, r) => <Link to={`/entities/${r.entityId}`}>{v}</Link>,
                },
                { title: '镇街', dataIndex: 'townName', width: 90 },
                {
                  title: '本年参训',
                  dataIndex: 'sessions',
                  width: 90,
                  render: (v: number) => <Tag color={v === 0 ? 'red' : 'orange'}>{v} 次</Tag>,
                },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
