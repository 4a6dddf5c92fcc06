import { DownloadOutlined } from '@ant-design/icons';
import {
  PHASE_LABELS,
  PUBLICITY_MANAGERS,
  type SurveyResults,
  type SurveyView,
} from '@nongan/shared/publicity/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  List,
  Popconfirm,
  QRCode,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import ReactECharts from 'echarts-for-react';
import { useNavigate, useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api, downloadUrl, errorMessage } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { PHASE_COLORS } from './SurveyListPage.tsx';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** A survey: its public link and QR code, status actions, and the results with charts. */
export function SurveyPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const manager = can(me.data?.user, PUBLICITY_MANAGERS);
  const res = useQuery({
    queryKey: ['publicity', 'results', id],
    queryFn: () => api.get<SurveyResults>(`/surveys/${id}/results`),
  });
  const act = useMutation({
    mutationFn: (a: 'publish' | 'close') => api.post<SurveyView>(`/surveys/${id}/${a}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['publicity'] }),
  });
  if (res.isError) return <ErrorResult error={res.error} retry={() => res.refetch()} />;
  const r = res.data;
  if (!r) return null;
  const s = r.survey;
  const url = `${window.location.origin}/s/${s.slug}`;
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>
          {s.title} <Tag color={PHASE_COLORS[s.phase]}>{PHASE_LABELS[s.phase]}</Tag>
        </Typography.Title>
        {manager && (
          <Space wrap>
            {s.status === 'draft' && (
              <Button type="primary" loading={act.isPending} onClick={() => act.mutate('publish')}>
                发布
              </Button>
            )}
            {s.status === 'published' && (
              <Popconfirm
                title="结束后不再接受答卷，且不能重新开放。确定结束？"
                onConfirm={() => act.mutate('close')}
              >
                <Button danger loading={act.isPending}>
                  结束调查
                </Button>
              </Popconfirm>
            )}
            {s.status !== 'closed' && (
              <Button onClick={() => navigate(`/publicity/surveys/${s.id}/edit`)}>修改</Button>
            )}
            <Button
              icon={<DownloadOutlined />}
              href={downloadUrl(`/surveys/${s.id}/answers.xlsx`)}
              disabled={r.responses === 0}
            >
              导出答卷（匿名）
            </Button>
          </Space>
        )}
      </div>
      {act.error && (
        <Alert type="error" showIcon title={errorMessage(act.error)} style={{ marginBottom: 12 }} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={16}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={8}>
              <Card size="small">
                <Statistic title="答卷" value={r.responses} suffix="份" />
              </Card>
            </Col>
            <Col xs={12} md={8}>
              <Card size="small">
                <Statistic title="总体满意率" value={pct(r.satisfactionRate)} />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small">
                <Statistic title="开放时间" value={`${s.opensOn.slice(5)} 至 ${s.closesOn.slice(5)}`} />
              </Card>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            满意率 = 评分题中打 4 分（满意）或 5 分（很满意）的答案占全部评分答案的比例。
          </Typography.Paragraph>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title="公众填写入口">
            {s.status === 'draft' ? (
              <Typography.Text type="secondary">发布后生成二维码和链接</Typography.Text>
            ) : (
              <Space orientation="vertical" align="center" style={{ width: '100%' }}>
                <QRCode value={url} size={160} />
                <Typography.Text copyable={{ text: url }} data-testid="survey-url">
                  {url}
                </Typography.Text>
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      {r.responses === 0 ? (
        <Empty description="还没有答卷" style={{ marginTop: 32 }} />
      ) : (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} lg={12}>
            <Card size="small" title="各镇街满意率">
              <TownChart rows={r.byTown} />
            </Card>
          </Col>
          {r.questions.map((q) => (
            <Col xs={24} lg={12} key={q.index}>
              <Card size="small" title={`${q.index + 1}. ${q.text}`}>
                {q.kind === 'text' ? (
                  <List
                    size="small"
                    dataSource={q.comments}
                    locale={{ emptyText: '无' }}
                    renderItem={(c) => <List.Item>{c}</List.Item>}
                  />
                ) : (
                  <QuestionChart q={q} />
                )}
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}

type QR = SurveyResults['questions'][number];

function QuestionChart({ q }: { q: QR }) {
  if (q.kind === 'choice') {
    const option = {
      animation: false,
      tooltip: { trigger: 'item', formatter: '{b}：{c} 份（{d}%）' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['38%', '62%'],
          center: ['50%', '44%'],
          label: { formatter: '{d}%', fontSize: 13 },
          // Options nobody chose stay in the legend but get no slice label over the others.
          data: q.counts.map((c) => ({
            name: c.label,
            value: c.count,
            label: { show: c.count > 0 },
            labelLine: { show: c.count > 0 },
          })),
        },
      ],
    };
    return <ReactECharts option={option} style={{ height: 280 }} notMerge />;
  }
  const option = {
    animation: false,
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', min: 0, minInterval: 1 },
    yAxis: {
      type: 'category',
      data: q.counts.map((c, i) => `${i + 1} 分 ${c.label}`),
      axisLabel: { fontSize: 12 },
    },
    series: [{ type: 'bar', data: q.counts.map((c) => c.count), label: { show: true, position: 'right' } }],
  };
  return (
    <>
      <Typography.Text>
        平均 {q.average?.toFixed(2) ?? '—'} 分（{q.answered} 份）
      </Typography.Text>
      <ReactECharts option={option} style={{ height: 220 }} notMerge />
    </>
  );
}

function TownChart({ rows }: { rows: SurveyResults['byTown'] }) {
  const option = {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((r) => `${r.townName}（${r.responses}份）`), inverse: true },
    series: [
      {
        type: 'bar',
        data: rows.map((r) =>
          r.satisfactionRate === null ? null : Math.round(r.satisfactionRate * 1000) / 10,
        ),
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  };
  return <ReactECharts option={option} style={{ height: Math.max(160, rows.length * 30 + 40) }} notMerge />;
}
