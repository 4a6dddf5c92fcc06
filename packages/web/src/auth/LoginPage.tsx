import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../common/api.ts';
import { ME_KEY, type Me } from './session.ts';

type LoginForm = { username: string; password: string };

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const login = useMutation({
    mutationFn: (body: LoginForm) => api.post<Me>('/auth/login', body),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(ME_KEY, me);
      const next = params.get('next');
      // Only same-site paths, so the link cannot send the user elsewhere.
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    },
  });
  return (
    <div className="login-page">
      <Card className="login-card">
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          农安
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          铜梁区农产品质量安全监管平台
        </Typography.Paragraph>
        {login.error && (
          <Alert type="error" showIcon title={errorMessage(login.error)} style={{ marginBottom: 16 }} />
        )}
        <Form<LoginForm> layout="vertical" onFinish={(v) => login.mutate(v)} requiredMark={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
