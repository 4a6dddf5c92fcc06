import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  TRAINING_CATEGORIES,
  TRAINING_CATEGORY_LABELS,
  TRAINING_STATUS_LABELS,
  TRAINING_STATUSES,
  type TrainingSessionView,
} from '@nongan/shared/training/schemas';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { useUrlQuery } from '../campaigns/ListQuery.ts';
import { api, downloadUrl, type Page } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { PagedList } from '../common/PagedList.tsx';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { STATUS_COLORS, TRAINING_ORGANISERS } from './queries.ts';

const columns: ColumnsType<TrainingSessionView> = [
  { title: '日期', dataIndex: 'heldOn', width: 110 },
  {
    title: '培训名称',
    dataIndex: 'title',
    width: 240,
    render: (v: string, r) => <Link to={`/training/${r.id}`}>{v}</Link>,
  },
  { title: '类别', dataIndex: 'categoryLabel', width: 200 },
  { title: '组织', dataIndex: 'townName', width: 90 },
  { title: '地点', dataIndex: 'place', width: 180, ellipsis: true },
  { title: '授课', dataIndex: 'teacher', width: 120 },
  {
    title: '实到/计划',
    key: 'n',
    width: 100,
    render: (_: unknown, r) => `${r.attendees} / ${r.capacity}`,
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (v: string, r) => <Tag color={STATUS_COLORS[v]}>{r.statusLabel}</Tag>,
  },
];

export function TrainingListPage() {
  const { q, set } = useUrlQuery(['category', 'status', 'townCode', 'year', 'q'] as const);
  const list = useQuery({
    queryKey: ['training', 'list', q],
    queryFn: () => api.get<Page<TrainingSessionView>>('/training/sessions', q),
    placeholderData: keepPreviousData,
  });
  const navigate = useNavigate();
  const me = useMe();
  const organiser = can(me.data?.user, TRAINING_ORGANISERS);
  const townLocked = me.data?.user.role === 'town_supervisor';
  const [creating, setCreating] = useState(false);
  const filters = { category: q.category, status: q.status, townCode: q.townCode, year: q.year, q: q.q };
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>培训</Typography.Title>
        {organiser && (
          <Space wrap>
            <Button onClick={() => navigate('/training/coverage')}>培训覆盖</Button>
            <Button icon={<DownloadOutlined />} href={downloadUrl('/training/sessions/export', filters)}>
              导出台账
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建培训
            </Button>
          </Space>
        )}
      </div>
      {!organiser && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="这里列出您（或本主体）参加过的培训。"
        />
      )}
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6} lg={5}>
          <Select
            allowClear
            aria-label="类别"
            placeholder="类别"
            options={TRAINING_CATEGORIES.map((c) => ({ value: c, label: TRAINING_CATEGORY_LABELS[c] }))}
            value={q.category}
            onChange={(v?: string) => set({ category: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={4} lg={3}>
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            options={TRAINING_STATUSES.map((s) => ({ value: s, label: TRAINING_STATUS_LABELS[s] }))}
            value={q.status}
            onChange={(v?: string) => set({ status: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={4} lg={3}>
          <Select
            allowClear
            aria-label="年度"
            placeholder="年度"
            options={[0, 1, 2]
              .map((n) => String(dayjs().year() - n))
              .map((y) => ({ value: y, label: `${y}年` }))}
            value={q.year}
            onChange={(v?: string) => set({ year: v })}
            style={{ width: '100%' }}
          />
        </Col>
        {organiser && !townLocked && (
          <Col xs={12} md={4} lg={3}>
            <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
        <Col xs={24} md={6} lg={6}>
          <Input.Search
            allowClear
            placeholder="搜索名称、地点或授课人"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="期"
        empty="没有培训"
        columns={columns}
        scrollX={1150}
        onOpen={(r) => navigate(`/training/${r.id}`)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.title}</Typography.Text>
              <Tag color={STATUS_COLORS[r.status]}>{r.statusLabel}</Tag>
            </Space>
            <Typography.Text>{r.categoryLabel}</Typography.Text>
            <Typography.Text type="secondary">
              {r.heldOn} · {r.townName} · {r.place} · 实到 {r.attendees}/{r.capacity}
            </Typography.Text>
          </>
        )}
      />
      {creating && (
        <CreateDialog
          townCode={townLocked ? me.data?.user.scopeCode : null}
          onClose={() => setCreating(false)}
        />
      )}
    </>
  );
}

type Values = {
  title: string;
  category: string;
  heldOn: Dayjs;
  place: string;
  townCode?: string;
  teacher: string;
  materialTitle?: string;
  capacity: number;
};

function CreateDialog({ townCode, onClose }: { townCode?: string | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.post<TrainingSessionView>('/training/sessions', {
        ...v,
        heldOn: v.heldOn.format('YYYY-MM-DD'),
        townCode: v.townCode ?? null,
        materialTitle: v.materialTitle || null,
        status: v.heldOn.isAfter(dayjs(), 'day') ? 'planned' : 'held',
      }),
    onSuccess: (s) => {
      qc.invalidateQueries({ queryKey: ['training'] });
      navigate(`/training/${s.id}`);
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Modal
      open
      title="新建培训"
      okText="保存"
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ heldOn: dayjs(), capacity: 50, townCode: townCode ?? undefined }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="title" label="培训名称" rules={[{ required: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="category" label="培训对象类别" rules={[{ required: true }]}>
          <Select
            options={TRAINING_CATEGORIES.map((c) => ({ value: c, label: TRAINING_CATEGORY_LABELS[c] }))}
          />
        </Form.Item>
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="heldOn" label="日期" rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="capacity" label="计划人数" rules={[{ required: true }]}>
              <InputNumber min={1} max={5000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="townCode" label="组织镇街" extra={townCode ? undefined : '不选为区级组织'}>
          <TownSelect disabled={!!townCode} />
        </Form.Item>
        <Form.Item name="place" label="地点" rules={[{ required: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="teacher" label="授课人" rules={[{ required: true }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="materialTitle" label="教材/课件名称">
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
