import { PlusOutlined } from '@ant-design/icons';
import {
  DECISION_LABELS,
  DECISION_PURPOSE_LABELS,
  DECISION_PURPOSES,
  DECISIONS,
} from '@nongan/shared/brands/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { can, useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError } from '../common/forms.ts';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { FourLinksFields } from './AckForm.tsx';
import { BRAND_EDITORS, type Decision, useDecisions } from './queries.ts';

type Values = {
  purpose: 'funding' | 'award' | 'demonstration';
  entityId: string;
  year: number;
  title: string;
  decision: string;
  acknowledge?: boolean;
};

function DecisionModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const entityId = Form.useWatch('entityId', form);
  const purpose = Form.useWatch('purpose', form) ?? 'funding';
  const decision = Form.useWatch('decision', form);
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Values) => api.post('/brands/decisions', { ...v, acknowledge: !!v.acknowledge }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['brands', 'decisions'] });
      form.resetFields();
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Modal
      title="记录扶持/评优/示范决定"
      open={open}
      onCancel={onClose}
      width={700}
      destroyOnHidden
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => undefined)
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ purpose: 'funding', decision: 'approved', year: new Date().getFullYear() }}
      >
        <Form.Item name="purpose" label="事项" rules={[{ required: true }]}>
          <Select options={DECISION_PURPOSES.map((p) => ({ value: p, label: DECISION_PURPOSE_LABELS[p] }))} />
        </Form.Item>
        <Form.Item name="title" label="名称" rules={[{ required: true, min: 2, message: '请填写名称' }]}>
          <Input maxLength={100} placeholder="如：2021年农产品质量安全追溯示范主体" />
        </Form.Item>
        <Form.Item name="year" label="年度" rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="entityId" label="主体" rules={[{ required: true, message: '请选择主体' }]}>
          <EntityPicker />
        </Form.Item>
        <Form.Item name="decision" label="决定" rules={[{ required: true }]}>
          <Select options={DECISIONS.map((d) => ({ value: d, label: DECISION_LABELS[d] }))} />
        </Form.Item>
        {decision === 'approved' && <FourLinksFields entityId={entityId} purpose={purpose} />}
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}

export function DecisionsTab() {
  const me = useMe();
  const editor = can(me.data?.user, BRAND_EDITORS);
  const q = useDecisions(true);
  const [open, setOpen] = useState(false);
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        落实追溯“四挂钩”：扶持、评优和示范创建决定同意前，按本区规则核查主体的合格证、追溯、赋色、风险和案件记录。
        {editor && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            style={{ marginLeft: 8 }}
            onClick={() => setOpen(true)}
          >
            记录决定
          </Button>
        )}
      </Typography.Paragraph>
      <ResponsiveTable<Decision>
        rowKey="id"
        size="small"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无决定记录' }}
        columns={[
          { title: '名称', dataIndex: 'title' },
          { title: '事项', dataIndex: 'purposeLabel' },
          { title: '年度', dataIndex: 'year' },
          { title: '主体', dataIndex: 'entityName' },
          { title: '镇街', dataIndex: 'townName' },
          {
            title: '决定',
            dataIndex: 'decisionLabel',
            render: (v: string, r) => (
              <Tag color={r.decision === 'approved' ? 'success' : 'default'}>{v}</Tag>
            ),
          },
          {
            title: '已确认的提示',
            dataIndex: 'warnings',
            render: (w: string[]) => (w.length ? w.join('；') : '—'),
          },
        ]}
      />
      <DecisionModal open={open} onClose={() => setOpen(false)} />
    </>
  );
}
