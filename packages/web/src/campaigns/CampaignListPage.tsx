import { PlusOutlined } from '@ant-design/icons';
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUSES } from '@nongan/shared/campaigns/schemas';
import { Button, Col, Input, Progress, Row, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { PagedList } from '../common/PagedList.tsx';
import { CampaignFormModal } from './CampaignFormModal.tsx';
import { useUrlQuery } from './ListQuery.ts';
import { CAMPAIGN_EDITORS, type CampaignView, useCampaigns } from './queries.ts';

const thisYear = new Date().getFullYear();
const YEARS = Array.from({ length: thisYear - 2019 }, (_, i) => thisYear - i).map((y) => ({
  value: String(y),
  label: `${y}年`,
}));

export const ProgressBar = ({ p }: { p: CampaignView['progress'] }) =>
  p.total === 0 ? (
    <Typography.Text type="secondary">清单为空</Typography.Text>
  ) : (
    <Space size={4} wrap>
      <Progress percent={p.rate ?? 0} size="small" style={{ width: 120, margin: 0 }} />
      <Typography.Text type="secondary">
        {p.rectified}/{p.total}
      </Typography.Text>
      {p.overdue > 0 && <Tag color="red">逾期 {p.overdue}</Tag>}
    </Space>
  );

const columns: ColumnsType<CampaignView> = [
  { title: '年度', dataIndex: 'year', width: 70 },
  { title: '品种', dataIndex: 'variety', width: 90 },
  { title: '名称', dataIndex: 'title', render: (v: string, r) => <Link to={`/campaigns/${r.id}`}>{v}</Link> },
  { title: '整治期间', key: 'range', width: 200, render: (_, r) => `${r.startOn} 至 ${r.endOn}` },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (v: CampaignView['status']) => (
      <Tag color={v === 'active' ? 'green' : 'default'}>{CAMPAIGN_STATUS_LABELS[v]}</Tag>
    ),
  },
  { title: '整改进度', key: 'progress', width: 280, render: (_, r) => <ProgressBar p={r.progress} /> },
];

export function CampaignListPage() {
  const { q, set } = useUrlQuery(['year', 'status', 'q'] as const);
  const list = useCampaigns(q);
  const navigate = useNavigate();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>专项整治</Typography.Title>
        {can(me.data?.user, CAMPAIGN_EDITORS) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建专项整治
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">
        “治违禁 控药残 促提升”：一个问题品种、一张整治清单、一套攻坚方案、一批管控措施。
      </Typography.Paragraph>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6} lg={4}>
          <Select
            allowClear
            aria-label="年度"
            placeholder="年度"
            options={YEARS}
            value={q.year}
            onChange={(v?: string) => set({ year: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: CAMPAIGN_STATUS_LABELS[s] }))}
            value={q.status}
            onChange={(v?: string) => set({ status: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={24} md={12} lg={8}>
          <Input.Search
            allowClear
            placeholder="搜索品种或名称"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="项"
        empty="尚无专项整治"
        columns={columns}
        scrollX={900}
        onOpen={(r) => navigate(`/campaigns/${r.id}`)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.title}</Typography.Text>
              <Tag color={r.status === 'active' ? 'green' : 'default'}>
                {CAMPAIGN_STATUS_LABELS[r.status]}
              </Tag>
            </Space>
            <Typography.Text type="secondary">
              {r.variety} · {r.startOn} 至 {r.endOn}
            </Typography.Text>
            <ProgressBar p={r.progress} />
          </>
        )}
      />
      <CampaignFormModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
