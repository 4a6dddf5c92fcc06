import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, downloadUrl, errorMessage } from '../common/api.ts';

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
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [strict, setStrict] = useState(false);
  const run = useMutation({
    mutationFn: (f: File) =>
      api.upload<ImportResult>('/entities/import', f, { mode: strict ? 'strict' : 'lenient' }),
    onSuccess: (r) => {
      if (r.committed) void qc.invalidateQueries({ queryKey: ['entities'] });
    },
  });
  const close = () => {
    setFile(null);
    run.reset();
    onClose();
  };
  const r = run.data;
  return (
    <Modal title="导入主体名录" open={open} onCancel={close} footer={null} width={760} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          请使用模板填写（.xlsx）。已有主体按统一社会信用代码（散户按身份证号）匹配后更新。
          <Button type="link" icon={<DownloadOutlined />} href={downloadUrl('/entities/import/template')}>
            下载模板
          </Button>
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            run.reset();
            return false; // upload on 开始导入, not on pick
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖拽 Excel 文件到此处</p>
        </Upload.Dragger>
        <Checkbox checked={strict} onChange={(e) => setStrict(e.target.checked)}>
          严格模式（任一行有错误则全部不导入）
        </Checkbox>
        <Button
          type="primary"
          disabled={!file}
          loading={run.isPending}
          onClick={() => file && run.mutate(file)}
        >
          开始导入
        </Button>
        {run.isError && <Alert type="error" showIcon title={errorMessage(run.error)} />}
        {r && (
          <>
            <Alert
              showIcon
              type={r.failed === 0 ? 'success' : r.committed ? 'warning' : 'error'}
              title={
                r.committed
                  ? r.failed
                    ? `已导入，其中 ${r.failed} 行有错误未导入`
                    : '导入成功'
                  : '存在错误，未导入任何数据（严格模式）'
              }
            />
            <Descriptions
              size="small"
              column={{ xs: 2, sm: 3, md: 6 }}
              bordered
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
                <Table
                  size="small"
                  rowKey={(e) => `${e.row}-${e.column}-${e.reason}`}
                  dataSource={r.errors}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  scroll={{ x: 480 }}
                  columns={[
                    { title: '行', dataIndex: 'row', width: 70 },
                    { title: '列', dataIndex: 'column', width: 140, render: (v: string | null) => v ?? '—' },
                    { title: '原因', dataIndex: 'reason' },
                  ]}
                />
              </>
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
