import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Tag,
} from 'antd';
import { useState } from 'react';
import { can, useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError } from '../common/forms.ts';
import { RISK_EDITORS, type RiskPlanView, useRiskPlans } from './queries.ts';

const pre = { whiteSpace: 'pre-wrap' as const };

export function PlanTab() {
  const plans = useRiskPlans();
  const me = useMe();
  const editor = can(me.data?.user, RISK_EDITORS);
  const [year, setYear] = useState<number | null>(null);
  const [editing, setEditing] = useState<RiskPlanView | 'new' | null>(null);
  if (plans.isError) return <ErrorResult error={plans.error} retry={() => plans.refetch()} />;
  const rows = plans.data ?? [];
  const p = rows.find((r) => r.year === year) ?? rows[0];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="年度"
          style={{ width: 120 }}
          placeholder="年度"
          value={p?.year}
          options={rows.map((r) => ({ value: r.year, label: `${r.year}年` }))}
          onChange={setYear}
        />
        {editor && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建年度计划
          </Button>
        )}
        {editor && p && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(p)}>
            修改
          </Button>
        )}
      </Space>
      {!p ? (
        <Empty description={plans.isPending ? '加载中…' : '尚无风险监测计划'} />
      ) : (
        <Card size="small" title={`${p.year}年农产品质量安全风险监测计划`}>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="监测目的">
              <div style={pre}>{p.targets}</div>
            </Descriptions.Item>
            <Descriptions.Item label="监测品种">
              {p.products.map((x) => (
                <Tag key={x}>{x}</Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label="监测对象">
              <div style={pre}>{p.subjects}</div>
            </Descriptions.Item>
            <Descriptions.Item label="监管关键点和技术措施">
              <div style={pre}>{p.keyPoints}</div>
            </Descriptions.Item>
            <Descriptions.Item label="最后修改">
              {p.updatedByName ?? '—'} {p.updatedAt.slice(0, 10)}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {editing && (
        <PlanModal
          plan={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(y) => setYear(y)}
        />
      )}
    </>
  );
}

type Values = { year: number; targets: string; products: string[]; subjects: string; keyPoints: string };

function PlanModal({
  plan,
  onClose,
  onSaved,
}: {
  plan: RiskPlanView | null;
  onClose: () => void;
  onSaved: (year: number) => void;
}) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    setBusy(true);
    try {
      const { year, ...rest } = v;
      const saved = plan
        ? await api.patch<RiskPlanView>(`/risk/plans/${plan.id}`, { ...rest, version: plan.version })
        : await api.post<RiskPlanView>('/risk/plans', v);
      await qc.invalidateQueries({ queryKey: ['risk', 'plans'] });
      onSaved(saved.year);
      onClose();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={plan ? `修改${plan.year}年风险监测计划` : '新建风险监测计划'}
      open
      onOk={submit}
      okText="保存"
      confirmLoading={busy}
      onCancel={onClose}
      width={640}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={plan ?? { year: new Date().getFullYear(), products: [] }}
      >
        <Form.Item name="year" label="年度" rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} disabled={!!plan} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="targets" label="监测目的" rules={[{ required: true, message: '请填写' }]}>
          <Input.TextArea rows={2} maxLength={3000} />
        </Form.Item>
        <Form.Item
          name="products"
          label="监测品种"
          rules={[{ required: true, message: '请至少填写一个品种' }]}
        >
          <Select mode="tags" tokenSeparators={['、', ',', '，']} placeholder="输入品种后回车" />
        </Form.Item>
        <Form.Item name="subjects" label="监测对象" rules={[{ required: true, message: '请填写' }]}>
          <Input.TextArea rows={2} maxLength={3000} />
        </Form.Item>
        <Form.Item
          name="keyPoints"
          label="监管关键点和技术措施"
          rules={[{ required: true, message: '请填写' }]}
        >
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
