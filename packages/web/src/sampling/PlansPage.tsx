import { PlusOutlined } from '@ant-design/icons';
import { LAB_TASK_KINDS, PLAN_STATUS_LABELS, planCreateBody } from '@nongan/shared/sampling/plans';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { PLAN_EDITORS, type PlanView, usePlans } from './queries.ts';

export const STATUS_COLORS: Record<string, string> = { draft: 'default', active: 'green', closed: 'blue' };
export const labTotal = (p: PlanView) => LAB_TASK_KINDS.reduce((s, k) => s + (p.totals[k] ?? 0), 0);

export function PlansPage() {
  const plans = usePlans();
  const me = useMe();
  const editor = can(me.data?.user, PLAN_EDITORS);
  const [creating, setCreating] = useState(false);
  if (plans.isError) return <ErrorResult error={plans.error} retry={() => plans.refetch()} />;
  const rows = [...(plans.data ?? [])].sort((a, b) => b.year - a.year);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>监测计划</Typography.Title>
        {editor && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建计划
          </Button>
        )}
      </div>
      <Table<PlanView>
        rowKey="id"
        loading={plans.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 720 }}
        locale={{ emptyText: '尚无监测计划' }}
        columns={[
          { title: '年度', dataIndex: 'year', width: 70, fixed: 'left' },
          {
            title: '计划名称',
            dataIndex: 'name',
            render: (v: string, p) => <Link to={`/monitoring/plans/${p.id}`}>{v}</Link>,
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (v: keyof typeof PLAN_STATUS_LABELS) => (
              <Tag color={STATUS_COLORS[v]}>{PLAN_STATUS_LABELS[v]}</Tag>
            ),
          },
          { title: '目标合格率', dataIndex: 'targetPassRate', width: 100, render: (v: number) => `${v}%` },
          {
            title: '定性检测任务',
            key: 'rapid',
            width: 120,
            align: 'right',
            render: (_, p) => (p.totals.rapid_test ?? 0).toLocaleString('zh-CN'),
          },
          {
            title: '定量检测任务',
            key: 'lab',
            width: 120,
            align: 'right',
            render: (_, p) => labTotal(p).toLocaleString('zh-CN'),
          },
        ]}
      />
      <PlanCreateModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

type CreateValues = { year?: number; name?: string; targetPassRate?: number };

function PlanCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<CreateValues>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (body: unknown) => api.post<PlanView>('/plans', body),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: ['sampling', 'plans'] });
      message.success('已新建计划，请填写任务配额');
      onClose();
      navigate(`/monitoring/plans/${p.id}?edit=1`);
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    const parsed = planCreateBody.safeParse({ ...v, quotas: [] });
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error));
      if (rest.length) setError(rest.map((i) => i.reason).join('；'));
      return;
    }
    run.mutate(parsed.data);
  };
  const year = new Date().getFullYear();
  return (
    <Modal
      title="新建监测计划"
      open={open}
      onOk={submit}
      okText="创建"
      confirmLoading={run.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        创建后在计划详情中填写各镇街、区检测中心的任务配额；也可在已有计划详情中“复制到其他年度”。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ year, name: `${year}年农产品质量安全监测计划`, targetPassRate: 98 }}
      >
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="name" label="计划名称" rules={[{ required: true, message: '请填写计划名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="targetPassRate"
          label="目标合格率（%）"
          rules={[{ required: true, message: '请填写' }]}
        >
          <InputNumber min={0} max={100} step={0.5} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
