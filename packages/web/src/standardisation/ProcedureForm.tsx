import {
  type ProcedureDetailView,
  STAGE_LABELS,
  STAGES,
  type VersionView,
} from '@nongan/shared/standardisation/schemas';
import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { ProductsSelect } from './parts.tsx';
import { useStdMutation } from './queries.ts';

type Values = { number?: string; title: string; products: string[]; note?: string } & Record<string, string>;

/** 新建规程 (with its number) or a new version of one (prefilled from the latest). */
export function ProcedureForm(props: {
  open: boolean;
  onClose: (saved?: ProcedureDetailView) => void;
  procedureId?: string;
  from?: VersionView;
  /** Correct this draft in place instead of starting a version. */
  editing?: boolean;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const save = useStdMutation((v: Values) => {
    const body = {
      title: v.title,
      products: v.products,
      note: v.note?.trim() || null,
      sections: Object.fromEntries(STAGES.map((s) => [s, v[s]])),
    };
    if (props.editing && props.from)
      return api.patch<ProcedureDetailView>(`/standardisation/versions/${props.from.id}`, body);
    return props.procedureId
      ? api.post<ProcedureDetailView>(`/standardisation/procedures/${props.procedureId}/versions`, body)
      : api.post<ProcedureDetailView>('/standardisation/procedures', { ...body, number: v.number });
  });
  const initial = props.from
    ? {
        title: props.from.title,
        products: props.from.products.map((p) => p.code),
        note: props.editing ? props.from.note : undefined,
        ...props.from.sections,
      }
    : undefined;
  return (
    <Modal
      open={props.open}
      title={
        props.editing
          ? `修改草稿（第${props.from?.version}版）`
          : props.procedureId
            ? '新建版本（修订）'
            : '新建生产技术规程'
      }
      okText="保存为草稿"
      width={760}
      destroyOnHidden
      confirmLoading={save.isPending}
      onCancel={() => props.onClose()}
      onOk={() =>
        form.validateFields().then((v) =>
          save.mutate(v, {
            onSuccess: (d) => props.onClose(d),
            onError: (e) => setError(applyServerError(form, e)),
          }),
        )
      }
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        {!props.procedureId && (
          <Form.Item name="number" label="规程编号" rules={[{ required: true, message: '请填写编号' }]}>
            <Input placeholder="如 TL/NJ-2021-01" maxLength={40} />
          </Form.Item>
        )}
        <Form.Item name="title" label="规程名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="products"
          label="适用产品"
          rules={[{ required: true, message: '请至少选择一个产品' }]}
        >
          <ProductsSelect />
        </Form.Item>
        {STAGES.map((s) => (
          <Form.Item
            key={s}
            name={s}
            label={STAGE_LABELS[s]}
            rules={[{ required: true, message: `请填写${STAGE_LABELS[s]}要求` }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
          </Form.Item>
        ))}
        {props.procedureId && (
          <Form.Item name="note" label="修订说明">
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
