import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { EntityView } from '@nongan/shared/entities/schemas';
import { DIRECTORY_EXPORTERS } from '@nongan/shared/entities/visibility';
import { Button, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { can, DIRECTORY_EDITORS, useMe } from '../auth/session.ts';
import { downloadUrl } from '../common/api.ts';
import { industryLabel, RISK_COLORS, riskLabel, typeLabel } from '../common/labels.ts';
import { PagedList } from '../common/PagedList.tsx';
import { EntityFilterBar } from './EntityFilterBar.tsx';
import { FieldAccessNote } from './FieldAccessNote.tsx';
import { ImportModal } from './ImportModal.tsx';
import { type EntityFilters, filtersFrom, useEntityPage } from './queries.ts';

const yesNo = (v: boolean) => (v ? <Tag color="green">是</Tag> : <Tag>否</Tag>);
const status = (e: EntityView) => (e.active ? <Tag color="blue">启用</Tag> : <Tag color="default">停用</Tag>);

const columns: ColumnsType<EntityView> = [
  {
    title: '名称',
    dataIndex: 'name',
    fixed: 'left',
    width: 200,
    render: (v: string, e) => <Link to={`/entities/${e.id}`}>{v}</Link>,
  },
  { title: '类型', dataIndex: 'type', width: 120, render: typeLabel },
  { title: '统一社会信用代码', dataIndex: 'creditCode', width: 190, render: (v: string | null) => v ?? '—' },
  { title: '镇街', dataIndex: 'townName', width: 100 },
  { title: '村', dataIndex: 'villageName', width: 110, render: (v: string | null) => v ?? '—' },
  { title: '负责人', dataIndex: 'legalRep', width: 90 },
  { title: '电话', dataIndex: 'phone', width: 130 },
  {
    title: '行业',
    dataIndex: 'industries',
    width: 140,
    render: (v: string[]) => v.map(industryLabel).join('、'),
  },
  { title: '合格证试行', dataIndex: 'certificateTrial', width: 100, render: yesNo },
  { title: '追溯', dataIndex: 'traceManaged', width: 80, render: yesNo },
  {
    title: '风险等级',
    dataIndex: 'riskGrade',
    width: 100,
    render: (v: string) => <Tag color={RISK_COLORS[v]}>{riskLabel(v)}</Tag>,
  },
  { title: '状态', key: 'active', width: 80, render: (_, e) => status(e) },
];

export function EntityListPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const editor = can(me.data?.user, DIRECTORY_EDITORS);
  const [importOpen, setImportOpen] = useState(false);
  const filters = filtersFrom(params);
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const list = useEntityPage(filters, page, pageSize);

  const setFilters = (patch: EntityFilters) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    next.delete('page'); // new filters start at page 1
    setParams(next);
  };
  const setPage = (to: { page: number; pageSize: number }) => {
    const next = new URLSearchParams(params);
    next.set('page', String(to.page));
    next.set('pageSize', String(to.pageSize));
    setParams(next);
  };

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>主体名录</Typography.Title>
        <Space wrap>
          {editor && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/entities/new')}>
              新增主体
            </Button>
          )}
          {editor && (
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
              导入
            </Button>
          )}
          {can(me.data?.user, DIRECTORY_EXPORTERS) && (
            <Button icon={<DownloadOutlined />} href={downloadUrl('/entities/export', filters)}>
              导出
            </Button>
          )}
          {editor && <Button href={downloadUrl('/entities/import/template')}>下载模板</Button>}
        </Space>
      </div>
      <FieldAccessNote role={me.data?.user.role} />
      <EntityFilterBar filters={filters} onChange={setFilters} />
      <PagedList
        list={list}
        query={{ page, pageSize }}
        onPage={setPage}
        unit="个主体"
        empty="没有符合条件的主体"
        columns={columns}
        scrollX={1500}
        onOpen={(e) => navigate(`/entities/${e.id}`)}
        card={(e) => (
          <>
            <Link to={`/entities/${e.id}`} style={{ fontWeight: 600 }}>
              {e.name}
            </Link>
            <Space wrap size={4}>
              <Tag>{typeLabel(e.type)}</Tag>
              <Tag color={RISK_COLORS[e.riskGrade]}>{riskLabel(e.riskGrade)}</Tag>
              {status(e)}
              {e.certificateTrial && <Tag color="green">合格证试行</Tag>}
              {e.traceManaged && <Tag color="green">追溯</Tag>}
            </Space>
            <Typography.Text type="secondary">
              {e.townName}
              {e.villageName ? ` · ${e.villageName}` : ''} · {e.legalRep} {e.phone}
            </Typography.Text>
            <Typography.Text type="secondary">{e.industries.map(industryLabel).join('、')}</Typography.Text>
          </>
        )}
      />
      <ImportModal open={importOpen} onClose={() => setImportOpen(false)} />
    </>
  );
}
