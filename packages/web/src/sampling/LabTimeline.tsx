import { Card, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { LAB_ACTION_LABELS, SAMPLE_STATUS_LABELS, type SampleDetail } from './queries.ts';

const COLORS: Record<string, string> = {
  rejected: 'red',
  invalidated: 'gray',
  verified: 'green',
  reported: 'green',
  entered: 'orange',
};

/** Who moved the sample, when, and why (the lab_steps rows), oldest first. */
export function LabTimeline({ steps }: { steps: SampleDetail['timeline'] }) {
  return (
    <Card size="small" title="流转记录" style={{ marginBottom: 12 }} data-testid="lab-timeline">
      {steps.length === 0 ? (
        <Typography.Text type="secondary">暂无记录</Typography.Text>
      ) : (
        <Timeline
          items={steps.map((st, i) => ({
            key: `${st.at}-${i}`,
            color: COLORS[st.toState] ?? 'blue',
            content: (
              <div>
                <Typography.Text strong>
                  {st.fromState ? (LAB_ACTION_LABELS[st.action] ?? '处理') : '登记抽样'}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {' → '}
                  {SAMPLE_STATUS_LABELS[st.toState] ?? '状态未知'}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {dayjs(st.at).format('YYYY-MM-DD HH:mm')} · {st.userName ?? '系统'}
                  </Typography.Text>
                </div>
                {st.reason && <div>原因：{st.reason}</div>}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
