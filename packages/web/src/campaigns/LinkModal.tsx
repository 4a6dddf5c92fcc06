import { LINK_KIND_LABELS, LINK_KINDS, type LinkKind } from '@nongan/shared/common/links';
import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Modal, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, type Page } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';

type Values = { kind: LinkKind; refId: string };
type Option = { value: string; label: string };

/** Inspections or cases in the user's area matching what is typed, by name or number. */
function useRecords(kind: LinkKind, q: string, open: boolean) {
  return useQuery({
    queryKey: ['link-records', kind, q],
    // Only while the dialog is open: a reader who cannot link (the lab) may not list inspections.
    enabled: open,
    queryFn: async (): Promise<Option[]> => {
      if (kind === 'case') {
        const page = await api.get<Page<{ id: string; caseNo: string; title: string }>>('/cases', {
          q: q || undefined,
          pageSize: 20,
        });
        return page.items.map((c) => ({ value: c.id, label: `${c.caseNo} ${c.title}` }));
      }
      const page = await api.get<
        Page<{
          id: string;
          entityName: string;
          inspectedAt: string;
          inspectorName: string;
          failedCount: number;
        }>
      >('/inspections', { q: q || undefined, pageSize: 20 });
      return page.items.map((i) => ({
        value: i.id,
        label: `${dayjs(i.inspectedAt).format('YYYY-MM-DD')} ${i.entityName}（${i.inspectorName}${i.failedCount ? `，${i.failedCount} 项不合格` : ''}）`,
      }));
    },
  });
}

/** Links a 巡查 record or a 案件 of the user's area, picked by name or number. */
export function LinkModal(props: {
  open: boolean;
  onClose: () => void;
  save: (v: Values) => Promise<unknown>;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [q, setQ] = useState('');
  const kind = (Form.useWatch('kind', form) ?? 'inspection') as LinkKind;
  const records = useRecords(kind, q, props.open);
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
      title="关联巡查或案件"
      open={props.open}
      onOk={submit}
      okText="关联"
      confirmLoading={busy}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        按主体名称或案件编号查找本辖区的巡查记录或案件。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: 'inspection' }}
        onValuesChange={(changed) => {
          if ('kind' in changed) {
            form.setFieldValue('refId', undefined);
            setQ('');
          }
        }}
      >
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Select options={LINK_KINDS.map((k) => ({ value: k, label: LINK_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item
          name="refId"
          label={kind === 'case' ? '案件' : '巡查记录'}
          rules={[{ required: true, message: '请选择要关联的记录' }]}
        >
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            loading={records.isFetching}
            options={records.data ?? []}
            placeholder={kind === 'case' ? '输入案件编号、案由或当事人' : '输入主体名称'}
            notFoundContent={records.isFetching ? '查找中…' : '没有找到'}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
