import type { UserView } from '@nongan/shared/accounts/schemas';
import {
  CHECK_CODE_LABELS,
  INPUT_KIND_LABELS,
  type InputKind,
  inputUsesBody,
} from '@nongan/shared/trace/production';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, api, errorMessage, type FieldIssue } from '../common/api.ts';
import { applyIssues, zodIssues } from '../common/forms.ts';
import { optionsOf } from '../common/labels.ts';
import { InputAutoComplete, InputHint } from './parts.tsx';
import {
  chinaToday,
  dateOf,
  type InputRefView,
  type LotDetailView,
  type UsesRecordedView,
} from './queries.ts';

type Values = {
  input?: string;
  kind?: InputKind;
  usedOn?: Dayjs;
  dose?: string;
  area?: number | null;
  animals?: number | null;
  operator?: string;
};

/** Issues of the one use the form sends (uses.0.x) go on the form's own fields. */
const local = (issues: FieldIssue[]) =>
  issues.map((i) => ({ ...i, field: i.field.replace(/^uses\.0\./, '') }));

/** Records one input use on a lot; a banned input is saved (the record must be true) and flagged. */
export function UseFormModal({
  lot,
  user,
  open,
  onClose,
}: {
  lot: LotDetailView;
  user: UserView;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<InputRefView | null>(null);
  const chosenKind = Form.useWatch('kind', form);
  const usedOn = Form.useWatch('usedOn', form);
  const kind: InputKind | undefined = lot.inputKind ?? chosenKind;
  const today = chinaToday();
  const latest = lot.harvestDate && lot.harvestDate < today ? lot.harvestDate : today;

  const save = useMutation({
    mutationFn: (body: unknown) => api.post<UsesRecordedView>(`/production/lots/${lot.id}/uses`, body),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['production'] });
      if (r.flags.length)
        modal.warning({
          title: '已如实记录，但存在问题',
          width: 560,
          content: (
            <ul className="check-list">
              {r.flags.map((f) => (
                <li key={f.field + f.code}>
                  <Tag color={f.severity === 'error' ? 'red' : 'orange'}>{CHECK_CODE_LABELS[f.code]}</Tag>
                  {f.reason}
                </li>
              ))}
            </ul>
          ),
        });
      else message.success('已记录投入品使用');
      form.resetFields();
      setPicked(null);
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError) {
        const rest = applyIssues(form, local(e.issues));
        setError(rest.length ? rest.map((i) => `${i.field}: ${i.reason}`).join('；') : e.message);
      } else setError(errorMessage(e));
    },
  });

  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    const use: Record<string, unknown> = {
      input: v.input?.trim(),
      kind,
      usedOn: dateOf(v.usedOn),
      dose: v.dose?.trim() || undefined,
      area: kind === 'pesticide' ? (v.area ?? undefined) : undefined,
      animals: kind === 'vet_drug' ? (v.animals ?? undefined) : undefined,
      operator: v.operator?.trim(),
    };
    for (const k of Object.keys(use)) if (use[k] === undefined) delete use[k];
    const parsed = inputUsesBody.safeParse({ uses: [use] });
    if (!parsed.success) {
      const rest = applyIssues(form, local(zodIssues(parsed.error)));
      if (rest.length) setError(rest.map((i) => i.reason).join('；'));
      return;
    }
    save.mutate(parsed.data);
  };

  return (
    <Modal
      title={`记录${kind ? INPUT_KIND_LABELS[kind] : '投入品'}使用 · ${lot.lotNo}`}
      open={open}
      onOk={submit}
      onCancel={onClose}
      okText="保存"
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ usedOn: dayjs(latest), operator: user.displayName }}
      >
        <Row gutter={12}>
          {!lot.inputKind && (
            <Col xs={24}>
              <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
                <Radio.Group optionType="button" options={optionsOf(INPUT_KIND_LABELS)} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item
              name="input"
              label={kind === 'vet_drug' ? '兽药（通用名）' : '农药（有效成分/通用名）'}
              rules={[{ required: true, whitespace: true, message: '请填写投入品' }]}
              extra="从提示中选择可自动核对禁用和间隔期；参考数据中没有的照实填写"
            >
              <InputAutoComplete product={lot.productCode} onPick={setPicked} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <div style={{ marginBottom: 12 }}>
              <InputHint input={picked} usedOn={dateOf(usedOn)} />
            </div>
          </Col>
          <Col xs={12}>
            <Form.Item name="usedOn" label="使用日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker
                disabledDate={(d) => {
                  const s = d.format('YYYY-MM-DD');
                  return s > latest || (!!lot.startedOn && s < lot.startedOn);
                }}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="dose" label="剂量">
              <Input
                maxLength={60}
                placeholder={kind === 'vet_drug' ? '如：0.1 g/kg 体重' : '如：40 mL/亩'}
              />
            </Form.Item>
          </Col>
          {kind === 'pesticide' && (
            <Col xs={12}>
              <Form.Item
                name="area"
                label="施用面积（亩）"
                rules={[{ required: true, message: '请填写施用面积' }]}
                extra={lot.area != null ? `批次面积 ${lot.area} 亩` : undefined}
              >
                <InputNumber
                  min={0.01}
                  max={lot.area ?? undefined}
                  step={0.1}
                  inputMode="decimal"
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          )}
          {kind === 'vet_drug' && (
            <Col xs={12}>
              <Form.Item
                name="animals"
                label="用药动物数"
                rules={[{ required: true, message: '请填写用药动物数' }]}
                extra={lot.animals != null ? `批次数量 ${lot.animals}` : undefined}
              >
                <InputNumber
                  min={1}
                  max={lot.animals ?? undefined}
                  precision={0}
                  inputMode="numeric"
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={12}>
            <Form.Item
              name="operator"
              label="操作人"
              rules={[{ required: true, whitespace: true, message: '请填写操作人' }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
