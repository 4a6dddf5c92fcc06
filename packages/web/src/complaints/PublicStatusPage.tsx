import type { complaintPublicStatus } from '@nongan/shared/complaints/schemas';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import { api, errorMessage } from '../common/api.ts';
import './public.css';

type Status = z.infer<typeof complaintPublicStatus>;

/** Status of one complaint by its reference number: the status only. */
export function PublicStatusPage() {
  const [params, setParams] = useSearchParams();
  const ref = params.get('ref')?.trim() ?? '';
  const status = useQuery({
    queryKey: ['public', 'complaint', ref],
    queryFn: () => api.get<Status>(`/public/complaints/${encodeURIComponent(ref)}`),
    enabled: ref.length > 0,
    retry: false,
  });
  return (
    <div className="public-page">
      <Card className="public-card">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          举报办理进度查询
        </Typography.Title>
        <Form
          layout="vertical"
          initialValues={{ ref }}
          onFinish={(v: { ref: string }) => setParams({ ref: v.ref.trim() })}
          requiredMark={false}
        >
          <Form.Item name="ref" label="受理编号" rules={[{ required: true, message: '请输入受理编号' }]}>
            <Input placeholder="如 JB-2026-000123-ABCDEF7" autoCapitalize="characters" maxLength={60} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={status.isFetching}>
            查询
          </Button>
        </Form>
        {status.isError && (
          <Alert type="warning" showIcon title={errorMessage(status.error)} style={{ marginTop: 16 }} />
        )}
        {status.data && (
          <Result
            status="info"
            title={status.data.statusLabel}
            subTitle={`${status.data.reference} · 更新于 ${status.data.updatedOn}`}
          />
        )}
        <Typography.Paragraph style={{ marginTop: 16, textAlign: 'center' }}>
          <Link to="/complaint">我要举报</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
