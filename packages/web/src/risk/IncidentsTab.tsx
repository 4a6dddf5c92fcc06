import { PlusOutlined } from '@ant-design/icons';
import {
  INCIDENT_LEVEL_LABELS,
  INCIDENT_LEVELS,
  INCIDENT_STATUS_LABELS,
  INCIDENT_STATUSES,
} from '@nongan/shared/risk/schemas';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
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
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { PagedList } from '../common/PagedList.tsx';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { INCIDENT_REPORTERS, type IncidentDetailView, type IncidentView, useIncidents } from './queries.ts';

export const LEVEL_COLORS: Record<string, string> = { I: 'magenta', II: 'red', III: 'orange', IV: 'gold' };
const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

const columns: ColumnsType<IncidentView> = [
  {
    title: '编号',
    dataIndex: 'incidentNo',
    width: 190,
    render: (v: string, r) => <Link to={`/risk/incidents/${r.id}`}>{v}</Link>,
  },
  { title: '事件', dataIndex: 'title' },
  {
    title: '级别',
    dataIndex: 'level',
    width: 130,
    render: (v: IncidentView['level']) => <Tag color={LEVEL_COLORS[v]}>{INCIDENT_LEVEL_LABELS[v]}</Tag>,
  },
  { title: '发生时间', dataIndex: 'occurredAt', width: 140, render: time },
  { title: '镇街', dataIndex: 'townName', width: 90, render: (v: string | null) => v ?? '全区' },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (v: IncidentView['status']) => (
      <Tag color={v === 'closed' ? 'default' : 'processing'}>{INCIDENT_STATUS_LABELS[v]}</Tag>
    ),
  },
  { title: '报告人', dataIndex: 'reportedByName', width: 90, render: (v: string | null) => v ?? '—' },
];

export function IncidentsTab() {
  const { q, set } = useUrlQuery(['tab', 'level', 'status', 'q'] as const);
  const { tab: _tab, ...query } = q;
  const list = useIncidents(query);
  const navigate = useNavigate();
  const me = useMe();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6} lg={5}>
          <Select
            allowClear
            aria-label="级别"
            placeholder="级别"
            options={INCIDENT_LEVELS.map((l) => ({ value: l, label: INCIDENT_LEVEL_LABELS[l] }))}
            value={q.level}
            onChange={(v?: string) => set({ level: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            options={INCIDENT_STATUSES.map((s) => ({ value: s, label: INCIDENT_STATUS_LABELS[s] }))}
            value={q.status}
            onChange={(v?: string) => set({ status: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={24} md={8} lg={7}>
          <Input.Search
            allowClear
            placeholder="搜索事件或编号"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
        {can(me.data?.user, INCIDENT_REPORTERS) && (
          <Col flex="auto" style={{ textAlign: 'right' }}>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              报告突发事件
            </Button>
          </Col>
        )}
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="起"
        empty="没有突发事件"
        columns={columns}
        scrollX={1000}
        onOpen={(r) => navigate(`/risk/incidents/${r.id}`)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.title}</Typography.Text>
              <Tag color={LEVEL_COLORS[r.level]}>{INCIDENT_LEVEL_LABELS[r.level]}</Tag>
              <Tag color={r.status === 'closed' ? 'default' : 'processing'}>
                {INCIDENT_STATUS_LABELS[r.status]}
              </Tag>
            </Space>
            <Typography.Text type="secondary">
              {time(r.occurredAt)} · {r.townName ?? '全区'} · {r.incidentNo}
            </Typography.Text>
          </>
        )}
      />
      {open && <ReportModal onClose={() => setOpen(false)} />}
    </>
  );
}

type Values = { title: string; level: string; occurredAt: Dayjs; townCode?: string; summary: string };

function ReportModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ownTown =
    me.data?.user.role === 'town_supervisor' ? (me.data.user.scopeCode ?? undefined) : undefined;
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    setBusy(true);
    try {
      const d = await api.post<IncidentDetailView>('/incidents', {
        ...v,
        townCode: v.townCode ?? null,
        occurredAt: v.occurredAt.format('YYYY-MM-DDTHH:mm:ssZ'),
      });
      await qc.invalidateQueries({ queryKey: ['risk', 'incidents'] });
      onClose();
      navigate(`/risk/incidents/${d.id}`);
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="报告突发事件"
      open
      onOk={submit}
      okText="报告"
      confirmLoading={busy}
      onCancel={onClose}
      width={600}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ level: 'IV', occurredAt: dayjs(), townCode: ownTown }}
      >
        <Form.Item name="title" label="事件名称" rules={[{ required: true, message: '请填写' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="level" label="级别" rules={[{ required: true }]}>
          <Select options={INCIDENT_LEVELS.map((l) => ({ value: l, label: INCIDENT_LEVEL_LABELS[l] }))} />
        </Form.Item>
        <Form.Item name="occurredAt" label="发生时间" rules={[{ required: true, message: '请选择' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="townCode" label="镇街" extra={ownTown ? undefined : '不选表示全区范围'}>
          <TownSelect disabled={!!ownTown} />
        </Form.Item>
        <Form.Item name="summary" label="事件概况" rules={[{ required: true, message: '请填写' }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
