import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { ApiError } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { LimitImportModal } from './LimitImportModal.tsx';
import { fmtTime, SetStatusTag, verificationLabel } from './parts.tsx';
import { LIMIT_EDITORS, type LimitSetView, useLimitSets } from './queries.ts';

const columns: ColumnsType<LimitSetView> = [
  {
    title: '名称',
    dataIndex: 'name',
    width: 200,
    render: (v: string, r) => <Link to={`/standards/limit-sets/${r.id}`}>{v}</Link>,
  },
  { title: '标准版本', dataIndex: 'editionCode', width: 130 },
  { title: '状态', dataIndex: 'status', width: 90, render: (v) => <SetStatusTag status={v} /> },
  { title: '行数', dataIndex: 'rowCount', width: 70 },
  { title: '核对方式', dataIndex: 'verification', width: 130, render: verificationLabel },
  { title: '文件', dataIndex: 'fileName', width: 160, ellipsis: true },
  { title: '导入人', dataIndex: 'createdByName', width: 110, render: (v) => v ?? '—' },
  { title: '导入时间', dataIndex: 'createdAt', width: 140, render: fmtTime },
  { title: '启用时间', dataIndex: 'activatedAt', width: 140, render: fmtTime },
  {
    title: '判定变化',
    dataIndex: 'changeCount',
    width: 90,
    render: (v: number | null) => (v === null ? '—' : `${v} 项`),
  },
];

/** The district's imported limits tables (testing centre and district office). */
export function LimitSetsPage() {
  const me = useMe();
  const allowed = can(me.data?.user, LIMIT_EDITORS);
  const list = useLimitSets(allowed);
  const [importing, setImporting] = useState(false);
  if (!allowed) return <ErrorResult error={new ApiError(403, '仅检测中心和区级管理人员可维护限量表')} />;
  if (list.isError) return <ErrorResult error={list.error} retry={() => list.refetch()} />;
  return (
    <Card
      title="限量表导入"
      extra={
        <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)}>
          导入限量表
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          检测中心导入的限量表（如 GB 2763-2026 官方文本）启用后，本区此后的定量检测按其判定；
          已存档的检测结论不改写，启用时列出判定会改变的历史结果。同一版本后启用的表取代先前的表。
        </Typography.Paragraph>
        <Table<LimitSetView>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          columns={columns}
          scroll={{ x: 1200 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '尚未导入限量表' }}
        />
      </Space>
      <LimitImportModal open={importing} onClose={() => setImporting(false)} />
    </Card>
  );
}
