import { CopyOutlined, EditOutlined } from '@ant-design/icons';
import {
  PLAN_STATUS_LABELS,
  PLAN_STATUSES,
  type QuotaInput,
  TASK_KINDS,
  type TaskKind,
} from '@nongan/shared/sampling/plans';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { ApiError, api, errorMessage } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError } from '../common/forms.ts';
import { optionsOf } from '../common/labels.ts';
import { useDivisions } from '../common/regions.ts';
import { labTotal, STATUS_COLORS } from './PlansPage.tsx';
import { taskKindLabel } from './parts.tsx';
import { DISTRICT_CENTRE, PLAN_EDITORS, type PlanView } from './queries.ts';

type Holder = { code: string; name: string };
const key = (k: string, h: string) => `${k}|${h}`;
const fmt = (n: number) => n.toLocaleString('zh-CN');

export function PlanDetailPage() {
  const { id = '' } = useParams();
  const plan = useQuery({
    queryKey: ['sampling', 'plans', id],
    queryFn: () => api.get<PlanView>(`/plans/${id}`),
  });
  if (plan.isError) return <ErrorResult error={plan.error} retry={() => plan.refetch()} />;
  if (!plan.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  return <PlanDetail key={`${plan.data.id}-${plan.data.version}`} plan={plan.data} />;
}

function PlanDetail({ plan }: { plan: PlanView }) {
  const me = useMe();
  const editor = can(me.data?.user, PLAN_EDITORS);
  const [params, setParams] = useSearchParams();
  const editing = editor && params.get('edit') === '1';
  const [copying, setCopying] = useState(false);
  const towns = useDivisions({ level: 'town' });
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [draft, setDraft] = useState(
    () => new Map(plan.quotas.map((q) => [key(q.taskKind, q.holderCode), q.quota])),
  );
  const [head, setHead] = useState({
    name: plan.name,
    targetPassRate: plan.targetPassRate,
    status: plan.status,
  });
  const [error, setError] = useState<string | null>(null);

  const holders: Holder[] = [
    { code: plan.districtCode, name: DISTRICT_CENTRE },
    ...(towns.data ?? []).map((t) => ({ code: t.code, name: t.name })),
  ];
  // A quota held by a town no longer listed still shows.
  for (const q of plan.quotas)
    if (!holders.some((h) => h.code === q.holderCode))
      holders.push({ code: q.holderCode, name: q.holderName });
  const kinds = editing
    ? [...TASK_KINDS]
    : TASK_KINDS.filter((k) => plan.quotas.some((q) => q.taskKind === k && q.quota > 0));
  const cell = (k: string, h: string) => draft.get(key(k, h)) ?? 0;
  const shown = editing ? holders : holders.filter((h) => kinds.some((k) => cell(k, h.code) > 0));

  const save = useMutation({
    mutationFn: () => {
      const quotas: QuotaInput[] = [];
      for (const [k, v] of draft) {
        const [taskKind, holderCode] = k.split('|') as [TaskKind, string];
        if (v > 0) quotas.push({ taskKind, holderCode, quota: v });
      }
      return api.patch<PlanView>(`/plans/${plan.id}`, { ...head, quotas, version: plan.version });
    },
    onSuccess: (p) => {
      qc.setQueryData(['sampling', 'plans', p.id], p);
      void qc.invalidateQueries({ queryKey: ['sampling', 'plans'], exact: true });
      message.success('已保存计划');
      setParams({});
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        void qc.invalidateQueries({ queryKey: ['sampling', 'plans', plan.id] });
      }
      setError(errorMessage(e));
    },
  });

  const total = (h: string) => kinds.reduce((s, k) => s + cell(k, h), 0);
  const kindTotal = (k: string) => holders.reduce((s, h) => s + cell(k, h.code), 0);

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>
          {plan.name} <Tag color={STATUS_COLORS[plan.status]}>{PLAN_STATUS_LABELS[plan.status]}</Tag>
        </Typography.Title>
        <Space wrap>
          <Link to={`/monitoring/progress?plan=${plan.id}`}>
            <Button>查看进度</Button>
          </Link>
          {editor && !editing && (
            <Button icon={<EditOutlined />} onClick={() => setParams({ edit: '1' })}>
              编辑计划与配额
            </Button>
          )}
          {editor && !editing && (
            <Button icon={<CopyOutlined />} onClick={() => setCopying(true)}>
              复制到其他年度
            </Button>
          )}
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 12 }}>
        {editing ? (
          <Form layout="vertical">
            <Space wrap align="start">
              <Form.Item label="计划名称" style={{ minWidth: 280 }}>
                <Input
                  value={head.name}
                  maxLength={100}
                  onChange={(e) => setHead({ ...head, name: e.target.value })}
                />
              </Form.Item>
              <Form.Item label="目标合格率（%）">
                <InputNumber
                  min={0}
                  max={100}
                  step={0.5}
                  value={head.targetPassRate}
                  onChange={(v) => setHead({ ...head, targetPassRate: v ?? 0 })}
                />
              </Form.Item>
              <Form.Item label="状态">
                <Select
                  style={{ width: 120 }}
                  value={head.status}
                  options={optionsOf(PLAN_STATUS_LABELS).filter((o) => PLAN_STATUSES.includes(o.value))}
                  onChange={(v) => setHead({ ...head, status: v })}
                />
              </Form.Item>
            </Space>
          </Form>
        ) : (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 3 }}
            items={[
              { key: 'year', label: '年度', children: plan.year },
              { key: 'target', label: '目标合格率', children: `≥ ${plan.targetPassRate}%` },
              { key: 'status', label: '状态', children: PLAN_STATUS_LABELS[plan.status] },
              {
                key: 'rapid',
                label: '定性检测任务',
                children: `${fmt(plan.totals.rapid_test ?? 0)} 批次`,
              },
              {
                key: 'lab',
                label: '定量检测任务',
                children: `${fmt(labTotal(plan))} 批次（${TASK_KINDS.filter(
                  (k) => k !== 'rapid_test' && plan.totals[k],
                )
                  .map((k) => `${taskKindLabel(k)} ${plan.totals[k]}`)
                  .join('，')}）`,
              },
              {
                key: 'source',
                label: '来源',
                children: plan.source ?? `更新于 ${dayjs(plan.updatedAt).format('YYYY-MM-DD HH:mm')}`,
              },
            ]}
          />
        )}
      </Card>
      <Card size="small" title="任务配额（承担单位 × 任务类型）">
        <Table<Holder>
          rowKey="code"
          size="small"
          loading={towns.isPending}
          dataSource={shown}
          pagination={false}
          scroll={{ x: 200 + kinds.length * 130 }}
          columns={[
            { title: '承担单位', dataIndex: 'name', fixed: 'left', width: 110 },
            ...kinds.map((k) => ({
              title: taskKindLabel(k),
              key: k,
              width: 130,
              align: 'right' as const,
              render: (_: unknown, h: Holder) =>
                editing ? (
                  <InputNumber
                    size="small"
                    min={0}
                    max={1_000_000}
                    precision={0}
                    aria-label={`${h.name}${taskKindLabel(k)}配额`}
                    value={cell(k, h.code) || null}
                    onChange={(v) => setDraft(new Map(draft).set(key(k, h.code), v ?? 0))}
                    style={{ width: 100 }}
                  />
                ) : cell(k, h.code) ? (
                  fmt(cell(k, h.code))
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            })),
            {
              title: '合计',
              key: 'total',
              width: 90,
              align: 'right' as const,
              render: (_: unknown, h: Holder) => <strong>{fmt(total(h.code))}</strong>,
            },
          ]}
          summary={() => (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <strong>合计</strong>
                </Table.Summary.Cell>
                {kinds.map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 1} align="right">
                    <strong>{fmt(kindTotal(k))}</strong>
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={kinds.length + 1} align="right">
                  <strong>{fmt(holders.reduce((s, h) => s + total(h.code), 0))}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          )}
        />
        {editing && (
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
              保存
            </Button>
            <Button onClick={() => setParams({})}>取消</Button>
          </Space>
        )}
      </Card>
      <CopyModal plan={plan} open={copying} onClose={() => setCopying(false)} />
    </>
  );
}

function CopyModal({ plan, open, onClose }: { plan: PlanView; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ year: number; name?: string }>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (body: { year: number; name?: string }) => api.post<PlanView>(`/plans/${plan.id}/copy`, body),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: ['sampling', 'plans'] });
      message.success(`已复制为 ${p.year} 年计划`);
      onClose();
      navigate(`/monitoring/plans/${p.id}`);
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    run.mutate({ year: v.year, ...(v.name?.trim() ? { name: v.name.trim() } : {}) });
  };
  return (
    <Modal
      title="复制计划到其他年度"
      open={open}
      onOk={submit}
      okText="复制"
      confirmLoading={run.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        复制全部任务配额和目标合格率；新计划为草稿，可再调整。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ year: new Date().getFullYear() }}>
        <Form.Item name="year" label="目标年度" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="name" label="计划名称" extra="留空则把原名称中的年份替换为目标年度">
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
