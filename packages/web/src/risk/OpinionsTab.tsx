import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  SENTIMENT_LABELS,
  SENTIMENTS,
  VERIFICATION_LABELS,
  VERIFICATIONS,
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
import { can, useMe } from '../auth/session.ts';
import { useUrlQuery } from '../campaigns/ListQuery.ts';
import { api, downloadUrl } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { PagedList } from '../common/PagedList.tsx';
import { type OpinionView, RISK_EDITORS, useOpinions } from './queries.ts';

const SENTIMENT_COLORS: Record<string, string> = { negative: 'red', neutral: 'default', positive: 'green' };
const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

const Deadline = ({ o }: { o: OpinionView }) => (
  <Space size={4} wrap>
    {o.respondBy}
    {o.overdue && <Tag color="red">逾期未回应</Tag>}
    {o.respondedAt && <Tag color="green">已回应</Tag>}
  </Space>
);

export function OpinionsTab() {
  const { q, set } = useUrlQuery(['tab', 'sentiment', 'open', 'q'] as const);
  const { tab: _tab, ...query } = q;
  const list = useOpinions(query);
  const me = useMe();
  const editor = can(me.data?.user, RISK_EDITORS);
  const [editing, setEditing] = useState<OpinionView | 'new' | null>(null);
  const columns: ColumnsType<OpinionView> = [
    { title: '发现时间', dataIndex: 'foundAt', width: 140, render: time },
    { title: '来源', dataIndex: 'source', width: 110 },
    {
      title: '标题',
      dataIndex: 'title',
      render: (v: string, r) =>
        editor ? <Typography.Link onClick={() => setEditing(r)}>{v}</Typography.Link> : v,
    },
    {
      title: '倾向',
      dataIndex: 'sentiment',
      width: 70,
      render: (v: OpinionView['sentiment']) => <Tag color={SENTIMENT_COLORS[v]}>{SENTIMENT_LABELS[v]}</Tag>,
    },
    {
      title: '核实',
      dataIndex: 'verification',
      width: 90,
      render: (v: OpinionView['verification']) => VERIFICATION_LABELS[v],
    },
    { title: '回应期限', key: 'deadline', width: 200, render: (_, r) => <Deadline o={r} /> },
    {
      title: '回应',
      dataIndex: 'response',
      width: 220,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
  ];
  return (
    <>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={5} lg={4}>
          <Select
            allowClear
            aria-label="倾向"
            placeholder="倾向"
            options={SENTIMENTS.map((s) => ({ value: s, label: SENTIMENT_LABELS[s] }))}
            value={q.sentiment}
            onChange={(v?: string) => set({ sentiment: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={5} lg={4}>
          <Select
            allowClear
            aria-label="回应"
            placeholder="回应情况"
            options={[
              { value: 'true', label: '未回应' },
              { value: 'false', label: '已回应' },
            ]}
            value={q.open}
            onChange={(v?: string) => set({ open: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={24} md={8} lg={7}>
          <Input.Search
            allowClear
            placeholder="搜索标题或来源"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
        <Col flex="auto" style={{ textAlign: 'right' }}>
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              href={downloadUrl('/opinions/export', { sentiment: q.sentiment, open: q.open, q: q.q })}
            >
              导出
            </Button>
            {editor && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                登记舆情
              </Button>
            )}
          </Space>
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        empty="没有舆情记录"
        columns={columns}
        scrollX={1100}
        rowClassName={(r) => (r.overdue ? 'row-fail' : '')}
        onOpen={editor ? (r) => setEditing(r) : undefined}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.title}</Typography.Text>
              <Tag color={SENTIMENT_COLORS[r.sentiment]}>{SENTIMENT_LABELS[r.sentiment]}</Tag>
              <Tag>{VERIFICATION_LABELS[r.verification]}</Tag>
            </Space>
            <Typography.Text type="secondary">
              {r.source} · {time(r.foundAt)}
            </Typography.Text>
            <Typography.Text type="secondary">
              回应期限 <Deadline o={r} />
            </Typography.Text>
          </>
        )}
      />
      {editing && (
        <OpinionModal opinion={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </>
  );
}

type Values = {
  source: string;
  title: string;
  summary: string;
  url?: string;
  sentiment: string;
  foundAt: Dayjs;
  respondBy: Dayjs;
  verification?: string;
  response?: string;
};

function OpinionModal({ opinion, onClose }: { opinion: OpinionView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (opinion)
        await api.patch(`/opinions/${opinion.id}`, {
          verification: v.verification,
          response: v.response?.trim() || undefined,
          respondBy: v.respondBy.format('YYYY-MM-DD'),
          version: opinion.version,
        });
      else
        await api.post('/opinions', {
          source: v.source,
          title: v.title,
          summary: v.summary,
          url: v.url?.trim() || null,
          sentiment: v.sentiment,
          foundAt: v.foundAt.format('YYYY-MM-DDTHH:mm:ssZ'),
          respondBy: v.respondBy.format('YYYY-MM-DD'),
        });
      await qc.invalidateQueries({ queryKey: ['risk', 'opinions'] });
      onClose();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  const initial = opinion
    ? {
        ...opinion,
        foundAt: dayjs(opinion.foundAt),
        respondBy: dayjs(opinion.respondBy),
        response: opinion.response ?? undefined,
      }
    : { sentiment: 'negative', foundAt: dayjs(), respondBy: dayjs().add(1, 'day') };
  return (
    <Modal
      title={opinion ? '核实与回应' : '登记舆情'}
      open
      onOk={submit}
      okText="保存"
      confirmLoading={busy}
      onCancel={onClose}
      width={600}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial}>
        <Form.Item name="source" label="来源" rules={[{ required: true, message: '请填写' }]}>
          <Input maxLength={100} disabled={!!opinion} placeholder="如：微博、本地论坛、12345 热线" />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写' }]}>
          <Input maxLength={200} disabled={!!opinion} />
        </Form.Item>
        <Form.Item name="summary" label="内容摘要" rules={[{ required: true, message: '请填写' }]}>
          <Input.TextArea rows={3} maxLength={3000} disabled={!!opinion} />
        </Form.Item>
        {!opinion && (
          <>
            <Form.Item name="url" label="链接">
              <Input maxLength={500} placeholder="https://" />
            </Form.Item>
            <Form.Item name="sentiment" label="倾向" rules={[{ required: true }]}>
              <Select options={SENTIMENTS.map((s) => ({ value: s, label: SENTIMENT_LABELS[s] }))} />
            </Form.Item>
            <Form.Item name="foundAt" label="发现时间" rules={[{ required: true }]}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
              />
            </Form.Item>
          </>
        )}
        <Form.Item name="respondBy" label="回应期限" rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {opinion && (
          <>
            <Form.Item name="verification" label="核实结果">
              <Select options={VERIFICATIONS.map((s) => ({ value: s, label: VERIFICATION_LABELS[s] }))} />
            </Form.Item>
            <Form.Item name="response" label="回应内容">
              <Input.TextArea rows={3} maxLength={3000} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
