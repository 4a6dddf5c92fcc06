import type { UserView } from '@nongan/shared/accounts/schemas';
import {
  INPUT_KIND_LABELS,
  type InputKind,
  PURCHASE_UNIT_LABELS,
  type PurchaseView,
  purchaseBody,
} from '@nongan/shared/trace/production';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../common/api.ts';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { optionsOf } from '../common/labels.ts';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { InputAutoComplete, StorePicker } from './parts.tsx';
import { chinaToday, dateOf, type InputRefView } from './queries.ts';

type Values = {
  entityId?: string;
  input?: string;
  kind?: InputKind;
  quantity?: number | null;
  unit?: string;
  storeId?: string;
  storeName?: string;
  purchasedOn?: Dayjs;
};

/** Records an input bought by an entity: from a store of the directory, or a store named by hand. */
export function PurchaseModal({
  user,
  open,
  onClose,
}: {
  user: UserView;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<InputRefView | null>(null);
  const producer = user.role === 'producer';
  const today = chinaToday();

  const save = useMutation({
    mutationFn: (body: unknown) => api.post<PurchaseView>('/production/purchases', body),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: ['production', 'purchases'] });
      message.success(`已登记购买：${p.input}${p.banned ? '（注意：该投入品有禁用范围）' : ''}`);
      form.resetFields();
      setPicked(null);
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    const body: Record<string, unknown> = {
      entityId: producer ? (user.entityId ?? undefined) : v.entityId,
      input: v.input?.trim(),
      kind: v.kind ?? picked?.kind,
      quantity: v.quantity ?? undefined,
      unit: v.unit,
      storeId: v.storeId || undefined,
      storeName: v.storeId ? undefined : v.storeName?.trim() || undefined,
      purchasedOn: dateOf(v.purchasedOn),
    };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const parsed = purchaseBody.safeParse(body);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error));
      if (rest.length) setError(rest.map((i) => i.reason).join('；'));
      return;
    }
    save.mutate(parsed.data);
  };

  return (
    <Modal
      title="登记投入品购买"
      open={open}
      onOk={submit}
      onCancel={onClose}
      okText="保存"
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          entityId: producer ? (user.entityId ?? undefined) : undefined,
          unit: 'bottle',
          purchasedOn: dayjs(today),
        }}
      >
        <Row gutter={12}>
          <Col xs={24}>
            <Form.Item
              name="entityId"
              label="购买主体"
              rules={[{ required: true, message: '请选择购买主体' }]}
            >
              <EntityPicker disabled={producer} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="input"
              label="投入品"
              rules={[{ required: true, whitespace: true, message: '请填写投入品' }]}
            >
              <InputAutoComplete onPick={setPicked} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="kind"
              label="类别"
              extra={picked ? `参考数据：${INPUT_KIND_LABELS[picked.kind]}` : '参考数据外的投入品须选择类别'}
              rules={[{ required: !picked, message: '请选择类别' }]}
            >
              <Radio.Group optionType="button" options={optionsOf(INPUT_KIND_LABELS)} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="quantity" label="数量" rules={[{ required: true, message: '请填写数量' }]}>
              <InputNumber min={0.01} inputMode="decimal" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="unit" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
              <Select options={optionsOf(PURCHASE_UNIT_LABELS)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="storeId" label="农资店（名录中）">
              <StorePicker />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="storeName" label="或填写购买地点" extra="名录外的店铺、厂家直销等">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="purchasedOn"
              label="购买日期"
              rules={[{ required: true, message: '请选择日期' }]}
            >
              <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > today} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
