import { LINK_KIND_LABELS, LINK_KINDS } from '@nongan/shared/common/links';
import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { applyServerError } from '../common/forms.ts';

type Values = { kind: string; refId: string; label: string };

/** Links a 巡查 or 案件 record by its number and a short description. */
export function LinkModal(props: {
  open: boolean;
  onClose: () => void;
  save: (v: Values) => Promise<unknown>;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    setBusy(true);
    try {
      await props.save(v);
      props.onClose();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="关联巡查或案件"
      open={props.open}
      onOk={submit}
      okText="关联"
      confirmLoading={busy}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">填写巡查记录或案件的编号和简要说明。</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ kind: 'inspection' }}>
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Select options={LINK_KINDS.map((k) => ({ value: k, label: LINK_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item name="refId" label="编号" rules={[{ required: true, message: '请填写编号' }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="label" label="说明" rules={[{ required: true, message: '请填写说明' }]}>
          <Input maxLength={100} placeholder="如：土桥镇 6 月豇豆专项巡查" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
