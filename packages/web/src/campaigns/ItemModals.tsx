import type { ItemView } from '@nongan/shared/campaigns/schemas';
import { useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { api, type Page } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import type { Sample } from '../sampling/queries.ts';
import { EntityPicker } from '../users/EntityPicker.tsx';

const day = (d?: Dayjs | null) => d?.format('YYYY-MM-DD');

/** A small form in a modal: validates, saves, puts server issues on the fields. */
function FormModal<V extends object>(props: {
  title: string;
  open: boolean;
  onClose: () => void;
  save: (v: V) => Promise<unknown>;
  okText: string;
  initial?: Partial<V>;
  children: ReactNode;
}) {
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    setBusy(true);
    try {
      await props.save(v);
      props.onClose();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={props.title}
      open={props.open}
      onOk={submit}
      okText={props.okText}
      confirmLoading={busy}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} initialValues={props.initial}>
        {props.children}
      </Form>
    </Modal>
  );
}

export function ItemModal(props: {
  open: boolean;
  onClose: () => void;
  save: (v: unknown) => Promise<unknown>;
}) {
  return (
    <FormModal<{ entityId: string; issue: string; dueOn: Dayjs }>
      title="添加到整治清单"
      okText="添加"
      open={props.open}
      onClose={props.onClose}
      save={(v) => props.save({ ...v, dueOn: day(v.dueOn) })}
    >
      <Form.Item name="entityId" label="主体" rules={[{ required: true, message: '请选择主体' }]}>
        <EntityPicker />
      </Form.Item>
      <Form.Item name="issue" label="问题" rules={[{ required: true, message: '请填写问题' }]}>
        <Input.TextArea rows={2} maxLength={500} placeholder="如：检出禁用农药，未落实安全间隔期" />
      </Form.Item>
      <Form.Item name="dueOn" label="整改期限" rules={[{ required: true, message: '请选择期限' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

export function RectifyModal(props: {
  item: ItemView | null;
  onClose: () => void;
  save: (v: unknown) => Promise<unknown>;
}) {
  const reopen = props.item?.status === 'rectified';
  return (
    <FormModal<{ on?: Dayjs; note?: string }>
      title={reopen ? '重新打开（回头看发现问题）' : '登记整改完成'}
      okText={reopen ? '重新打开' : '登记'}
      open={!!props.item}
      onClose={props.onClose}
      initial={{ on: dayjs() }}
      save={(v) =>
        props.save({
          status: reopen ? 'open' : 'rectified',
          on: reopen ? undefined : day(v.on),
          note: v.note || undefined,
        })
      }
    >
      <Typography.Paragraph>
        {props.item?.entityName}：{props.item?.issue}
      </Typography.Paragraph>
      {!reopen && (
        <Form.Item name="on" label="完成日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      )}
      <Form.Item name="note" label="说明">
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/** Samples of the campaign's variety the user may see, newest first. */
export function SampleModal(props: {
  open: boolean;
  variety: string;
  onClose: () => void;
  save: (v: unknown) => Promise<unknown>;
}) {
  const found = useQuery({
    queryKey: ['campaigns', 'samples', props.variety],
    queryFn: () => api.get<Page<Sample>>('/samples', { product: props.variety, pageSize: 100 }),
    enabled: props.open,
  });
  return (
    <FormModal<{ sampleId: string }>
      title="关联样品"
      okText="关联"
      open={props.open}
      onClose={props.onClose}
      save={props.save}
    >
      <Form.Item
        name="sampleId"
        label={`${props.variety}样品`}
        rules={[{ required: true, message: '请选择样品' }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={found.isFetching}
          notFoundContent={found.isFetching ? '加载中…' : `没有${props.variety}的样品`}
          options={(found.data?.items ?? []).map((s) => ({
            value: s.id,
            label: `${s.sampleNo} · ${s.entityName ?? s.sampledParty ?? ''} · ${s.sampledAt.slice(0, 10)}`,
          }))}
        />
      </Form.Item>
    </FormModal>
  );
}
