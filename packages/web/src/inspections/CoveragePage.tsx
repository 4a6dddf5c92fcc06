import { Card, Col, Progress, Row, Statistic, Table, Typography } from 'antd';
import { useMe } from '../auth/session.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useUrlQuery } from '../production/queries.ts';
import { QuarterSelect, TownFilter } from './parts.tsx';
import { type CoverageView, currentQuarter, quarterLabel, useCoverage } from './queries.ts';

type CoverageRow = CoverageView['towns'][number] & { townName?: string };

const rateCell = (target: number) => (v: number) => (
  <Progress
    percent={v}
    size="small"
    status={v >= target ? 'success' : 'active'}
    format={(p) => `${p}%`}
    style={{ minWidth: 120 }}
  />
);

/** 覆盖率: the quarter's inspections done of due, per town and grid, against the 100 % target. */
export function CoveragePage() {
  const { q, set } = useUrlQuery(['quarter', 'townCode'] as const);
  const user = useMe().data?.user;
  const district = user?.role === 'district_admin' || user?.role === 'district_staff';
  const quarter = q.quarter ?? currentQuarter();
  const cov = useCoverage({ quarter, townCode: q.townCode });
  if (cov.isError) return <ErrorResult error={cov.error} retry={() => cov.refetch()} />;
  const d = cov.data;
  const cols = (withTown: boolean) => [
    { title: withTown ? '网格' : '镇街', dataIndex: 'name', width: 200 },
    ...(withTown ? [{ title: '镇街', dataIndex: 'townName', width: 100 }] : []),
    { title: '应巡查', dataIndex: 'due', width: 90, align: 'right' as const },
    { title: '已巡查', dataIndex: 'done', width: 90, align: 'right' as const },
    {
      title: '逾期',
      dataIndex: 'overdue',
      width: 80,
      align: 'right' as const,
      render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0),
    },
    { title: '覆盖率', dataIndex: 'rate', width: 200, render: rateCell(d?.target ?? 100) },
  ];
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>巡查覆盖率 · {quarterLabel(quarter)}</Typography.Title>
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6} lg={4}>
          <QuarterSelect value={quarter} onChange={(v) => set({ quarter: v })} />
        </Col>
        {district && (
          <Col xs={12} md={6} lg={4}>
            <TownFilter value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
      </Row>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title="覆盖率（目标 100%）"
              value={d?.total.rate ?? 0}
              suffix="%"
              loading={cov.isPending}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="应巡查主体" value={d?.total.due ?? 0} loading={cov.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="已巡查" value={d?.total.done ?? 0} loading={cov.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={`逾期未巡查（季度末 ${d?.quarterEnd ?? ''}）`}
              value={d?.total.overdue ?? 0}
              styles={d?.total.overdue ? { content: { color: '#cf1322' } } : undefined}
              loading={cov.isPending}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title="按镇街" style={{ marginBottom: 12 }}>
        <Table<CoverageRow>
          rowKey={(r) => r.code ?? r.name}
          size="small"
          loading={cov.isFetching}
          dataSource={d?.towns ?? []}
          columns={cols(false)}
          pagination={false}
          scroll={{ x: 660 }}
        />
      </Card>
      <Card size="small" title="按网格（逾期多、覆盖率低的在前）">
        <Table<CoverageRow>
          rowKey={(r) => `${r.townName}-${r.code ?? r.name}`}
          size="small"
          loading={cov.isFetching}
          dataSource={d?.grids ?? []}
          columns={cols(true)}
          pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 个网格` }}
          scroll={{ x: 760 }}
        />
      </Card>
    </>
  );
}
