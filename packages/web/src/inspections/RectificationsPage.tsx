import {
  RECT_STATUS_LABELS,
  REVISIT_ACTION_LABELS,
  REVISIT_RESULT_LABELS,
  type RevisitAction,
  type RevisitResult,
} from '@nongan/shared/inspections/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { optionsOf } from '../common/labels.ts';
import { PagedList } from '../common/PagedList.tsx';
import { useUrlQuery } from '../production/queries.ts';
import { RectStatusTag, TownFilter } from './parts.tsx';
import { type RectView, useRectifications } from './queries.ts';

const problems = (r: RectView) => r.items.map((i) => `${i.label}${i.note ? `：${i.note}` : ''}`).join('；');
const lastVisit = (r: RectView) => {
  const v = r.revisits[r.revisits.length - 1];
  return v ? `${v.visitedOn} ${REVISIT_RESULT_LABELS[v.result]}（${v.userName}）` : '—';
};

/** 整改: open orders (overdue first), each with its revisit (回头看) or escalation. */
export function RectificationsPage() {
  const { q, set } = useUrlQuery(['status', 'overdue', 'townCode', 'entityId'] as const);
  const user = useMe().data?.user;
  const district = user?.role === 'district_admin' || user?.role === 'district_staff';
  const list = useRectifications(q);
  const [visiting, setVisiting] = useState<RectView | null>(null);
  const [escalating, setEscalating] = useState<RectView | null>(null);
  const act = (r: RectView) =>
    r.status === 'open' ? (
      <Space>
        <Button size="small" type="primary" onClick={() => setVisiting(r)}>
          回头看
        </Button>
        <Button size="small" danger onClick={() => setEscalating(r)}>
          移交查处
        </Button>
      </Space>
    ) : null;
  const columns: ColumnsType<RectView> = [
    {
      title: '状态',
      dataIndex: 'status',
      width: 140,
      render: (_, r) => <RectStatusTag status={r.status} overdue={r.overdue} />,
    },
    { title: '主体', dataIndex: 'entityName', width: 200, ellipsis: true },
    { title: '镇街', dataIndex: 'townName', width: 90 },
    { title: '问题', key: 'items', width: 320, ellipsis: true, render: (_, r) => problems(r) },
    { title: '整改期限', dataIndex: 'deadline', width: 110 },
    { title: '最近回头看', key: 'v', width: 220, render: (_, r) => lastVisit(r) },
    {
      title: '巡查记录',
      key: 'i',
      width: 90,
      render: (_, r) => <Link to={`/inspections/${r.inspectionId}`}>查看</Link>,
    },
    { title: '操作', key: 'act', width: 180, fixed: 'right', render: (_, r) => act(r) },
  ];
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>整改</Typography.Title>
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6} lg={3}>
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            options={optionsOf(RECT_STATUS_LABELS)}
            value={q.status}
            onChange={(v?: string) => set({ status: v })}
            style={{ width: '100%' }}
          />
        </Col>
        {district && (
          <Col xs={12} md={6} lg={3}>
            <TownFilter value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
        <Col xs={12} md={6} lg={3} style={{ display: 'flex', alignItems: 'center' }}>
          <Space>
            <Switch
              aria-label="只看逾期"
              checked={q.overdue === '1'}
              onChange={(on) => set({ overdue: on ? '1' : undefined })}
            />
            <span>只看逾期</span>
          </Space>
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="份"
        empty="没有整改单"
        columns={columns}
        scrollX={1350}
        rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <RectStatusTag status={r.status} overdue={r.overdue} />
              <Typography.Text strong>{r.entityName}</Typography.Text>
            </Space>
            <Typography.Text type="secondary">{problems(r)}</Typography.Text>
            <Typography.Text type={r.overdue ? 'danger' : 'secondary'}>
              期限 {r.deadline} · {r.townName} · 回头看 {lastVisit(r)}
            </Typography.Text>
            <Space>
              <Link to={`/inspections/${r.inspectionId}`}>巡查记录</Link>
              {act(r)}
            </Space>
          </>
        )}
      />
      {visiting && <RevisitModal rect={visiting} onClose={() => setVisiting(null)} />}
      {escalating && <EscalateModal rect={escalating} onClose={() => setEscalating(null)} />}
    </>
  );
}

type RevisitForm = {
  result: RevisitResult;
  action: RevisitAction;
  visitedOn: dayjs.Dayjs;
  newDeadline?: dayjs.Dayjs;
  note?: string;
};

function RevisitModal({ rect, onClose }: { rect: RectView; onClose: () => void }) {
  const [form] = Form.useForm<RevisitForm>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const result = Form.useWatch('result', form);
  const action = Form.useWatch('action', form);
  const save = useMutation({
    mutationFn: (v: RevisitForm) =>
      api.post(`/rectifications/${rect.id}/revisit`, {
        result: v.result,
        action: v.action,
        visitedOn: v.visitedOn.format('YYYY-MM-DD'),
        newDeadline: v.newDeadline?.format('YYYY-MM-DD') ?? null,
        note: v.note?.trim() || null,
        version: rect.version,
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['inspections'] });
      message.success('已记录回头看');
      onClose();
    },
    onError: (e) => message.error(applyServerError(form, e)),
  });
  const actions: RevisitAction[] = result === 'rectified' ? ['close'] : ['extend', 'escalate'];
  return (
    <Modal
      open
      title={`回头看 · ${rect.entityName}`}
      okText="保存"
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{problems(rect)}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ visitedOn: dayjs() }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="result" label="整改情况" rules={[{ required: true, message: '请选择整改情况' }]}>
          <Radio.Group
            optionType="button"
            options={optionsOf(REVISIT_RESULT_LABELS)}
            onChange={(e) =>
              form.setFieldValue('action', e.target.value === 'rectified' ? 'close' : 'extend')
            }
          />
        </Form.Item>
        <Form.Item name="action" label="处理" rules={[{ required: true, message: '请选择处理方式' }]}>
          <Radio.Group
            optionType="button"
            options={actions.map((a) => ({ value: a, label: REVISIT_ACTION_LABELS[a] }))}
          />
        </Form.Item>
        <Form.Item name="visitedOn" label="回头看日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {action === 'extend' && (
          <Form.Item
            name="newDeadline"
            label="新的整改期限"
            rules={[{ required: true, message: '请选择新的整改期限' }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => !d.isAfter(dayjs(rect.deadline), 'day')}
            />
          </Form.Item>
        )}
        <Form.Item name="note" label="说明">
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EscalateModal({ rect, onClose }: { rect: RectView; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { reason: string }) =>
      api.post(`/rectifications/${rect.id}/escalate`, { reason: v.reason, version: rect.version }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['inspections'] });
      message.success('已移交立案查处');
      onClose();
    },
    onError: (e) => message.error(applyServerError(form, e)),
  });
  return (
    <Modal
      open
      title={`移交立案查处 · ${rect.entityName}`}
      okText="移交"
      okButtonProps={{ danger: true }}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="reason"
          label="移交理由"
          rules={[{ required: true, min: 2, message: '请写明移交理由' }]}
        >
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
