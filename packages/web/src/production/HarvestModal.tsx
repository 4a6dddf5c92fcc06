import { HARVEST_UNIT_LABELS, harvestBody, type LotCheckView } from '@nongan/shared/trace/production';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../common/api.ts';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { optionsOf } from '../common/labels.ts';
import { CheckPanel, harvestWord } from './parts.tsx';
import { chinaToday, dateOf, type LotDetailView } from './queries.ts';

type Values = { harvestDate?: Dayjs; quantity?: number | null; unit?: string; note?: string };

/**
 * Records the harvest (or slaughter). Inside an interval it is still recorded, since it happened;
 * the check for the chosen date is shown first, and the certificate will be refused.
 */
export function HarvestModal({
  lot,
  open,
  onClose,
}: {
  lot: LotDetailView;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const date = dateOf(Form.useWatch('harvestDate', form));
  const word = harvestWord(lot.inputKind);
  const today = chinaToday();
  const lastUse = lot.uses.reduce<string | undefined>(
    (a, u) => (a && a > u.usedOn ? a : u.usedOn),
    undefined,
  );
  const earliest = [lot.startedOn, lastUse]
    .filter((x): x is string => !!x)
    .sort()
    .at(-1);

  const preview = useQuery({
    queryKey: ['production', 'check', lot.id, date ?? null],
    queryFn: () => api.get<LotCheckView>('/production/check', { lotId: lot.id, date }),
    enabled: open && !!date,
  });

  const save = useMutation({
    mutationFn: (body: unknown) => api.post<LotDetailView>(`/production/lots/${lot.id}/harvest`, body),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['production'] });
      if (!r.check.ok)
        modal.warning({
          title: `已记录${word}，但该批次不能开具合格证`,
          width: 560,
          content: (
            <ul className="check-list">
              {r.check.problems.map((p) => (
                <li key={p.field + p.code}>{p.reason}</li>
              ))}
            </ul>
          ),
        });
      else message.success(`已记录${word}`);
      form.resetFields();
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });

  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    const body: Record<string, unknown> = {
      harvestDate: dateOf(v.harvestDate),
      quantity: v.quantity ?? undefined,
      unit: v.unit,
      note: v.note?.trim() || undefined,
    };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const parsed = harvestBody.safeParse(body);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error));
      if (rest.length) setError(rest.map((i) => i.reason).join('；'));
      return;
    }
    save.mutate(parsed.data);
  };

  return (
    <Modal
      title={`记录${word} · ${lot.lotNo}`}
      open={open}
      onOk={submit}
      onCancel={onClose}
      okText={`确认${word}`}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ harvestDate: dayjs(today), unit: lot.inputKind === 'vet_drug' ? 'head' : 'kg' }}
      >
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item
              name="harvestDate"
              label={`${word}日期`}
              rules={[{ required: true, message: '请选择日期' }]}
            >
              <DatePicker
                disabledDate={(d) => {
                  const s = d.format('YYYY-MM-DD');
                  return s > today || (!!earliest && s < earliest);
                }}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="quantity" label="数量" rules={[{ required: true, message: '请填写数量' }]}>
              <InputNumber min={0.01} inputMode="decimal" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="unit" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
              <Select options={optionsOf(HARVEST_UNIT_LABELS)} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="note" label="备注">
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {date &&
        (preview.data ? (
          <CheckPanel check={preview.data} kind={lot.inputKind} compact />
        ) : (
          <Spin size="small" />
        ))}
      <Alert
        style={{ marginTop: 12 }}
        type="info"
        showIcon
        title={`${word}记录须如实填写：未过间隔期也会保存，但该批次不能开具合格证。`}
      />
    </Modal>
  );
}
