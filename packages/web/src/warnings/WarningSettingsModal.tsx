import type { WarningSettings, warningSettingsView } from '@nongan/shared/warnings/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, InputNumber, Modal } from 'antd';
import type { z } from 'zod';
import { api } from '../common/api.ts';
import { useStoredFill } from '../common/useStoredFill.ts';

type View = z.infer<typeof warningSettingsView>;

const FIELDS: {
  name: keyof WarningSettings;
  label: string;
  min: number;
  max: number;
  step?: number;
  suffix?: string;
  help?: string;
}[] = [
  {
    name: 'passRateThreshold',
    label: '合格率预警阈值',
    min: 50,
    max: 100,
    step: 0.1,
    suffix: '%',
    help: '留空则采用当年监测计划的目标合格率',
  },
  { name: 'minSamples', label: '参与合格率预警的最少批次', min: 1, max: 10000, suffix: '批次' },
  { name: 'repeatFailures', label: '同一主体不合格次数', min: 2, max: 20, suffix: '次' },
  { name: 'repeatWindowDays', label: '不合格统计天数', min: 7, max: 366, suffix: '天' },
  { name: 'paceShare', label: '进度低于应完成数的比例', min: 0.1, max: 1, step: 0.05 },
  { name: 'overdueGraceDays', label: '逾期宽限', min: 0, max: 90, suffix: '天' },
  { name: 'mismatchWindowDays', label: '承诺与抽检比对前后天数', min: 1, max: 90, suffix: '天' },
  { name: 'brandExpiryDays', label: '认证证书到期提前提醒', min: 1, max: 365, suffix: '天' },
];

/** The district's thresholds: the district office edits them, others read them. */
export function WarningSettingsModal(props: { open: boolean; editable: boolean; onClose: () => void }) {
  const [form] = Form.useForm<WarningSettings>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const settings = useQuery({
    queryKey: ['warnings', 'settings'],
    queryFn: () => api.get<View>('/warnings/settings'),
    enabled: props.open,
  });
  useStoredFill(form, settings.data, props.open);
  const save = useMutation({
    mutationFn: (v: WarningSettings) => api.put<View>('/warnings/settings', v),
    onSuccess: () => {
      message.success('预警阈值已保存并重新评估');
      void qc.invalidateQueries({ queryKey: ['warnings'] });
      props.onClose();
    },
    onError: (e) => message.error(e.message),
  });
  return (
    <Modal
      open={props.open}
      title="预警阈值"
      okText="保存"
      okButtonProps={{ disabled: !props.editable, loading: save.isPending }}
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate({ ...v, passRateThreshold: v.passRateThreshold ?? null }))
      }
      onCancel={props.onClose}
    >
      {settings.data && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={`${settings.data.note}${settings.data.effectivePassRate != null ? ` 当前合格率阈值：${settings.data.effectivePassRate}%。` : ' 当年尚无监测计划，合格率预警暂停。'}`}
        />
      )}
      <Form form={form} layout="vertical" disabled={!props.editable}>
        {FIELDS.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.label}
            extra={f.help}
            rules={f.name === 'passRateThreshold' ? [] : [{ required: true, message: '请填写' }]}
          >
            <InputNumber
              min={f.min}
              max={f.max}
              step={f.step ?? 1}
              suffix={f.suffix}
              style={{ width: '100%' }}
            />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
