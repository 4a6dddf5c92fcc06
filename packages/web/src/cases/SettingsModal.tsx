import type { CaseSettings } from '@nongan/shared/cases/schemas';
import { CASE_STATE_LABELS, OPEN_STATES, type OpenState } from '@nongan/shared/cases/states';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { request } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { useCaseSettings } from './queries.ts';

type Values = Record<OpenState, number> & { holdDays: number };

/** The district's own deadlines (district administrator only). */
export function SettingsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const settings = useCaseSettings();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Values) =>
      request<CaseSettings>('PUT', '/cases/settings', {
        stateDays: Object.fromEntries(OPEN_STATES.map((s) => [s, v[s as OpenState]])),
        holdDays: v.holdDays,
      }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['cases'] });
      qc.invalidateQueries({ queryKey: ['sampling', 'holds'] });
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const d = settings.data;
  return (
    <Modal
      open={open && !!d}
      title="办理期限设置"
      okText="保存"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {d && (
        <Form<Values>
          form={form}
          layout="horizontal"
          labelCol={{ span: 10 }}
          preserve={false}
          initialValues={{ ...d.stateDays, holdDays: d.holdDays }}
          onFinish={(v) => {
            setError(null);
            save.mutate(v);
          }}
        >
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {d.note}
          </Typography.Paragraph>
          {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
          {OPEN_STATES.map((s) => (
            <Form.Item
              key={s}
              name={s}
              label={`${CASE_STATE_LABELS[s]}阶段（天）`}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={730} precision={0} />
            </Form.Item>
          ))}
          <Form.Item name="holdDays" label="控制批次处置（天）" rules={[{ required: true }]}>
            <InputNumber min={1} max={730} precision={0} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
