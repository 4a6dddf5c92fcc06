import { chinaToday } from '@nongan/shared/common/dates';
import { BASE_TYPE_LABELS, BASE_TYPES, type BaseDetailView } from '@nongan/shared/standardisation/schemas';
import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { ProductsSelect } from './parts.tsx';
import { useStdMutation } from './queries.ts';

const thisYear = Number(chinaToday().slice(0, 4));

/** 认定示范基地 (district office). A four-links warning is shown and needs a second confirmation. */
export function BaseForm({ onClose }: { onClose: (id?: string) => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const save = useStdMutation((b: Record<string, unknown>) =>
    api.post<BaseDetailView>('/standardisation/bases', b),
  );
  const submit = (acknowledged: boolean) =>
    form.validateFields().then((v) =>
      save.mutate(
        { ...v, area: v.area ?? null, acknowledged },
        {
          onSuccess: (d) => onClose(d.id),
          onError: (e) => {
            const msg = applyServerError(form, e);
            if (msg.startsWith('acknowledged')) setWarning(msg.replace(/^acknowledged: /, ''));
            else setError(msg);
          },
        },
      ),
    );
  return (
    <Modal
      open
      title="认定示范基地（三园两场）"
      okText={warning ? '已知悉，仍然认定' : '认定'}
      confirmLoading={save.isPending}
      onCancel={() => onClose()}
      onOk={() => submit(!!warning)}
      destroyOnHidden
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      {warning && <Alert type="warning" title={`“四挂钩”提示：${warning}`} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ designatedYear: thisYear }}>
        <Form.Item name="entityId" label="生产经营主体" rules={[{ required: true, message: '请选择主体' }]}>
          <EntityPicker />
        </Form.Item>
        <Form.Item name="type" label="基地类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select options={BASE_TYPES.map((t) => ({ value: t, label: BASE_TYPE_LABELS[t] }))} />
        </Form.Item>
        <Form.Item name="name" label="基地名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="products" label="产品" rules={[{ required: true, message: '请至少选择一个产品' }]}>
          <ProductsSelect />
        </Form.Item>
        <Form.Item name="area" label="面积（亩）">
          <InputNumber min={0.1} max={1000000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="designatedYear" label="认定年度" rules={[{ required: true }]}>
          <InputNumber min={2000} max={thisYear} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
