import { type DivisionView, divisionCreateBody } from '@nongan/shared/regions/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../common/api.ts';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';

export type EditTarget =
  | { mode: 'add'; parent: DivisionView; level: 'village' | 'grid' }
  | { mode: 'rename'; division: DivisionView };

/** Add a village or grid under a parent, or rename one. */
export function DivisionEditModal({ target, onClose }: { target: EditTarget | null; onClose: () => void }) {
  const [form] = Form.useForm<{ code?: string; name: string }>();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: { code?: string; name: string }) =>
      target?.mode === 'rename'
        ? api.patch<DivisionView>(`/divisions/${target.division.code}`, { name: body.name })
        : api.post<DivisionView>('/divisions', { ...body, parentCode: target?.parent.code }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['divisions'] });
      close();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const close = () => {
    setError(null);
    onClose();
  };
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    if (target?.mode === 'add') {
      const parsed = divisionCreateBody.safeParse({ ...v, parentCode: target.parent.code });
      if (!parsed.success) return void applyIssues(form, zodIssues(parsed.error));
    }
    save.mutate(v);
  };
  const what = target?.mode === 'add' ? (target.level === 'village' ? '村' : '网格') : '';
  return (
    <Modal
      title={
        target?.mode === 'add'
          ? `在“${target.parent.name}”下新增${what}`
          : `重命名“${target?.division.name ?? ''}”`
      }
      open={!!target}
      onOk={submit}
      onCancel={close}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          target?.mode === 'rename' ? { name: target.division.name } : { code: target?.parent.code ?? '' }
        }
      >
        {target?.mode === 'add' && (
          <Form.Item
            name="code"
            label={`${what}代码`}
            rules={[{ required: true, message: '请输入代码' }]}
            extra={
              target.level === 'village'
                ? `12位统计用区划代码，以镇街代码 ${target.parent.code} 开头`
                : `村代码 ${target.parent.code} 加2-3位序号`
            }
          >
            <Input inputMode="numeric" maxLength={target.level === 'village' ? 12 : 15} />
          </Form.Item>
        )}
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请输入名称' }]}>
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
