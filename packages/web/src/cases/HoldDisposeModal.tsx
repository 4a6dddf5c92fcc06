import { DISPOSITION_LABELS, type Disposition, RELEASING } from '@nongan/shared/cases/states';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { api, downloadUrl } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { FileList } from './CaseParts.tsx';
import type { Hold } from './queries.ts';
import './cases.css';

/**
 * 处置: release, destroy, return or recall a held lot, with a note and evidence. Evidence is
 * uploaded first (kept even if the disposition is not saved); 销毁/退回/召回 need at least one file.
 */
export function HoldDisposeModal({ hold, onClose }: { hold: Hold | null; onClose: () => void }) {
  const [form] = Form.useForm<{ disposition: Disposition; note: string }>();
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const disposition = Form.useWatch('disposition', form);
  const refresh = () => qc.invalidateQueries({ queryKey: ['sampling', 'holds'] });
  const save = useMutation({
    mutationFn: (v: { disposition: Disposition; note: string }) =>
      api.post<Hold>(`/sampling/holds/${hold?.id}/dispose`, v),
    onSuccess: () => {
      refresh();
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const blocked = !!hold?.openCase && !!disposition && RELEASING.includes(disposition);
  return (
    <Modal
      open={!!hold}
      title="控制批次处置"
      okText="确认处置"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: blocked }}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={560}
    >
      {hold && (
        <>
          <Typography.Paragraph>
            {[
              `${hold.productName ?? '产品'}${hold.lotRef ? `（批次 ${hold.lotRef}）` : ''}`,
              hold.entityName,
              hold.townName,
            ]
              .filter(Boolean)
              .join(' · ')}
            <br />
            <Typography.Text type="secondary">{hold.reason}</Typography.Text>
          </Typography.Paragraph>
          {hold.openCase && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`该批次在办案件 ${hold.openCase.caseNo} 中：结案或撤销前不得解除或退回，可销毁或召回。`}
            />
          )}
          {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
          <Form
            form={form}
            layout="vertical"
            preserve={false}
            onFinish={(v) => {
              setError(null);
              save.mutate(v);
            }}
          >
            <Form.Item
              name="disposition"
              label="处置方式"
              rules={[{ required: true, message: '请选择处置方式' }]}
            >
              <Radio.Group
                options={(Object.entries(DISPOSITION_LABELS) as [Disposition, string][]).map(
                  ([value, label]) => ({
                    value,
                    label,
                    disabled: !!hold.openCase && RELEASING.includes(value),
                  }),
                )}
              />
            </Form.Item>
            <Form.Item
              name="note"
              label="处置说明"
              rules={[{ required: true, whitespace: true, message: '请填写处置说明' }]}
            >
              <Input.TextArea
                rows={3}
                maxLength={1000}
                placeholder="如：经复检合格解除控制；监督无害化处理 120 kg"
              />
            </Form.Item>
            <Form.Item
              name="files"
              label={`证明材料${disposition && disposition !== 'released' ? '（必传）' : ''}`}
            >
              <FileList
                files={hold.evidence}
                href={(f) => downloadUrl(`/sampling/holds/${hold.id}/files/${f.id}`)}
                uploadPath={`/sampling/holds/${hold.id}/files`}
                onUploaded={refresh}
                emptyText="尚未上传（现场照片、销毁记录、退回或召回凭证）"
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
