import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Modal, Table, Upload } from 'antd';
import { api, errorMessage } from '../common/api.ts';

type ImportAnswer = {
  total?: number;
  created?: number;
  updated?: number;
  unchanged?: number;
  failed?: number;
  committed?: boolean;
  errors?: { row: number; column?: string | null; reason: string }[];
};

const COUNTS: [keyof ImportAnswer, string][] = [
  ['total', '总行数'],
  ['created', '新增'],
  ['updated', '更新'],
  ['unchanged', '未变'],
  ['failed', '失败'],
];

/** Uploads a CSV/XLSX of villages and grids (columns code, name, parent_code). */
export function DivisionImport() {
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const run = useMutation({
    mutationFn: (file: File) => api.upload<ImportAnswer>('/divisions/import', file),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['divisions'] });
      const counts = COUNTS.filter(([k]) => typeof r[k] === 'number')
        .map(([k, label]) => `${label} ${r[k] as number}`)
        .join('，');
      if (r.errors?.length) {
        modal.warning({
          title: r.committed === false ? '区划文件有错误，未导入任何数据' : '区划导入完成，部分行有错误',
          width: 640,
          content: (
            <>
              <p>{counts}</p>
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.column}-${e.reason}`}
                dataSource={r.errors}
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                columns={[
                  { title: '行', dataIndex: 'row', width: 60 },
                  { title: '列', dataIndex: 'column', width: 110, render: (v?: string | null) => v ?? '—' },
                  { title: '原因', dataIndex: 'reason' },
                ]}
              />
            </>
          ),
        });
      } else message.success(`区划导入完成${counts ? `：${counts}` : ''}`);
    },
    onError: (e) => Modal.error({ title: '区划导入失败', content: errorMessage(e) }),
  });
  return (
    <Upload
      accept=".csv,.xlsx"
      showUploadList={false}
      beforeUpload={(f) => {
        run.mutate(f);
        return false;
      }}
    >
      <Button icon={<UploadOutlined />} loading={run.isPending}>
        导入区划文件
      </Button>
    </Upload>
  );
}
