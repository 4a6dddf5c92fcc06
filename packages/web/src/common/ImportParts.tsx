import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Descriptions,
  type DescriptionsProps,
  Modal,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { downloadUrl, errorMessage } from './api.ts';

// Shared parts of the upload/import modals (directory, rapid tests, legacy certificates).

export type ImportMode = 'strict' | 'lenient';

/**
 * The chosen file, the strict/lenient choice and the upload. `vars` are what the modal adds at start
 * (e.g. form defaults); `invalidate` is refetched once a batch has been committed.
 */
export function useImport<R extends { committed: boolean }, V = void>({
  upload,
  invalidate,
  strict: strictAtFirst,
  onClose,
}: {
  upload: (file: File, mode: ImportMode, vars: V) => Promise<R>;
  invalidate: QueryKey;
  strict: boolean;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [strict, setStrict] = useState(strictAtFirst);
  const run = useMutation({
    mutationFn: ({ f, vars }: { f: File; vars: V }) => upload(f, strict ? 'strict' : 'lenient', vars),
    onSuccess: (r) => {
      if (r.committed) void qc.invalidateQueries({ queryKey: invalidate });
    },
  });
  return {
    file,
    pick: (f: File) => {
      setFile(f);
      run.reset();
    },
    remove: () => setFile(null),
    strict,
    setStrict,
    pending: run.isPending,
    error: run.error,
    result: run.data,
    start: (vars: V) => {
      if (file) run.mutate({ f: file, vars });
    },
    close: () => {
      setFile(null);
      run.reset();
      onClose();
    },
  };
}

/** What {@link ImportControls} needs of {@link useImport}. */
type ImportState = {
  file: File | null;
  pick: (f: File) => void;
  remove: () => void;
  strict: boolean;
  setStrict: (strict: boolean) => void;
  pending: boolean;
  error: Error | null;
};

/** The modal around an import: title, intro text, then the parts in a vertical stack. */
export function ImportModalFrame({
  title,
  width,
  open,
  onCancel,
  intro,
  children,
}: {
  title: string;
  width: number;
  open: boolean;
  onCancel: () => void;
  intro: ReactNode;
  children: ReactNode;
}) {
  return (
    <Modal title={title} open={open} onCancel={onCancel} footer={null} width={width} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {intro}
        </Typography.Paragraph>
        {children}
      </Space>
    </Modal>
  );
}

/** 下载模板 link for a server-generated template. */
export function TemplateLink({ path }: { path: string }) {
  return (
    <Button type="link" icon={<DownloadOutlined />} href={downloadUrl(path)}>
      下载模板
    </Button>
  );
}

/**
 * File picker (one file, uploaded on 开始导入, not on pick; an Excel workbook unless `accept` says
 * otherwise), strict mode, start button and the request's error.
 */
export function ImportControls({
  imp,
  onStart,
  accept = '.xlsx',
  dropText = '点击或拖拽 Excel 文件到此处',
  strictChoice = true,
}: {
  imp: ImportState;
  onStart: () => void;
  accept?: string;
  dropText?: string;
  /** false for imports that are always all-or-nothing. */
  strictChoice?: boolean;
}) {
  return (
    <>
      <Upload.Dragger
        accept={accept}
        maxCount={1}
        beforeUpload={(f) => {
          imp.pick(f);
          return false; // upload on 开始导入, not on pick
        }}
        onRemove={imp.remove}
        fileList={imp.file ? [{ uid: '1', name: imp.file.name, status: 'done' }] : []}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{dropText}</p>
      </Upload.Dragger>
      {strictChoice && (
        <Checkbox checked={imp.strict} onChange={(e) => imp.setStrict(e.target.checked)}>
          严格模式（任一行有错误则全部不导入）
        </Checkbox>
      )}
      <Button type="primary" disabled={!imp.file} loading={imp.pending} onClick={() => onStart()}>
        开始导入
      </Button>
      {imp.error && <Alert type="error" showIcon title={errorMessage(imp.error)} />}
    </>
  );
}

/** Outcome banner (success / partly imported / nothing imported) and the counts. */
export function ImportSummary({
  clean,
  committed,
  title,
  column,
  items,
}: {
  /** No row had an error. */
  clean: boolean;
  committed: boolean;
  title: string;
  column: DescriptionsProps['column'];
  items: DescriptionsProps['items'];
}) {
  return (
    <>
      <Alert showIcon type={clean ? 'success' : committed ? 'warning' : 'error'} title={title} />
      <Descriptions size="small" column={column} bordered items={items} />
    </>
  );
}

/** Distinct rows with at least one error. */
export function failedRowCount(errors: readonly { row: number }[]): number {
  return new Set(errors.map((e) => e.row)).size;
}

/** Per-row errors: 行, 列 (the error's `field` property, — when empty), 原因. */
export function RowErrorsTable<E extends { row: number; reason: string }>({
  errors,
  field,
  width,
}: {
  errors: E[];
  field: Exclude<keyof E, 'row' | 'reason'> & string;
  width: number;
}) {
  return (
    <Table<E>
      size="small"
      rowKey={(e) => `${e.row}-${String(e[field])}-${e.reason}`}
      dataSource={errors}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 480 }}
      columns={[
        { title: '行', dataIndex: 'row', width: 70 },
        { title: '列', dataIndex: field, width, render: (v: string | null) => v ?? '—' },
        { title: '原因', dataIndex: 'reason' },
      ]}
    />
  );
}
