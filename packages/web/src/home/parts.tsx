import { useQuery } from '@tanstack/react-query';
import { Card, Col, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../common/api.ts';
import { defaultPlan, type Progress, type Stats, usePlans } from '../sampling/queries.ts';

/** A figure on a home page; a tap opens the page behind it. */
export function Figure(props: {
  title: string;
  value: number | string | null | undefined;
  suffix?: string;
  extra?: ReactNode;
  to?: string;
  loading?: boolean;
  danger?: boolean;
  span?: { xs: number; md: number };
}) {
  const navigate = useNavigate();
  const { xs, md } = props.span ?? { xs: 12, md: 6 };
  return (
    <Col xs={xs} md={md}>
      <Card
        size="small"
        loading={props.loading}
        hoverable={!!props.to}
        onClick={props.to ? () => navigate(props.to as string) : undefined}
        style={{ height: '100%' }}
      >
        <Statistic
          title={props.title}
          value={props.value ?? '—'}
          suffix={props.value != null ? props.suffix : undefined}
          styles={props.danger ? { content: { color: '#cf1322' } } : undefined}
        />
        {props.extra && <Typography.Text type="secondary">{props.extra}</Typography.Text>}
      </Card>
    </Col>
  );
}

export const pctText = (rate: number | null | undefined, digits = 1) =>
  rate == null ? '—' : `${(rate * 100).toFixed(digits)}%`;

/** The current year in China time, as the plans and statistics count it. */
export const thisYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

/** This year's plan and its progress (the server limits the rows to the reader's area). */
export function usePlanProgress() {
  const plans = usePlans();
  const plan = defaultPlan(plans.data);
  const progress = useQuery({
    queryKey: ['sampling', 'progress', plan?.id],
    queryFn: () => api.get<Progress>(`/plans/${plan?.id}/progress`),
    enabled: !!plan,
  });
  return { plan, progress, pending: plans.isPending || (!!plan && progress.isPending) };
}

export function useStats(q: { year: number; kind?: string; dimension?: string; townCode?: string }) {
  return useQuery({
    queryKey: ['sampling', 'stats', q],
    queryFn: () => api.get<Stats>('/sampling/stats', q),
  });
}
