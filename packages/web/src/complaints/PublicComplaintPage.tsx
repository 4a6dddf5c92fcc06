import {
  COMPLAINT_TOPIC_LABELS,
  COMPLAINT_TOPICS,
  type complaintReceipt,
  type publicTownsView,
} from '@nongan/shared/complaints/schemas';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Radio, Result, Select, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import './public.css';

type Towns = z.infer<typeof publicTownsView>;
type Receipt = z.infer<typeof complaintReceipt>;
type Values = {
  townCode: string;
  place: string;
  topic: string;
  product?: string;
  content: string;
  anonymous: boolean;
  contactName?: string;
  contactPhone?: string;
};

/** 农产品质量安全举报 — the public form (no login), phone first. */
export function PublicComplaintPage() {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const towns = useQuery({
    queryKey: ['public', 'towns'],
    queryFn: () => api.get<Towns>('/public/complaint-towns'),
    staleTime: Infinity,
  });
  const anonymous = Form.useWatch('anonymous', form) ?? true;
  const send = useMutation({
    mutationFn: (v: Values) =>
      api.post<Receipt>('/public/complaints', {
        ...v,
        product: v.product?.trim() || null,
        contactName: v.anonymous ? null : v.contactName?.trim() || null,
        contactPhone: v.anonymous ? null : v.contactPhone?.trim() || null,
      }),
  });
  const error = send.error ? applyServerError(form, send.error) : null;
  return (
    <div className="public-page">
      <Card className="public-card">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          农产品质量安全举报
        </Typography.Title>
        {send.data ? (
          <Result
            status="success"
            title="举报已提交"
            subTitle={`已转${send.data.townName}办理`}
            extra={
              <>
                <Typography.Paragraph>请记下受理编号，凭编号查询办理进度：</Typography.Paragraph>
                <Typography.Paragraph copyable className="public-ref">
                  {send.data.reference}
                </Typography.Paragraph>
                <Button
                  type="primary"
                  block
                  onClick={() => navigate(`/complaint/status?ref=${encodeURIComponent(send.data.reference)}`)}
                >
                  查询办理进度
                </Button>
              </>
            }
          />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              发现使用禁用农药兽药、农兽药残留超标、无合格证上市等问题，请在此举报。可以匿名，无需登录。
            </Typography.Paragraph>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Form<Values>
              form={form}
              layout="vertical"
              initialValues={{ anonymous: true, topic: 'banned_drug' }}
              onFinish={(v) => send.mutate(v)}
              requiredMark={false}
            >
              <Form.Item
                name="townCode"
                label="问题发生在哪个镇街"
                rules={[{ required: true, message: '请选择镇街' }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={towns.isPending}
                  placeholder="请选择镇街"
                  options={(towns.data ?? []).map((t) => ({ value: t.code, label: t.name }))}
                />
              </Form.Item>
              <Form.Item
                name="place"
                label="具体地点"
                rules={[{ required: true, min: 2, message: '请填写具体地点' }]}
              >
                <Input maxLength={200} placeholder="如：某村某组大棚、某农贸市场摊位" />
              </Form.Item>
              <Form.Item name="topic" label="问题类型" rules={[{ required: true }]}>
                <Select
                  options={COMPLAINT_TOPICS.map((t) => ({ value: t, label: COMPLAINT_TOPIC_LABELS[t] }))}
                />
              </Form.Item>
              <Form.Item name="product" label="涉及产品（选填）">
                <Input maxLength={40} placeholder="如：豇豆、韭菜" />
              </Form.Item>
              <Form.Item
                name="content"
                label="问题描述"
                rules={[{ required: true, min: 10, message: '请至少写 10 个字，说明时间、地点和问题' }]}
              >
                <Input.TextArea rows={5} maxLength={2000} showCount />
              </Form.Item>
              <Form.Item name="anonymous" label="是否匿名">
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: true, label: '匿名举报' },
                    { value: false, label: '留下联系方式' },
                  ]}
                />
              </Form.Item>
              {!anonymous && (
                <>
                  <Form.Item name="contactName" label="称呼（选填）">
                    <Input maxLength={30} autoComplete="name" />
                  </Form.Item>
                  <Form.Item
                    name="contactPhone"
                    label="联系电话"
                    rules={[{ required: true, message: '请填写联系电话' }]}
                  >
                    <Input maxLength={20} inputMode="tel" autoComplete="tel" />
                  </Form.Item>
                  <Typography.Paragraph type="secondary">
                    联系方式仅用于核实情况，不会公开。
                  </Typography.Paragraph>
                </>
              )}
              <Button type="primary" htmlType="submit" block size="large" loading={send.isPending}>
                提交举报
              </Button>
            </Form>
            <Typography.Paragraph style={{ marginTop: 16, textAlign: 'center' }}>
              <Link to="/complaint/status">已举报？查询办理进度</Link>
            </Typography.Paragraph>
          </>
        )}
      </Card>
    </div>
  );
}
