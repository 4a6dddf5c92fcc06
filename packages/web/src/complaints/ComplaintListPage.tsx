import { DownloadOutlined } from '@ant-design/icons';
import {
  COMPLAINT_STATUS_LABELS,
  COMPLAINT_STATUSES,
  COMPLAINT_TOPIC_LABELS,
  type ComplaintView,
} from '@nongan/shared/complaints/schemas';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Col, Input, Row, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { useMe } from '../auth/session.ts';
import { useUrlQuery } from '../campaigns/ListQuery.ts';
import { api, downloadUrl, type Page } from '../common/api.ts';
import { PagedList } from '../common/PagedList.tsx';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';

export const STATUS_COLORS: Record<string, string> = {
  submitted: 'red',
  accepted: 'orange',
  investigating: 'processing',
  replied: 'cyan',
  closed: 'default',
};
const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

const columns: ColumnsType<ComplaintView> = [
  {
    title: '受理编号',
    dataIndex: 'reference',
    width: 220,
    render: (v: string, r) => <Link to={`/complaints/${r.id}`}>{v}</Link>,
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 130,
    render: (v: ComplaintView['status']) => <Tag color={STATUS_COLORS[v]}>{COMPLAINT_STATUS_LABELS[v]}</Tag>,
  },
  { title: '提交时间', dataIndex: 'createdAt', width: 140, render: time },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  {
    title: '问题类型',
    dataIndex: 'topic',
    width: 160,
    render: (v: ComplaintView['topic']) => COMPLAINT_TOPIC_LABELS[v],
  },
  { title: '地点', dataIndex: 'place', width: 180, ellipsis: true },
  { title: '内容', dataIndex: 'content', width: 260, ellipsis: true },
];

export function ComplaintListPage() {
  const { q, set } = useUrlQuery(['status', 'townCode', 'q'] as const);
  const list = useQuery({
    queryKey: ['complaints', 'list', q],
    queryFn: () => api.get<Page<ComplaintView>>('/complaints', q),
    placeholderData: keepPreviousData,
  });
  const navigate = useNavigate();
  const me = useMe();
  const townLocked = me.data?.user.role === 'town_supervisor';
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>举报处理</Typography.Title>
        <Space wrap>
          <Button href="/complaint" target="_blank">
            公众举报页面
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('/complaints/export', { status: q.status, townCode: q.townCode, q: q.q })}
          >
            导出台账
          </Button>
        </Space>
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6} lg={4}>
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            options={COMPLAINT_STATUSES.map((s) => ({ value: s, label: COMPLAINT_STATUS_LABELS[s] }))}
            value={q.status}
            onChange={(v?: string) => set({ status: v })}
            style={{ width: '100%' }}
          />
        </Col>
        {!townLocked && (
          <Col xs={12} md={6} lg={4}>
            <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
        <Col xs={24} md={10} lg={8}>
          <Input.Search
            allowClear
            placeholder="搜索受理编号、地点或内容"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="件"
        empty="没有举报"
        columns={columns}
        scrollX={1200}
        onOpen={(r) => navigate(`/complaints/${r.id}`)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{COMPLAINT_TOPIC_LABELS[r.topic]}</Typography.Text>
              <Tag color={STATUS_COLORS[r.status]}>{COMPLAINT_STATUS_LABELS[r.status]}</Tag>
            </Space>
            <Typography.Text ellipsis>{r.content}</Typography.Text>
            <Typography.Text type="secondary">
              {r.townName} · {r.place} · {time(r.createdAt)}
            </Typography.Text>
          </>
        )}
      />
    </>
  );
}
