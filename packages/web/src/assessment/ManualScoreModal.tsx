import type { Indicator, ManualScoreView } from '@nongan/shared/assessment/schemas';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { useStoredFill } from '../common/useStoredFill.ts';

type Props = {
  indicator: Pick<Indicator, 'key' | 'name' | 'points' | 'rule'>;
  townCode: string;
  townName: string;
  year: number;
  period: string;
  onClose: () => void;
};

/** 人工评分: the office enters a manual item's points with the evidence they rest on (and a file). */
export function ManualScoreModal({ indicator, townCode, townName, year, period, onClose }: Props) {
  const [form] = Form.useForm<{ points: number; evidence: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const existing = useQuery({
    queryKey: ['assessment', 'manual', year, period, townCode],
    queryFn: () => api.get<ManualScoreView[]>('/assessment/manual-scores', { year, period, town: townCode }),
  });
  const current = existing.data?.find((m) => m.indicatorKey === indicator.key);
  const stored = useMemo(() => current && { points: current.points, evidence: current.evidence }, [current]);
  useStoredFill(form, stored);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const saved = await api.put<ManualScoreView>('/assessment/manual-scores', {
        year,
        period,
        townCode,
        indicatorKey: indicator.key,
        points: v.points,
        evidence: v.evidence,
      });
      if (file) await api.upload(`/assessment/manual-scores/${saved.id}/files`, file);
      message.success('评分已保存');
      await qc.invalidateQueries({ queryKey: ['assessment'] });
      onClose();
    } catch (e) {
      message.error(applyServerError(form, e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`${townName} · ${indicator.name}`}
      okText="保存评分"
      cancelText="取消"
      confirmLoading={saving}
      onOk={save}
      onCancel={onClose}
      destroyOnHidden
    >
      {indicator.rule.kind === 'manual' && indicator.rule.guidance && (
        <Typography.Paragraph type="secondary">评分要点：{indicator.rule.guidance}</Typography.Paragraph>
      )}
      <Form form={form} layout="vertical">
        <Form.Item
          name="points"
          label={`得分（满分${indicator.points}分）`}
          rules={[{ required: true, message: '请填写得分' }]}
        >
          <InputNumber min={0} max={indicator.points} step={0.5} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="evidence"
          label="评分依据"
          rules={[{ required: true, min: 4, message: '请填写评分依据（至少4个字）' }]}
        >
          <Input.TextArea rows={4} maxLength={2000} placeholder="如：会议纪要、工作方案、人员名单等" />
        </Form.Item>
        <Form.Item label="佐证材料（PDF或图片，可选）">
          <input
            type="file"
            aria-label="佐证材料"
            accept="application/pdf,image/jpeg,image/png"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          {current?.files.length ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              已有材料：{current.files.map((f) => f.fileName).join('、')}
            </Typography.Paragraph>
          ) : null}
        </Form.Item>
      </Form>
    </Modal>
  );
}
