import { SEVERITIES, SEVERITY_LABELS } from '@nongan/shared/dossier/four-links';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Divider, Form, InputNumber, Modal, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { useStoredFill } from '../common/useStoredFill.ts';

type Targets = Record<string, { all: number; mingte?: number; cq_famous?: number }>;
type BrandSettings = { remindDays: number; targets: Targets; defaults: boolean };
type Rule = {
  certWithinDays: number;
  noRecentCertificate: string;
  noTraceRecords: string;
  highRisk: string;
  redColour: string;
  openCase: string;
  defaults: boolean;
};
const CONDITIONS: [keyof Rule, string][] = [
  ['noRecentCertificate', '期限内未开具合格证'],
  ['noTraceRecords', '未记录追溯生产批次'],
  ['highRisk', '风险等级为高风险'],
  ['redColour', '监管赋色为红色'],
  ['openCase', '有未结案件'],
];
const severityOptions = SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }));

/** The district's reminder window, this year's targets and the four-links rule. */
export function SettingsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const year = String(new Date().getFullYear());
  const settings = useQuery({
    queryKey: ['brands', 'settings'],
    queryFn: () => api.get<BrandSettings>('/brands/settings'),
    enabled: open,
  });
  const rule = useQuery({
    queryKey: ['brands', 'four-links'],
    queryFn: () => api.get<Rule>('/four-links/settings'),
    enabled: open,
  });
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const stored = useMemo(() => {
    if (!settings.data || !rule.data) return undefined;
    const t = settings.data.targets[year];
    const { defaults: _, ...r } = rule.data;
    return {
      remindDays: settings.data.remindDays,
      all: t?.all,
      mingte: t?.mingte,
      cq_famous: t?.cq_famous,
      ...r,
    };
  }, [settings.data, rule.data, year]);
  useStoredFill(form, stored, open);
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: async (v: Record<string, number | string | undefined>) => {
      const targets = { ...(settings.data?.targets ?? {}) };
      if (v.all !== undefined && v.all !== null)
        targets[year] = {
          all: Number(v.all),
          ...(v.mingte != null ? { mingte: Number(v.mingte) } : {}),
          ...(v.cq_famous != null ? { cq_famous: Number(v.cq_famous) } : {}),
        };
      else delete targets[year];
      await api.put('/brands/settings', { remindDays: v.remindDays, targets });
      await api.put(
        '/four-links/settings',
        Object.fromEntries([['certWithinDays', v.certWithinDays], ...CONDITIONS.map(([k]) => [k, v[k]])]),
      );
    },
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['brands'] });
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Modal
      title="两品一标设置"
      open={open}
      onCancel={onClose}
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => undefined)
      }
      okButtonProps={{ loading: save.isPending }}
      width={640}
    >
      <Form form={form} layout="horizontal" labelCol={{ span: 10 }}>
        <Form.Item
          name="remindDays"
          label="到期提醒（天）"
          rules={[{ required: true }]}
          extra="默认90天：《绿色食品标志管理办法》第十八条，期满三个月前提出续展申请"
        >
          <InputNumber min={1} max={730} />
        </Form.Item>
        <Divider>{year}年新增目标</Divider>
        <Form.Item
          name="all"
          label="新增品牌认证（个）"
          extra={year === '2021' ? '工作要点二(六)：力争新增20个以上' : undefined}
        >
          <InputNumber min={0} max={10000} />
        </Form.Item>
        <Form.Item name="mingte" label="其中名特优新（个）">
          <InputNumber min={0} max={1000} />
        </Form.Item>
        <Form.Item name="cq_famous" label="其中重庆名牌（个）">
          <InputNumber min={0} max={1000} />
        </Form.Item>
        <Divider>追溯“四挂钩”规则</Divider>
        <Typography.Paragraph type="secondary">
          工作要点二(七)要求落实追溯“四挂钩”机制，具体条件由本区设定。品牌认证、资金扶持、评优评先和示范创建均按此规则核查。
        </Typography.Paragraph>
        <Form.Item name="certWithinDays" label="合格证开具期限（天）" rules={[{ required: true }]}>
          <InputNumber min={1} max={3650} />
        </Form.Item>
        {CONDITIONS.map(([k, label]) => (
          <Form.Item key={k} name={k} label={label} rules={[{ required: true }]}>
            <Select options={severityOptions} style={{ width: 140 }} />
          </Form.Item>
        ))}
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
