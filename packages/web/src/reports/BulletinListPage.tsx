import { PlusOutlined } from '@ant-design/icons';
import {
  BULLETIN_STATE_LABELS,
  type BulletinDetailView,
  type BulletinView,
  QUARTER_LABELS,
} from '@nongan/shared/bulletins/schemas';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Modal, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { useUrlQuery } from '../campaigns/ListQuery.ts';
import { api, type Page } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { PagedList } from '../common/PagedList.tsx';
import { BULLETIN_WRITERS, STATE_COLORS } from './queries.ts';

const time = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

const columns: ColumnsType<BulletinView> = [
  { title: '期间', dataIndex: 'periodLabel', width: 150 },
  {
    title: '标题',
    dataIndex: 'title',
    width: 360,
    render: (v: string, r) => <Link to={`/reports/${r.id}`}>{v}</Link>,
  },
  {
    title: '状态',
    dataIndex: 'state',
    width: 90,
    render: (v: BulletinView['state']) => <Tag color={STATE_COLORS[v]}>{BULLETIN_STATE_LABELS[v]}</Tag>,
  },
  {
    title: '签发',
    key: 'issued',
    width: 200,
    render: (_: unknown, r) => (r.issuedAt ? `${r.issuedByName ?? ''} ${time(r.issuedAt)}` : '—'),
  },
  { title: '数据计算于', dataIndex: 'computedAt', width: 150, render: time },
];

/** 季度通报 list: the office drafts a quarter; towns read the issued ones. */
export function BulletinListPage() {
  const { q, set } = useUrlQuery(['year', 'state'] as const);
  const list = useQuery({
    queryKey: ['bulletins', 'list', q],
    queryFn: () => api.get<Page<BulletinView>>('/bulletins', q),
    placeholderData: keepPreviousData,
  });
  const navigate = useNavigate();
  const me = useMe();
  const writer = can(me.data?.user, BULLETIN_WRITERS);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>季度通报</Typography.Title>
        {writer && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建通报
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">
        全区实施方案二(九)：季度通报监管工作情况。通报的表格和图表由平台按季度数据计算，正文由区农安办编写；签发后连同当时的数据存档，不再变动。
        {writer ? '' : '这里列出已签发的通报。'}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label="年度"
          placeholder="年度"
          style={{ width: 120 }}
          options={[0, 1, 2, 3, 4, 5].map((n) => ({
            value: String(dayjs().year() - n),
            label: `${dayjs().year() - n}年`,
          }))}
          value={q.year}
          onChange={(v?: string) => set({ year: v })}
        />
        {writer && (
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            style={{ width: 120 }}
            options={(['draft', 'issued'] as const).map((s) => ({
              value: s,
              label: BULLETIN_STATE_LABELS[s],
            }))}
            value={q.state}
            onChange={(v?: string) => set({ state: v })}
          />
        )}
      </Space>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="期"
        empty="没有通报"
        columns={columns}
        scrollX={950}
        onOpen={(r) => navigate(`/reports/${r.id}`)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.periodLabel}</Typography.Text>
              <Tag color={STATE_COLORS[r.state]}>{BULLETIN_STATE_LABELS[r.state]}</Tag>
            </Space>
            <Typography.Text>{r.title}</Typography.Text>
            {r.issuedAt && (
              <Typography.Text type="secondary">
                {r.issuedByName} 签发于 {time(r.issuedAt)}
              </Typography.Text>
            )}
          </>
        )}
      />
      {creating && <CreateDialog onClose={() => setCreating(false)} />}
    </>
  );
}

type Values = { year: number; quarter: number };

function CreateDialog({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  // The last quarter that has ended: the usual one to report on.
  const lastEnded = dayjs().subtract(3, 'month');
  const save = useMutation({
    mutationFn: (v: Values) => api.post<BulletinDetailView>('/bulletins', v),
    onSuccess: (b) => {
      qc.invalidateQueries({ queryKey: ['bulletins'] });
      navigate(`/reports/${b.id}`);
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Modal
      open
      title="新建季度通报"
      okText="生成草稿"
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">
        平台按所选季度的数据计算表格和图表，并生成正文初稿；草稿可修改正文、重新计算，季度结束后方可签发。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year: lastEnded.year(), quarter: Math.floor(lastEnded.month() / 3) + 1 }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="year" label="年度" rules={[{ required: true }]}>
          <Select
            options={[0, 1, 2, 3, 4, 5].map((n) => ({
              value: dayjs().year() - n,
              label: `${dayjs().year() - n}年`,
            }))}
          />
        </Form.Item>
        <Form.Item name="quarter" label="季度" rules={[{ required: true }]}>
          <Select options={QUARTER_LABELS.map((label, i) => ({ value: i + 1, label }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
