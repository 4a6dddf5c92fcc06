import { campaignCreateBody } from '@nongan/shared/campaigns/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../common/api.ts';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { type CampaignDetailView, useVarieties } from './queries.ts';

type Values = {
  year: number;
  variety?: string;
  title?: string;
  drugs?: string[];
  plan?: string;
  measures?: string;
  range?: [Dayjs, Dayjs];
};

export function CampaignFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const varieties = useVarieties();
  const [error, setError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (body: unknown) => api.post<CampaignDetailView>('/campaigns', body),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['campaigns'] });
      message.success('已创建专项整治，请添加整治清单');
      onClose();
      navigate(`/campaigns/${c.id}`);
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    const { range, ...rest } = v;
    const parsed = campaignCreateBody.safeParse({
      ...rest,
      startOn: range?.[0]?.format('YYYY-MM-DD'),
      endOn: range?.[1]?.format('YYYY-MM-DD'),
    });
    if (!parsed.success) {
      const issues = zodIssues(parsed.error).map((i) =>
        i.field === 'startOn' || i.field === 'endOn' ? { ...i, field: 'range' } : i,
      );
      const left = applyIssues(form, issues);
      if (left.length) setError(left.map((i) => i.reason).join('；'));
      return;
    }
    run.mutate(parsed.data);
  };
  const byCategory = new Map<string, { value: string; label: string }[]>();
  for (const v of varieties.data?.items ?? [])
    byCategory.set(v.category, [...(byCategory.get(v.category) ?? []), { value: v.name, label: v.name }]);
  return (
    <Modal
      title="新建专项整治"
      open={open}
      onOk={submit}
      okText="创建"
      confirmLoading={run.isPending}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {varieties.data && (
        <Alert
          type="warning"
          showIcon
          title="重点品种来源"
          description={varieties.data.note}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ year: new Date().getFullYear(), drugs: [] }}
      >
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="variety"
          label="一个品种（问题品种）"
          rules={[{ required: true, message: '请选择或填写品种' }]}
        >
          <Select
            showSearch
            allowClear
            placeholder="选择重点品种，或直接输入"
            options={[...byCategory].map(([label, options]) => ({ label, options }))}
            onChange={(v?: string) =>
              v && !form.getFieldValue('title') && form.setFieldValue('title', `${v}突出问题专项整治`)
            }
          />
        </Form.Item>
        <Form.Item name="title" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="drugs" label="关注药物" extra="按本区方案填写，可输入多个">
          <Select mode="tags" tokenSeparators={['、', ',', '，']} placeholder="如：克百威" />
        </Form.Item>
        <Form.Item name="range" label="整治期间" rules={[{ required: true, message: '请选择起止日期' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="plan"
          label="一个方案（攻坚方案）"
          rules={[{ required: true, message: '请填写方案' }]}
        >
          <Input.TextArea rows={3} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item
          name="measures"
          label="一套措施（管控措施）"
          rules={[{ required: true, message: '请填写措施' }]}
        >
          <Input.TextArea rows={3} maxLength={5000} showCount />
        </Form.Item>
        <Typography.Text type="secondary">一张清单（整治清单）在创建后按主体逐条添加。</Typography.Text>
      </Form>
    </Modal>
  );
}
