import { TASK_KIND_LABELS } from '@nongan/shared/sampling/plans';
import type { sampleQueueView } from '@nongan/shared/sampling/tests';
import { useQuery } from '@tanstack/react-query';
import { Card, Progress, Row, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import { api } from '../common/api.ts';
import { SAMPLE_STATUS_LABELS } from '../sampling/queries.ts';
import { Figure, pctText, thisYear, usePlanProgress, useStats } from './parts.tsx';

type Queue = z.infer<typeof sampleQueueView>;

/** The testing centre's first screen: what waits in each state and what is overdue, then the year's figures. */
export function LabHome() {
  const queue = useQuery({
    queryKey: ['sampling', 'queue'],
    queryFn: () => api.get<Queue>('/samples/queue'),
  });
  const { progress, pending } = usePlanProgress();
  const year = thisYear();
  const lab = useStats({ year, kind: 'lab', dimension: 'month' });
  const p = progress.data;
  return (
    <>
      <Typography.Title level={4}>待办样品</Typography.Title>
      <Row gutter={[12, 12]}>
        {(queue.data?.states ?? []).map((s) => (
          <Figure
            key={s.status}
            title={SAMPLE_STATUS_LABELS[s.status] ?? s.status}
            value={s.waiting}
            loading={queue.isPending}
            to={`/monitoring/lab?status=${s.status}`}
            danger={s.overdue > 0}
            extra={
              s.overdue > 0
                ? `其中超期 ${s.overdue} 个（超过 ${s.overdueDays} 天）`
                : s.oldestSince
                  ? `最早 ${dayjs(s.oldestSince).format('MM-DD')} 起`
                  : '无'
            }
          />
        ))}
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {year} 年定量检测
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Figure
          title="检测批次"
          value={lab.data?.total}
          loading={lab.isPending}
          to="/monitoring/stats"
          extra={lab.data && `不合格 ${lab.data.failed} 批次，禁限用检出 ${lab.data.leads}`}
        />
        <Figure
          title="合格率"
          value={pctText(lab.data?.passRate)}
          loading={lab.isPending}
          to="/monitoring/stats"
        />
      </Row>
      <Card
        size="small"
        title="任务进度"
        style={{ marginTop: 12 }}
        loading={pending}
        extra={<Link to="/monitoring/progress">详情</Link>}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          {(p?.byKind ?? [])
            .filter((k) => k.taskKind !== 'rapid_test')
            .map((k) => (
              <div key={k.taskKind}>
                <Typography.Text>
                  {TASK_KIND_LABELS[k.taskKind]}：{k.done} / {k.quota}
                  {k.behind && <Typography.Text type="danger">（落后于时间进度）</Typography.Text>}
                </Typography.Text>
                <Progress
                  percent={Math.round((k.rate ?? 0) * 1000) / 10}
                  status={k.behind ? 'exception' : 'normal'}
                />
              </div>
            ))}
        </Space>
      </Card>
    </>
  );
}
