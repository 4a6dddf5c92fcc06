import type { checkinReceipt, publicSessionView } from '@nongan/shared/training/schemas';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Result, Skeleton, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import { useMe } from '../auth/session.ts';
import { api, errorMessage } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import '../complaints/public.css';

type Session = z.infer<typeof publicSessionView>;
type Receipt = z.infer<typeof checkinReceipt>;
type Values = { personName: string; phone: string; creditCode?: string };

/** 扫码签到 — opened on a phone from the session's QR: as oneself if signed in, else name + phone. */
export function CheckinPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const s = useQuery({
    queryKey: ['public', 'training', id, code],
    queryFn: () => api.get<Session>(`/public/training/${id}`, { code }),
    retry: false,
  });
  const asMe = useMutation({
    mutationFn: () => api.post<Receipt>(`/training/sessions/${id}/checkin`, { code }),
  });
  const asGuest = useMutation({
    mutationFn: (v: Values) =>
      api.post<Receipt>(`/public/training/${id}/checkin`, {
        code,
        personName: v.personName,
        phone: v.phone,
        creditCode: v.creditCode?.trim() || null,
      }),
    onError: (e) => applyServerError(form, e),
  });
  const done = asMe.data ?? asGuest.data;
  let body: React.ReactNode;
  if (s.isError)
    body = <Result status="warning" title="签到码无效或已过期" subTitle={errorMessage(s.error)} />;
  else if (!s.data) body = <Skeleton active />;
  else if (done)
    body = (
      <Result
        status="success"
        title={done.already ? '您已签到过' : '签到成功'}
        subTitle={`${done.personName}${done.entityName ? `（${done.entityName}）` : ''} · ${done.sessionTitle}`}
      />
    );
  else
    body = (
      <>
        <Typography.Title level={4}>{s.data.title}</Typography.Title>
        <Typography.Paragraph type="secondary">
          {s.data.heldOn} · {s.data.place} · {s.data.categoryLabel}
        </Typography.Paragraph>
        {me.data ? (
          <>
            {asMe.isError && (
              <Alert type="error" title={errorMessage(asMe.error)} style={{ marginBottom: 12 }} />
            )}
            <Button type="primary" size="large" block loading={asMe.isPending} onClick={() => asMe.mutate()}>
              以 {me.data.user.displayName} 签到
            </Button>
          </>
        ) : (
          <Form form={form} layout="vertical" onFinish={(v) => asGuest.mutate(v)}>
            <Form.Item name="personName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
              <Input maxLength={30} autoComplete="name" />
            </Form.Item>
            <Form.Item
              name="phone"
              label="手机号"
              extra="仅用于确认同一人不重复签到，名单上只显示掩码"
              rules={[
                { required: true, message: '请填写手机号' },
                { pattern: /^1\d{10}$/, message: '应为11位手机号' },
              ]}
            >
              <Input maxLength={11} inputMode="numeric" autoComplete="tel" />
            </Form.Item>
            <Form.Item name="creditCode" label="所在主体统一社会信用代码（选填）">
              <Input maxLength={18} />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block loading={asGuest.isPending}>
              签到
            </Button>
          </Form>
        )}
      </>
    );
  return (
    <div className="public-page">
      <Card className="public-card" title="培训签到">
        {body}
      </Card>
    </div>
  );
}
