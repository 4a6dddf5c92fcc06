import {
  type DrillRecord,
  type DrillView,
  GROUP_LABELS,
  HONOUR_LABELS,
  type Indicator,
  type IndicatorScore,
  PERIOD_LABELS,
} from '@nongan/shared/assessment/schemas';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Drawer, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api, type Page } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { PagedList } from '../common/PagedList.tsx';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { ManualScoreModal } from './ManualScoreModal.tsx';
import { ASSESSMENT_EDITORS, drillLink, HONOUR_COLORS, usePeriod, useResults } from './queries.ts';

type Line = Pick<Indicator, 'key' | 'group' | 'name' | 'points' | 'rule'> & { s: IndicatorScore };

/** One town's score on each indicator, each opening the records behind it. */
export function TownPage() {
  const { code = '' } = useParams();
  const { year, period } = usePeriod();
  const res = useResults(year, period);
  const user = useMe().data?.user;
  const editor = can(user, ASSESSMENT_EDITORS);
  const [drill, setDrill] = useState<Line | null>(null);
  const [scoring, setScoring] = useState<Line | null>(null);
  if (res.isError) return <ErrorResult error={res.error} retry={() => res.refetch()} />;
  const v = res.data;
  if (!v) return <Skeleton active />;
  const row = v.rows.find((r) => r.townCode === code);
  if (!row) return <ErrorResult error={new Error('该镇街不在您的考核查看范围内')} />;
  const lines: Line[] = v.indicators.map((ind, i) => ({ ...ind, s: row.scores[i]! }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <div className="page-header">
        <Typography.Title level={4}>
          {row.townName} {year}年{PERIOD_LABELS[period]}考核
        </Typography.Title>
        <Link to={`/assessment?year=${year}&period=${period}`}>
          <Button>返回排名</Button>
        </Link>
      </div>
      <Card size="small">
        <Space wrap size={16}>
          <span>
            总分{' '}
            <Typography.Text strong style={{ fontSize: 20 }}>
              {row.total.toFixed(2)}
            </Typography.Text>
          </span>
          <span>
            名次 <b>{row.rank}</b> / {v.townCount}
          </span>
          {row.honour && <Tag color={HONOUR_COLORS[row.honour]}>{HONOUR_LABELS[row.honour]}</Tag>}
          <Typography.Text type="secondary">数据截至{v.asOf}</Typography.Text>
        </Space>
      </Card>
      <Card size="small" title="分项得分">
        <ResponsiveTable<Line>
          size="small"
          rowKey="key"
          dataSource={lines}
          pagination={false}
          columns={[
            { title: '指标', dataIndex: 'name', width: 160 },
            { title: '方面', key: 'group', width: 100, render: (_: unknown, l) => GROUP_LABELS[l.group] },
            { title: '完成情况', key: 'display', width: 180, render: (_: unknown, l) => l.s.display },
            {
              title: '得分',
              key: 'score',
              width: 100,
              render: (_: unknown, l) => (
                <span>
                  <b>{l.s.score}</b> / {l.points}
                  {l.s.noData && (
                    <Tag style={{ marginLeft: 4 }}>{l.rule.kind === 'manual' ? '待评分' : '无数据'}</Tag>
                  )}
                </span>
              ),
            },
            {
              title: '操作',
              key: 'op',
              width: 150,
              render: (_: unknown, l) => (
                <Space>
                  <Button size="small" onClick={() => setDrill(l)}>
                    查看明细
                  </Button>
                  {editor && l.rule.kind === 'manual' && (
                    <Button size="small" type="primary" onClick={() => setScoring(l)}>
                      评分
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <DrillDrawer line={drill} town={code} year={year} period={period} onClose={() => setDrill(null)} />
      {scoring && (
        <ManualScoreModal
          indicator={scoring}
          townCode={code}
          townName={row.townName}
          year={year}
          period={period}
          onClose={() => setScoring(null)}
        />
      )}
    </Space>
  );
}

function DrillDrawer(props: {
  line: Line | null;
  town: string;
  year: number;
  period: string;
  onClose: () => void;
}) {
  const { line, town, year, period } = props;
  const [at, setAt] = useState({ page: 1, pageSize: 20 });
  const q = useQuery({
    queryKey: ['assessment', 'drill', town, line?.key, year, period, at],
    queryFn: () =>
      api.get<DrillView>('/assessment/drill', { year, period, town, indicator: line?.key, ...at }),
    enabled: !!line,
    placeholderData: keepPreviousData,
  });
  const d = q.data;
  const label = (r: DrillRecord) => {
    const to = drillLink(r.type, r.id);
    return to ? <Link to={to}>{r.label}</Link> : r.label;
  };
  return (
    <Drawer
      open={!!line}
      onClose={() => {
        setAt({ page: 1, pageSize: 20 });
        props.onClose();
      }}
      title={line ? `${line.name}：明细` : ''}
      size={Math.min(760, window.innerWidth)}
    >
      {d && (
        <Typography.Paragraph type="secondary">
          {d.explain} 本镇街：{d.score.display}，得{d.score.score}分（满分{d.score.max}分）。
        </Typography.Paragraph>
      )}
      <PagedList<DrillRecord>
        list={{ ...q, data: d as Page<DrillRecord> | undefined }}
        query={at}
        onPage={setAt}
        empty="统计期内没有相关记录"
        scrollX={600}
        columns={[
          { title: '记录', key: 'label', width: 200, render: (_: unknown, r) => label(r) },
          { title: '说明', dataIndex: 'detail', width: 220 },
          { title: '日期', dataIndex: 'date', width: 100 },
          {
            title: '状态',
            dataIndex: 'status',
            width: 100,
            render: (s: string, r) => <Tag color={r.ok ? 'green' : 'red'}>{s}</Tag>,
          },
        ]}
        card={(r) => (
          <>
            <Space wrap>
              <Typography.Text strong>{label(r)}</Typography.Text>
              <Tag color={r.ok ? 'green' : 'red'}>{r.status}</Tag>
            </Space>
            <Typography.Text type="secondary">
              {r.detail}
              {r.date ? ` · ${r.date}` : ''}
            </Typography.Text>
          </>
        )}
      />
    </Drawer>
  );
}
