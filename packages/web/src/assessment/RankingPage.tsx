import { DownloadOutlined } from '@ant-design/icons';
import {
  HONOUR_LABELS,
  type HonoursView,
  PERIOD_LABELS,
  type ResultRow,
} from '@nongan/shared/assessment/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Row, Select, Skeleton, Space, Switch, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api, downloadUrl, errorMessage } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import {
  ASSESSMENT_EDITORS,
  HONOUR_COLORS,
  periodOptions,
  usePeriod,
  useResults,
  yearOptions,
} from './queries.ts';

/** 考核: the towns ranked for a year or quarter, with the commended and criticised. */
export function RankingPage() {
  const { year, period, set } = usePeriod();
  const [published, setPublished] = useState(false);
  const mobile = useIsMobile();
  const user = useMe().data?.user;
  const editor = can(user, ASSESSMENT_EDITORS);
  const res = useResults(year, period, published);
  const honours = useQuery({
    queryKey: ['assessment', 'honours', year, period],
    queryFn: () => api.get<HonoursView>('/assessment/honours', { year, period }),
    enabled: !published,
  });
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const publish = useMutation({
    mutationFn: () => api.post('/assessment/results/publish', { year, period }),
    onSuccess: () => {
      message.success('已发布');
      qc.invalidateQueries({ queryKey: ['assessment'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const v = res.data;
  const link = (r: ResultRow) => `/assessment/towns/${r.townCode}?year=${year}&period=${period}`;
  const columns: ColumnsType<ResultRow> = [
    { title: '名次', dataIndex: 'rank', width: 72, render: (r: number) => `第${r}名` },
    {
      title: '镇街',
      dataIndex: 'townName',
      width: 110,
      render: (name: string, r) => <Link to={link(r)}>{name}</Link>,
    },
    { title: '总分', dataIndex: 'total', width: 80, render: (t: number) => <b>{t.toFixed(2)}</b> },
    ...(mobile
      ? []
      : (v?.indicators ?? []).map((ind, i) => ({
          title: `${ind.name}（${ind.points}）`,
          key: ind.key,
          width: 120,
          render: (_: unknown, r: ResultRow) => {
            const s = r.scores[i];
            return s ? (
              <span title={s.display}>
                {s.score}
                {s.noData && <Typography.Text type="secondary"> *</Typography.Text>}
              </span>
            ) : null;
          },
        }))),
    {
      title: '通报',
      dataIndex: 'honour',
      width: 100,
      render: (h: ResultRow['honour']) => (h ? <Tag color={HONOUR_COLORS[h]}>{HONOUR_LABELS[h]}</Tag> : '—'),
    },
  ];
  const rows = v?.rows ?? [];
  const chart = {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: mobile ? 64 : 90, right: 40, top: 8, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.townName) },
    series: [
      {
        type: 'bar',
        name: '总分',
        barMaxWidth: 14,
        label: { show: true, position: 'right', fontSize: 10 },
        data: rows.map((r) => ({
          value: r.total,
          itemStyle: {
            color: r.honour === 'commend' ? '#52c41a' : r.honour === 'criticise' ? '#ff4d4f' : '#1677ff',
          },
        })),
      },
    ],
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <div className="page-header">
        <Typography.Title level={4}>镇街考核</Typography.Title>
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('/assessment/results/export', { year, period })}
          >
            导出排名
          </Button>
          <Link to={`/assessment/scheme?year=${year}`}>
            <Button>考核方案</Button>
          </Link>
          {editor && (
            <Button
              type="primary"
              loading={publish.isPending}
              onClick={() =>
                modal.confirm({
                  title: `发布${year}年${PERIOD_LABELS[period]}考核结果？`,
                  content: '发布后按当前数据保存一份结果，之后数据变化不影响已发布的结果。',
                  okText: '发布',
                  cancelText: '取消',
                  onOk: () => publish.mutateAsync(),
                })
              }
            >
              发布结果
            </Button>
          )}
        </Space>
      </div>
      <Row gutter={[8, 8]} align="middle">
        <Col>
          <Select
            aria-label="年度"
            value={year}
            options={yearOptions()}
            onChange={(y) => set({ year: y, period: 'year' })}
          />
        </Col>
        <Col>
          <Select
            aria-label="期间"
            value={period}
            options={periodOptions(year)}
            onChange={(p) => set({ period: p })}
          />
        </Col>
        <Col>
          <Space>
            <Switch checked={published} onChange={setPublished} aria-label="查看已发布结果" />
            <span>查看已发布结果</span>
          </Space>
        </Col>
      </Row>
      {res.isError ? (
        <ErrorResult error={res.error} retry={() => res.refetch()} />
      ) : !v ? (
        <Skeleton active />
      ) : (
        <>
          <Typography.Text type="secondary">
            区实施方案二(一)：从组织保障、合格证试行、日常监管、检测检验、追溯管理、“两品一标”、案件查处等方面评价镇街。
            数据截至{v.asOf}，{v.schemeVersion ? `考核方案第${v.schemeVersion}版` : '平台初始考核方案'}；
            {v.published
              ? `已于${dayjs(v.published.publishedAt).format('YYYY-MM-DD HH:mm')}发布第${v.published.version}次。`
              : '本期尚未发布。'}
            带 * 的得分为无数据或待评分。
          </Typography.Text>
          {rows.length > 1 && (
            <Card size="small" title={`${year}年${PERIOD_LABELS[period]}总分排名`}>
              <ReactECharts option={chart} style={{ height: rows.length * 22 + 50 }} notMerge />
            </Card>
          )}
          <Card size="small" title={rows.length === 1 ? `本镇街名次（共${v.townCount}个镇街）` : '排名'}>
            <ResponsiveTable<ResultRow>
              size="small"
              rowKey="townCode"
              dataSource={rows}
              columns={columns}
              pagination={false}
              scroll={{ x: 400 + v.indicators.length * 120 }}
            />
          </Card>
          {!published && honours.data && rows.length > 1 && (
            <Card size="small" title="通报表扬与批评">
              <Typography.Paragraph type="secondary">{honours.data.rule}</Typography.Paragraph>
              <Typography.Paragraph>
                通报表扬：
                {honours.data.commended.map((h) => `${h.townName}（${h.total}分）`).join('、') || '无'}
              </Typography.Paragraph>
              <Typography.Paragraph>
                通报批评：
                {honours.data.criticised.map((h) => `${h.townName}（${h.total}分）`).join('、') || '无'}
              </Typography.Paragraph>
            </Card>
          )}
        </>
      )}
    </Space>
  );
}
