import { invalidateBody, rejectBody, returnBody } from '@nongan/shared/sampling/tests';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Select, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { ApiError, api } from '../common/api.ts';
import { LAB, type LabSettings, type SampleDetail } from './queries.ts';

type Dialog = 'receive' | 'reject' | 'return' | 'invalidate' | null;

const REJECT_OPTIONS = [
  { value: 'seal_broken', label: '封条破损' },
  { value: 'spoiled', label: '样品变质' },
  { value: 'insufficient', label: '样品量不足' },
  { value: 'other', label: '其他' },
];
const KIND_OPTIONS = [
  { value: 'retest', label: '复检（重新检测原样品）' },
  { value: 'correction', label: '更正（结果录入有误）' },
];
const TITLES: Record<Exclude<Dialog, null>, string> = {
  receive: '接收样品',
  reject: '拒收样品',
  return: '退回重新录入',
  invalidate: '作废并复检',
};

const message = (e: unknown) =>
  e instanceof ApiError && e.issues.length ? e.issues.map((i) => i.reason).join('；') : (e as Error).message;

/** The lab step buttons the sample's state and the user's role allow (the server checks again). */
export function LabActions({ sample }: { sample: SampleDetail }) {
  const me = useMe();
  const user = me.data?.user;
  const lab = can(user, LAB);
  const settings = useQuery({
    queryKey: ['sampling', 'lab-settings'],
    queryFn: () => api.get<LabSettings>('/lab/settings'),
    enabled: lab && sample.status === 'entered',
  });
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message: toast } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const step = useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) =>
      api.post<SampleDetail>(`/samples/${sample.id}/${path}`, body),
    onSuccess: (s, { path }) => {
      setDialog(null);
      setError(null);
      qc.setQueryData(['sampling', 'samples', 'one', s.id], s);
      void qc.invalidateQueries({ queryKey: ['sampling'] });
      toast.success(path === 'invalidate' ? '已作废，已生成复检样品' : '已处理');
      if (s.id !== sample.id) navigate(`/monitoring/lab/${s.id}`);
    },
    onError: (e) => setError(message(e)),
  });
  if (!lab) return null;
  const verifier = !!user && (settings.data?.verifierRoles ?? []).includes(user.role);
  const open = (d: Dialog) => {
    setError(null);
    form.resetFields();
    setDialog(d);
  };
  const submit = async () => {
    const v = await form.validateFields();
    const checks = { reject: rejectBody, return: returnBody, invalidate: invalidateBody } as const;
    const body =
      dialog === 'receive' ? { sealIntact: !!v.sealIntact, condition: v.condition ?? '' } : { ...v };
    if (dialog && dialog !== 'receive') {
      const parsed = checks[dialog].safeParse(body);
      if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('；'));
    }
    step.mutate({ path: dialog ?? '', body });
  };
  const buttons = {
    registered: (
      <>
        <Button type="primary" onClick={() => open('receive')}>
          接收
        </Button>
        <Button danger onClick={() => open('reject')}>
          拒收
        </Button>
      </>
    ),
    entered: (
      <>
        {verifier && (
          <Popconfirm
            title="审核通过后结果生效（控制批次、跟踪抽查等），确定？"
            okText="审核通过"
            cancelText="取消"
            onConfirm={() => step.mutate({ path: 'verify', body: {} })}
          >
            <Button type="primary" loading={step.isPending}>
              审核通过
            </Button>
          </Popconfirm>
        )}
        <Button onClick={() => open('return')}>退回</Button>
      </>
    ),
    verified: (
      <Button danger onClick={() => open('invalidate')}>
        作废并复检
      </Button>
    ),
    reported: (
      <Button danger onClick={() => open('invalidate')}>
        作废并复检
      </Button>
    ),
  }[sample.status];
  if (!buttons) return null;
  return (
    <Card size="small" title="检测中心处理" style={{ marginBottom: 12 }} data-testid="lab-actions">
      {error && !dialog && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {sample.status === 'entered' && !verifier && settings.data && (
        <Alert type="info" showIcon style={{ marginBottom: 8 }} title="结果待有审核权限的人员审核" />
      )}
      <Space wrap>{buttons}</Space>
      <Modal
        open={!!dialog}
        title={dialog ? TITLES[dialog] : ''}
        okText="确定"
        cancelText="取消"
        confirmLoading={step.isPending}
        onOk={submit}
        onCancel={() => setDialog(null)}
        forceRender
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ sealIntact: true, condition: '完好', kind: 'retest' }}
        >
          {dialog === 'receive' && (
            <>
              <Form.Item name="sealIntact" valuePropName="checked">
                <Checkbox>封条完好</Checkbox>
              </Form.Item>
              <Form.Item
                name="condition"
                label="到样状态"
                rules={[{ required: true, message: '请填写到样状态' }]}
              >
                <Input maxLength={200} />
              </Form.Item>
            </>
          )}
          {dialog === 'reject' && (
            <>
              <Form.Item
                name="reason"
                label="拒收原因"
                rules={[{ required: true, message: '请选择拒收原因' }]}
              >
                <Select options={REJECT_OPTIONS} aria-label="拒收原因" />
              </Form.Item>
              <Form.Item name="note" label="说明">
                <Input.TextArea maxLength={200} rows={2} />
              </Form.Item>
            </>
          )}
          {(dialog === 'return' || dialog === 'invalidate') && (
            <Form.Item
              name="reason"
              label={dialog === 'return' ? '退回原因' : '作废原因'}
              rules={[{ required: true, whitespace: true, message: '请填写原因' }]}
            >
              <Input.TextArea maxLength={200} rows={3} />
            </Form.Item>
          )}
          {dialog === 'invalidate' && (
            <Form.Item name="kind" label="处理方式" rules={[{ required: true }]}>
              <Select options={KIND_OPTIONS} aria-label="处理方式" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
