import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { api, downloadUrl } from '../common/api.ts';
import {
  ImportControls,
  ImportModalFrame,
  ImportSummary,
  RowErrorsTable,
  TemplateLink,
  useImport,
} from '../common/ImportParts.tsx';

export type ImportResult = {
  batchId: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  committed: boolean;
  /** The answer lists only the first errors; the downloadable report has them all. */
  errorsTruncated?: boolean;
  errors: { row: number; column: string | null; reason: string }[];
};

/** Excel import of the directory: template, upload, strict mode, per-row errors. */
export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const imp = useImport({
    upload: (f, mode) => api.upload<ImportResult>('/entities/import', f, { mode }),
    invalidate: ['entities'],
    strict: false,
    onClose,
  });
  const r = imp.result;
  return (
    <ImportModalFrame
      title="导入主体名录"
      width={760}
      open={open}
      onCancel={imp.close}
      intro={
        <>
          请使用模板填写（.xlsx）。已有主体按统一社会信用代码（散户按身份证号）匹配后更新。
          <TemplateLink path="/entities/import/template" />
        </>
      }
    >
      <ImportControls imp={imp} onStart={imp.start} />
      {r && (
        <>
          <ImportSummary
            clean={r.failed === 0}
            committed={r.committed}
            title={
              r.committed
                ? r.failed
                  ? `已导入，其中 ${r.failed} 行有错误未导入`
                  : '导入成功'
                : '存在错误，未导入任何数据（严格模式）'
            }
            column={{ xs: 2, sm: 3, md: 6 }}
            items={[
              { key: 'total', label: '总行数', children: r.total },
              { key: 'created', label: '新增', children: r.created },
              { key: 'updated', label: '更新', children: r.updated },
              { key: 'unchanged', label: '未变', children: r.unchanged },
              { key: 'failed', label: '失败', children: r.failed },
              { key: 'committed', label: '已提交', children: r.committed ? '是' : '否' },
            ]}
          />
          {r.errors.length > 0 && (
            <>
              <Space>
                <Typography.Text strong>
                  错误明细
                  {r.errorsTruncated ? `（仅显示前 ${r.errors.length} 条，完整内容见错误报告）` : ''}
                </Typography.Text>
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  href={downloadUrl(`/imports/${r.batchId}/errors`)}
                >
                  下载错误报告
                </Button>
              </Space>
              <RowErrorsTable errors={r.errors} field="column" width={140} />
            </>
          )}
        </>
      )}
    </ImportModalFrame>
  );
}
