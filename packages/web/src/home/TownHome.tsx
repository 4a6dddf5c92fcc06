import { TASK_KIND_LABELS } from '@nongan/shared/sampling/plans';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, List, Progress, Row, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api, type Page } from '../common/api.ts';
import type { DutyView, RectView } from '../inspections/queries.ts';
import { RECORDERS } from '../sampling/queries.ts';
import { Figure, pctText, thisYear, usePlanProgress, useStats } from './parts.tsx';

/**
 * A town's first screen: its own quota (never mixed with the district testing centre's), its pass
 * rate, and today's duties: inspections due or overdue and rectifications waiting.
 */
export function TownHome() {
  const navigate = useNavigate();
  const user = useMe().data?.user;
  const town = (user?.scopeCode ?? '').slice(0, 9);
  const year = thisYear();
  const { progress, pending } = usePlanProgress();
  const stats = useStats({ year, kind: 'all', dimension: 'month' });
  const duties = useQuery({
    queryKey: ['inspections', 'duties', 'home'],
    queryFn: async () => {
      const [overdue, open] = await Promise.all([
        api.get<Page<DutyView>>('/inspections/duties', { status: 'overdue', pageSize: 5 }),
        api.get<Page<DutyView>>('/inspections/duties', { status: 'open', pageSize: 5 }),
      ]);
      return { overdue, open };
    },
  });
  const rects = useQuery({
    queryKey: ['inspections', 'rectifications', 'home'],
    queryFn: () => api.get<Page<RectView>>('/rectifications', { status: 'open', pageSize: 1 }),
  });
  const own = (progress.data?.rows ?? []).filter((r) => r.holderCode === town);
  const list = [...(duties.data?.overdue.items ?? []), ...(duties.data?.open.items ?? [])].slice(0, 6);
  return (
    <>
      <Typography.Title level={4}>{user?.scopeName ?? '本镇街'}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        {can(user, RECORDERS) && (
          <Button type="primary" onClick={() => navigate('/monitoring/rapid/new')}>
            录入快检
          </Button>
        )}
        <Button onClick={() => navigate('/inspections/new')}>开始巡查</Button>
      </Space>
      <Row gutter={[12, 12]}>
        <Figure
          title="逾期巡查"
          value={duties.data?.overdue.total}
          loading={duties.isPending}
          danger={(duties.data?.overdue.total ?? 0) > 0}
          to="/inspections?status=overdue"
        />
        <Figure title="待巡查" value={duties.data?.open.total} loading={duties.isPending} to="/inspections" />
        <Figure
          title="待整改"
          value={rects.data?.total}
          loading={rects.isPending}
          to="/inspections/rectifications"
        />
        <Figure
          title={`${year} 年合格率`}
          value={pctText(stats.data?.passRate)}
          loading={stats.isPending}
          to="/monitoring/stats"
          extra={stats.data && `检测 ${stats.data.total} 批次，不合格/阳性 ${stats.data.failed}`}
        />
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title="本镇街任务进度"
            loading={pending}
            extra={<Link to="/monitoring/progress">详情</Link>}
          >
            {own.length === 0 && (
              <Typography.Text type="secondary">本年度计划未给本镇街分配任务</Typography.Text>
            )}
            {own.map((r) => (
              <div key={r.taskKind}>
                <Typography.Text>
                  {TASK_KIND_LABELS[r.taskKind]}：{r.done} / {r.quota}（按时间应完成 {r.expectedByNow}）
                </Typography.Text>
                <Progress
                  percent={Math.round((r.rate ?? 0) * 1000) / 10}
                  status={r.behind ? 'exception' : 'normal'}
                />
              </div>
            ))}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title="今日巡查任务"
            loading={duties.isPending}
            extra={<Link to="/inspections">全部</Link>}
          >
            <List
              dataSource={list}
              locale={{ emptyText: '暂无待巡查任务' }}
              renderItem={(d) => (
                <List.Item
                  extra={
                    <Tag color={d.status === 'overdue' ? 'error' : 'processing'}>
                      {d.status === 'overdue' ? '逾期' : '待巡查'}
                    </Tag>
                  }
                >
                  <List.Item.Meta
                    title={<Link to={`/entities/${d.entityId}`}>{d.entityName}</Link>}
                    description={`${d.villageName ?? d.townName} · 截止 ${d.dueDate}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
