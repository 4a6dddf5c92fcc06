import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { BASIS_LABELS } from '@nongan/shared/certificates/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, downloadUrl, errorMessage } from '../common/api.ts';
import type { LegacyImport } from './queries.ts';

/** Certificates made under the older (four-basis) template: template, upload, strict mode, row errors. */
export function LegacyImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [strict, setStrict] = useState(true);
  const run = useMutation({
    mutationFn: (f: File) =>
      api.upload<LegacyImport>('/certificates/legacy/import', f, { mode: strict ? 'strict' : 'lenient' }),
    onSuccess: (r) => {
      if (r.committed) void qc.invalidateQueries({ queryKey: ['certificates'] });
    },
  });
  const close = () => {
    setFile(null);
    run.reset();
    onClose();
  };
  const r = run.data;
  const failedRows = r ? new Set(r.errors.map((e) => e.row)).size : 0;
  return (
    <Modal title="导入旧版合格证" open={open} onCancel={close} footer={null} width={760} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          按旧版（试行）模板开具的合格证可批量导入，导入后可扫码查验。旧模板的四项依据按现行三项显示：
          自我承诺、内部质量控制 → {BASIS_LABELS.quality_control}；自行检测 → {BASIS_LABELS.self_test}
          ；委托检测 → {BASIS_LABELS.entrusted_test}（原依据一并保留）。
          <Button
            type="link"
            icon={<DownloadOutlined />}
            href={downloadUrl('/certificates/legacy/template.xlsx')}
          >
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
              type={r.errors.length === 0 ? 'success' : r.committed ? 'warning' : 'error'}
              title={
                r.committed
                  ? r.errors.length
                    ? `已导入 ${r.created} 张，${failedRows} 行有错误未导入`
                    : `导入成功，共 ${r.created} 张`
                  : r.errors.length
                    ? '存在错误，未导入任何数据'
                    : '文件中没有可导入的合格证'
              }
            />
            <Descriptions
              size="small"
              column={{ xs: 2, sm: 4 }}
              bordered
              items={[
                { key: 'total', label: '总行数', children: r.total },
                { key: 'created', label: '导入', children: r.created },
                { key: 'failed', label: '有错误的行', children: failedRows },
                { key: 'committed', label: '已提交', children: r.committed ? '是' : '否' },
              ]}
            />
            {r.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.field}-${e.reason}`}
                dataSource={r.errors}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                scroll={{ x: 480 }}
                columns={[
                  { title: '行', dataIndex: 'row', width: 70 },
                  { title: '列', dataIndex: 'field', width: 200 },
                  { title: '原因', dataIndex: 'reason' },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
