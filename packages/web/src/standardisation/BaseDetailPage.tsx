import { chinaToday } from '@nongan/shared/common/dates';
import {
  BASE_STATUS_LABELS,
  BASE_STATUSES,
  BASE_TYPE_LABELS,
  type BaseDetailView,
  EVALUATION_RESULT_LABELS,
  EVALUATION_RESULTS,
} from '@nongan/shared/standardisation/schemas';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError } from '../common/forms.ts';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { BaseStatusTag, productNames } from './parts.tsx';
import { STD_OFFICE, STD_RECORDERS, useBase, useStdMutation } from './queries.ts';

export function BaseDetailPage() {
  const { id = '' } = useParams();
  const b = useBase(id);
  const me = useMe();
  const [evaluating, setEvaluating] = useState(false);
  const [changing, setChanging] = useState(false);
  if (b.isError) return <ErrorResult error={b.error} retry={() => b.refetch()} />;
  if (!b.data) return <Skeleton active />;
  const d = b.data;
  const producer = me.data?.user.role === 'producer';
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>
          <Link to="/standardisation?tab=bases">示范基地</Link> / {d.name}
        </Typography.Title>
        <Space wrap>
          {can(me.data?.user, STD_RECORDERS) && d.status !== 'revoked' && (
            <Button type="primary" onClick={() => setEvaluating(true)}>
              登记评价
            </Button>
          )}
          {can(me.data?.user, STD_OFFICE) && <Button onClick={() => setChanging(true)}>变更状态</Button>}
        </Space>
      </div>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="类型">{BASE_TYPE_LABELS[d.type]}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <BaseStatusTag status={d.status} />
              {d.statusReason && <Typography.Text type="secondary">（{d.statusReason}）</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label="主体">
              {producer ? d.entityName : <Link to={`/entities/${d.entityId}`}>{d.entityName}</Link>}
            </Descriptions.Item>
            <Descriptions.Item label="镇街">{d.townName}</Descriptions.Item>
            <Descriptions.Item label="产品">{productNames(d.products)}</Descriptions.Item>
            <Descriptions.Item label="面积">{d.area ? `${d.area} 亩` : '—'}</Descriptions.Item>
            <Descriptions.Item label="认定年度">{d.designatedYear}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title="评价记录">
          <ResponsiveTable
            rowKey="id"
            size="small"
            dataSource={d.evaluations}
            pagination={false}
            scroll={{ x: 700 }}
            locale={{ emptyText: '还没有评价记录' }}
            columns={[
              { title: '评价日期', dataIndex: 'evaluatedOn', width: 110 },
              { title: '得分', dataIndex: 'score', width: 70, render: (v: number | null) => v ?? '—' },
              {
                title: '结果',
                dataIndex: 'result',
                width: 90,
                render: (v: keyof typeof EVALUATION_RESULT_LABELS) => EVALUATION_RESULT_LABELS[v],
              },
              { title: '评价单位/人', dataIndex: 'evaluator', width: 120 },
              { title: '发现的问题', dataIndex: 'findings' },
              {
                title: '登记人',
                dataIndex: 'recordedByName',
                width: 100,
                render: (v: string | null) => v ?? '—',
              },
            ]}
          />
        </Card>
      </Space>
      {evaluating && <EvaluationModal base={d} onClose={() => setEvaluating(false)} />}
      {changing && <StatusModal base={d} onClose={() => setChanging(false)} />}
    </>
  );
}

function EvaluationModal({ base, onClose }: { base: BaseDetailView; onClose: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();
  const save = useStdMutation((b: Record<string, unknown>) =>
    api.post(`/standardisation/bases/${base.id}/evaluations`, b),
  );
  return (
    <Modal
      open
      title="登记评价"
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() =>
        form.validateFields().then((v) =>
          save.mutate(
            { ...v, score: v.score ?? null, evaluatedOn: v.evaluatedOn.format('YYYY-MM-DD') },
            {
              onSuccess: () => {
                message.success('已登记');
                onClose();
              },
              onError: (e) => setError(applyServerError(form, e)),
            },
          ),
        )
      }
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ evaluatedOn: dayjs(chinaToday()) }}>
        <Form.Item name="evaluatedOn" label="评价日期" rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(chinaToday()), 'day')} />
        </Form.Item>
        <Form.Item name="result" label="结果" rules={[{ required: true, message: '请选择结果' }]}>
          <Select
            options={EVALUATION_RESULTS.map((r) => ({ value: r, label: EVALUATION_RESULT_LABELS[r] }))}
          />
        </Form.Item>
        <Form.Item name="score" label="得分（0–100，可不填）">
          <InputNumber min={0} max={100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="evaluator" label="评价单位/人" rules={[{ required: true, message: '请填写' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="findings" label="发现的问题或结论" rules={[{ required: true, message: '请填写' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StatusModal({ base, onClose }: { base: BaseDetailView; onClose: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const save = useStdMutation((b: Record<string, unknown>) =>
    api.post(`/standardisation/bases/${base.id}/status`, b),
  );
  return (
    <Modal
      open
      title="变更基地状态"
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() =>
        form
          .validateFields()
          .then((v) =>
            save.mutate(v, { onSuccess: onClose, onError: (e) => setError(applyServerError(form, e)) }),
          )
      }
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="status" label="新状态" rules={[{ required: true, message: '请选择' }]}>
          <Select
            options={BASE_STATUSES.filter((s) => s !== base.status).map((s) => ({
              value: s,
              label: BASE_STATUS_LABELS[s],
            }))}
          />
        </Form.Item>
        <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写原因' }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
