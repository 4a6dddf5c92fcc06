import { IMPORT_VERIFICATIONS } from '@nongan/shared/standards/limit-sets';
import { Col, Form, Input, Row, Select } from 'antd';
import { Link } from 'react-router-dom';
import {
  failedRowCount,
  ImportControls,
  ImportModalFrame,
  ImportSummary,
  RowErrorsTable,
  useImport,
} from '../common/ImportParts.tsx';
import { verificationLabel } from './parts.tsx';
import { type ImportVars, LIMIT_SETS_KEY, type LimitRowError, uploadLimitTable } from './queries.ts';

const VERIFICATION_OPTIONS = IMPORT_VERIFICATIONS.map((v) => ({ value: v, label: verificationLabel(v) }));

/** Upload of a limits table; the table is checked whole and kept as a draft until activated. */
export function LimitImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<ImportVars>();
  const imp = useImport({
    upload: (f, _mode, vars: ImportVars) => uploadLimitTable(f, vars),
    invalidate: LIMIT_SETS_KEY,
    strict: true,
    onClose,
  });
  const start = async () => {
    const v = await form.validateFields();
    imp.start({ ...v, name: v.name?.trim() || undefined, note: v.note?.trim() || undefined });
  };
  const r = imp.result;
  const errors: (LimitRowError & { shown: string })[] = (r?.errors ?? []).map((e) => ({
    ...e,
    shown: e.candidates.length ? `${e.reason}（可选：${e.candidates.join('、')}）` : e.reason,
  }));
  return (
    <ImportModalFrame
      title="导入限量表"
      width={860}
      open={open}
      onCancel={imp.close}
      intro={
        <>
          支持 .xlsx 或 .csv。须有的列：检测项目、产品、限量、单位、标准（如 GB 2763-2026）、条款、来源；
          可选：除外（以“、”分隔的下级类别）、类型（MRL、临时限量、EMRL、ML）。限量后加 * 表示临时限量。
          一个文件只含一个标准版本；任一行有错误则全部不导入。导入后为“待启用”，可先查看与现行数据的差异再启用。
        </>
      }
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ verification: 'standard-text' }}>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="name" label="名称" extra="默认为“版本 限量表”">
              <Input maxLength={100} placeholder="如：GB 2763-2026 官方文本" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="verification" label="核对方式" rules={[{ required: true, message: '请选择' }]}>
              <Select options={VERIFICATION_OPTIONS} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="note" label="备注">
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <ImportControls
        imp={imp}
        onStart={start}
        accept=".xlsx,.csv"
        dropText="点击或拖拽 .xlsx / .csv 文件到此处"
        strictChoice={false}
      />
      {r && (
        <>
          <ImportSummary
            clean={r.errors.length === 0}
            committed={r.committed}
            title={
              r.committed && r.set
                ? `已导入“${r.set.name}”（${r.set.editionCode}，${r.set.rowCount} 行），待启用`
                : `${failedRowCount(r.errors)} 行有错误，未导入任何数据`
            }
            column={{ xs: 2, sm: 3 }}
            items={
              r.set
                ? [
                    { key: 'edition', label: '标准版本', children: r.set.editionCode },
                    { key: 'rows', label: '行数', children: r.set.rowCount },
                    {
                      key: 'view',
                      label: '下一步',
                      children: (
                        <Link to={`/standards/limit-sets/${r.set?.id}`} onClick={imp.close}>
                          查看差异并启用
                        </Link>
                      ),
                    },
                  ]
                : [{ key: 'failed', label: '错误行', children: failedRowCount(r.errors) }]
            }
          />
          {errors.length > 0 && (
            <RowErrorsTable
              errors={errors.map((e) => ({ ...e, reason: e.shown }))}
              field="field"
              width={100}
            />
          )}
        </>
      )}
    </ImportModalFrame>
  );
}
