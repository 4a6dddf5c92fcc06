import { CASE_SOURCE_LABELS, type CaseSource } from '@nongan/shared/cases/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { EntityPicker } from '../users/EntityPicker.tsx';
import type { CaseDetailView } from './queries.ts';

/**
 * What the page that opens the dialog already knows (a failed sample, a held lot). Cases from
 * inspections, complaints and incidents are opened by those pages (server `openCase`).
 */
export interface CasePreset {
  sourceType: CaseSource;
  sourceId?: string;
  /** Shown as the source, e.g. 样品 KJ…; a fixed source cannot be changed in the dialog. */
  sourceText?: string;
  entityId?: string | null;
  entityName?: string | null;
  partyName?: string | null;
  townCode?: string;
  holdIds?: string[];
  title?: string;
}

type Values = {
  entityId?: string;
  partyName?: string;
  townCode?: string;
  title: string;
  summary?: string;
};

/** 立案: registers a case and opens it. */
export function OpenCaseModal({
  preset,
  onClose,
  onCreated,
}: {
  preset: CasePreset | null;
  onClose: () => void;
  /** Runs before the new case opens, e.g. to link it from the record it came from. */
  onCreated?: (c: CaseDetailView) => Promise<unknown>;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const entityId = Form.useWatch('entityId', form);
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.post<CaseDetailView>('/cases', {
        sourceType: preset?.sourceType,
        sourceId: preset?.sourceId ?? null,
        sourceLabel: preset?.sourceText ?? null,
        entityId: (preset?.entityId ?? v.entityId) || null,
        partyName: v.partyName || preset?.partyName || null,
        townCode: v.townCode || preset?.townCode || null,
        title: v.title,
        summary: v.summary || null,
        holdIds: preset?.holdIds ?? [],
      }),
    onSuccess: async (c) => {
      await onCreated?.(c);
      qc.invalidateQueries({ queryKey: ['cases'] });
      qc.invalidateQueries({ queryKey: ['sampling', 'holds'] });
      onClose();
      navigate(`/cases/${c.id}`);
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const partyFixed = !!preset?.entityId || (preset?.sourceType === 'sample' && !!preset.partyName);
  return (
    <Modal
      open={!!preset}
      title="立案"
      okText="立案"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={560}
    >
      {preset && (
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ title: preset.title, townCode: preset.townCode }}
          onFinish={(v) => {
            setError(null);
            save.mutate(v);
          }}
        >
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form.Item label="案件来源">
            <Input
              value={[CASE_SOURCE_LABELS[preset.sourceType], preset.sourceText].filter(Boolean).join('：')}
              disabled
            />
          </Form.Item>
          {partyFixed ? (
            <Form.Item label="当事人">
              <Input value={preset.entityName ?? preset.partyName ?? ''} disabled />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="entityId" label="当事人（名录主体）">
                <EntityPicker />
              </Form.Item>
              {!entityId && (
                <>
                  <Form.Item name="partyName" label="当事人名称（不在名录中时填写）">
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item name="townCode" label="镇街">
                    <TownSelect />
                  </Form.Item>
                </>
              )}
            </>
          )}
          <Form.Item
            name="title"
            label="案由"
            rules={[{ required: true, whitespace: true, message: '请填写案由' }]}
          >
            <Input maxLength={100} placeholder="如：销售农药残留超标豇豆" />
          </Form.Item>
          <Form.Item name="summary" label="案情摘要">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
