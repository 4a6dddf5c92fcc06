import { BRAND_KIND_LABELS, BRAND_KINDS, type BrandCertDetail } from '@nongan/shared/brands/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { useProductOptions } from '../sampling/queries.ts';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { EligibilityPanel } from './EligibilityPanel.tsx';
import { useEligibility } from './queries.ts';

type Values = {
  kind: string;
  certNo: string;
  entityId: string;
  productCodes: string[];
  area?: number;
  areaUnit: string;
  output?: number;
  outputUnit: string;
  issuedOn: Dayjs;
  validUntil: Dayjs;
  note?: string;
  acknowledge?: boolean;
};

/** 登记品牌认证, with the entity's four-links check shown as soon as it is picked. */
export function RegisterModal({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (c: BrandCertDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const entityId = Form.useWatch('entityId', form);
  const check = useEligibility(entityId, 'brand');
  const products = useProductOptions();
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.post<BrandCertDetail>('/brands/certifications', {
        ...v,
        note: v.note || undefined,
        area: v.area ?? null,
        output: v.output ?? null,
        issuedOn: v.issuedOn.format('YYYY-MM-DD'),
        validUntil: v.validUntil.format('YYYY-MM-DD'),
        acknowledge: !!v.acknowledge,
      }),
    onSuccess: (c) => {
      qc.invalidateQueries({ queryKey: ['brands'] });
      form.resetFields();
      setError(null);
      onDone(c);
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const verdict = check.data?.verdict;
  return (
    <Modal
      title="登记品牌认证"
      open={open}
      width={760}
      onCancel={onClose}
      okText="登记"
      okButtonProps={{ disabled: verdict === 'refuse', loading: save.isPending }}
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => undefined)
      }
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'green', areaUnit: 'mu', outputUnit: 'tonne' }}
      >
        <Row gutter={12}>
          <Col xs={24} md={10}>
            <Form.Item name="kind" label="认证类别" rules={[{ required: true }]}>
              <Select options={BRAND_KINDS.map((k) => ({ value: k, label: BRAND_KIND_LABELS[k] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item
              name="certNo"
              label="证书编号"
              rules={[{ required: true, min: 2, message: '请填写证书编号' }]}
            >
              <Input maxLength={60} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="entityId" label="获证主体" rules={[{ required: true, message: '请选择主体' }]}>
          <EntityPicker />
        </Form.Item>
        {entityId && (
          <div style={{ marginBottom: 12 }}>
            <EligibilityPanel entityId={entityId} purpose="brand" />
          </div>
        )}
        <Form.Item name="productCodes" label="认证产品" rules={[{ required: true, message: '请选择产品' }]}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            loading={products.loading}
            options={products.options}
            placeholder="从产品目录选择"
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item label="面积">
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="area" noStyle>
                  <InputNumber min={0} style={{ width: '70%' }} />
                </Form.Item>
                <Form.Item name="areaUnit" noStyle>
                  <Select
                    style={{ width: '30%' }}
                    options={[
                      { value: 'mu', label: '亩' },
                      { value: 'hectare', label: '公顷' },
                    ]}
                  />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="年产量">
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="output" noStyle>
                  <InputNumber min={0} style={{ width: '70%' }} />
                </Form.Item>
                <Form.Item name="outputUnit" noStyle>
                  <Select
                    style={{ width: '30%' }}
                    options={[
                      { value: 'tonne', label: '吨' },
                      { value: 'kg', label: '千克' },
                    ]}
                  />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="issuedOn" label="发证日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="validUntil" label="有效期至" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {verdict === 'warn' && (
          <Form.Item
            name="acknowledge"
            valuePropName="checked"
            rules={[
              {
                validator: (_, v) =>
                  v ? Promise.resolve() : Promise.reject(new Error('请确认已知悉上述提示')),
              },
            ]}
          >
            <Checkbox>已知悉上述“四挂钩”提示，仍予登记（记入操作日志）</Checkbox>
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
