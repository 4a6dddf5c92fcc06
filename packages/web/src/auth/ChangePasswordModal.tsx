import { changePasswordBody } from '@nongan/shared/accounts/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { api } from '../common/api.ts';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { PasswordStrengthMeter, validateStrength } from '../users/PasswordStrength.tsx';
import { ME_KEY, useMe } from './session.ts';

type Values = { currentPassword: string; newPassword: string; confirm: string };

export function ChangePasswordModal({
  open,
  forced,
  onClose,
}: {
  open: boolean;
  forced: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const user = useMe().data?.user;
  const inputs = [user?.username, user?.displayName];
  const newPassword = Form.useWatch('newPassword', form);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post('/auth/password', body),
    onSuccess: async () => {
      message.success('密码已修改');
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ME_KEY });
      onClose();
    },
    onError: (e) => {
      const rest = applyServerError(form, e);
      if (rest) message.error(rest);
    },
  });
  const submit = async () => {
    const v = await form.validateFields();
    const body = { currentPassword: v.currentPassword, newPassword: v.newPassword };
    const parsed = changePasswordBody.safeParse(body);
    if (!parsed.success) return void applyIssues(form, zodIssues(parsed.error));
    change.mutate(parsed.data);
  };
  return (
    <Modal
      title="修改密码"
      open={open}
      onOk={submit}
      okText="确认修改"
      confirmLoading={change.isPending}
      onCancel={forced ? undefined : onClose}
      closable={!forced}
      mask={{ closable: !forced }}
      cancelButtonProps={{ style: forced ? { display: 'none' } : undefined }}
      destroyOnHidden
    >
      {forced && (
        <Typography.Paragraph type="warning">首次登录或密码已被重置，请先修改密码。</Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="currentPassword"
          label="当前密码"
          rules={[{ required: true, message: '请输入当前密码' }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          rules={[
            { required: true, message: '请输入新密码' },
            { validator: (_, v?: string) => validateStrength(v, inputs) },
          ]}
          extra={<PasswordStrengthMeter password={newPassword} userInputs={inputs} />}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
