import type { AuditView } from '@nongan/shared/audit/schemas';
import { useQuery } from '@tanstack/react-query';
import { Button, Col, DatePicker, Input, Row, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { api, type Page } from '../common/api.ts';
import { ChangeTable } from '../common/ChangeTable.tsx';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { ACTION_LABELS, COMMON_FIELD_LABELS, ENTITY_FIELD_LABELS, SUBJECT_LABELS } from '../common/labels.ts';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';

const FIELD_LABELS: Record<string, string> = {
  ...COMMON_FIELD_LABELS,
  ...ENTITY_FIELD_LABELS,
  username: '用户名',
  displayName: '姓名',
  role: '角色',
  scopeCode: '所属区域',
  entityId: '关联主体',
  mustChangePassword: '须修改密码',
  code: '代码',
  parentCode: '上级代码',
  level: '层级',
  source: '来源',
};

const KEYS = ['subjectType', 'subjectId', 'action', 'username', 'from', 'to'] as const;

const columns: ColumnsType<AuditView> = [
  {
    title: '时间',
    dataIndex: 'at',
    width: 170,
    render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'),
  },
  {
    title: '用户',
    dataIndex: 'userName',
    width: 140,
    render: (v: string | null, r) => v ?? (r.userId ? '已删除的用户' : '系统'),
  },
  {
    title: '操作',
    dataIndex: 'action',
    width: 100,
    render: (v: string) => <Tag>{ACTION_LABELS[v] ?? v}</Tag>,
  },
  { title: '对象类型', dataIndex: 'subjectType', width: 120, render: (v: string) => SUBJECT_LABELS[v] ?? v },
  { title: '对象', dataIndex: 'subjectLabel', width: 240, render: (v: string | null) => v ?? '—' },
  { title: '区域', dataIndex: 'regionName', width: 120, render: (v: string | null) => v ?? '—' },
  { title: 'IP', dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
];

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(
    KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k) as string]] : [])),
  );
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const list = useQuery({
    queryKey: ['audit', filters, page, pageSize],
    queryFn: () => api.get<Page<AuditView>>('/audit', { ...filters, page, pageSize }),
    placeholderData: (prev) => prev,
  });
  const set = (patch: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  };
  const range: [Dayjs, Dayjs] | null =
    filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null;

  return (
    <>
      <Typography.Title level={4}>审计日志</Typography.Title>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6} lg={4}>
          <Select
            allowClear
            placeholder="对象类型"
            value={filters.subjectType}
            onChange={(v?: string) => set({ subjectType: v })}
            options={Object.entries(SUBJECT_LABELS).map(([value, label]) => ({ value, label }))}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Select
            allowClear
            placeholder="操作"
            value={filters.action}
            onChange={(v?: string) => set({ action: v })}
            options={Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label }))}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Input.Search
            allowClear
            placeholder="用户名"
            defaultValue={filters.username}
            onSearch={(v) => set({ username: v.trim() || undefined })}
          />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Input.Search
            allowClear
            placeholder="对象编号"
            defaultValue={filters.subjectId}
            onSearch={(v) => set({ subjectId: v.trim() || undefined })}
          />
        </Col>
        <Col xs={24} md={12} lg={6}>
          <DatePicker.RangePicker
            value={range}
            onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={24} md={6} lg={2}>
          <Button block onClick={() => setParams(new URLSearchParams())}>
            重置
          </Button>
        </Col>
      </Row>
      {list.isError ? (
        <ErrorResult error={list.error} retry={() => list.refetch()} />
      ) : (
        <ResponsiveTable<AuditView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 1100 }}
          expandable={{
            expandedRowRender: (r) => (
              <ChangeTable before={r.before} after={r.after} labels={FIELD_LABELS} names={r.names} />
            ),
            rowExpandable: (r) => r.before != null || r.after != null,
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 条`,
            onChange: (p, s) => set({ page: String(s === pageSize ? p : 1), pageSize: String(s) }, true),
          }}
        />
      )}
    </>
  );
}
