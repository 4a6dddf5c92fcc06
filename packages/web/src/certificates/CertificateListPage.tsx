import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { STATUS_LABELS, STYLE_LABELS } from '@nongan/shared/certificates/schemas';
import { useQuery } from '@tanstack/react-query';
import { Button, Col, Input, Row, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api, downloadUrl, type Page } from '../common/api.ts';
import { optionsOf } from '../common/labels.ts';
import { PagedList } from '../common/PagedList.tsx';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { LegacyImportModal } from './LegacyImportModal.tsx';
import { basesText, DateRange, ProductInput, StatusTag, StyleTag } from './parts.tsx';
import { type Certificate, fmtQty, ISSUERS } from './queries.ts';

const FILTERS = ['q', 'townCode', 'style', 'status', 'source', 'product', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
const SOURCE_LABELS = { issued: '平台开具', legacy: '旧版导入' };

const columns: ColumnsType<Certificate> = [
  {
    title: '合格证编号',
    dataIndex: 'certNo',
    fixed: 'left',
    width: 190,
    render: (v: string, r) => (
      <Link to={`/certificates/${r.id}`} className="cert-no">
        {v}
      </Link>
    ),
  },
  { title: '状态', dataIndex: 'status', width: 80, render: (v: string) => <StatusTag status={v} /> },
  { title: '开具日期', dataIndex: 'issueDate', width: 110 },
  { title: '产品', dataIndex: 'productName', width: 100 },
  {
    title: '数量',
    key: 'qty',
    width: 110,
    align: 'right',
    render: (_, r) => fmtQty(r.quantity, r.unit),
  },
  {
    title: '开具主体',
    dataIndex: 'entityName',
    width: 200,
    ellipsis: true,
    render: (v: string, r) => (
      <>
        {v}
        {r.onBehalf && <Tag style={{ marginLeft: 4 }}>代开</Tag>}
      </>
    ),
  },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  { title: '类型', dataIndex: 'style', width: 110, render: (v: string) => <StyleTag style={v} /> },
  {
    title: '承诺依据',
    dataIndex: 'bases',
    width: 220,
    ellipsis: true,
    render: (v: string[], r) => (
      <>
        {basesText(v)}
        {r.source === 'legacy' && <Tag style={{ marginLeft: 4 }}>旧版导入</Tag>}
      </>
    ),
  },
  { title: '标签', dataIndex: 'labelCount', width: 70, align: 'right' },
  { title: '已打印', dataIndex: 'printCount', width: 80, align: 'right' },
  {
    title: '撤销原因',
    dataIndex: 'revokeReason',
    width: 180,
    ellipsis: true,
    render: (v: string | null) => v ?? '—',
  },
];

export function CertificateListPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const user = me.data?.user;
  const issuer = can(user, ISSUERS);
  const [importing, setImporting] = useState(false);
  const filters: Filters = {};
  for (const k of FILTERS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, String(v));
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const [text, setText] = useState<string | null>(null);
  const [product, setProduct] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['certificates', 'list', filters, page, pageSize],
    queryFn: () => api.get<Page<Certificate>>('/certificates', { ...filters, page, pageSize }),
    placeholderData: (prev) => prev,
  });
  const townLocked =
    user?.role === 'town_supervisor' || user?.role === 'village_coordinator' || user?.role === 'producer';
  const col = (node: React.ReactNode, lg = 4) => (
    <Col xs={12} md={6} lg={lg}>
      {node}
    </Col>
  );

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>合格证列表</Typography.Title>
        <Space wrap>
          {issuer && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/certificates/new')}>
              开具合格证
            </Button>
          )}
          {issuer && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              导入旧版合格证
            </Button>
          )}
          <Button icon={<DownloadOutlined />} href={downloadUrl('/certificates/export.xlsx', filters)}>
            导出
          </Button>
        </Space>
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={12} lg={6}>
          <Input.Search
            allowClear
            aria-label="搜索"
            placeholder="合格证编号、主体名称、追溯码"
            value={text ?? filters.q ?? ''}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => {
              setText(null);
              set({ q: v.trim() || undefined });
            }}
          />
        </Col>
        {!townLocked &&
          col(<TownSelect value={filters.townCode} onChange={(v) => set({ townCode: v })} />, 3)}
        {col(
          <Select
            allowClear
            aria-label="类型"
            placeholder="类型"
            options={optionsOf(STYLE_LABELS)}
            value={filters.style}
            onChange={(v?: string) => set({ style: v })}
            style={{ width: '100%' }}
          />,
          3,
        )}
        {col(
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            options={optionsOf(STATUS_LABELS)}
            value={filters.status}
            onChange={(v?: string) => set({ status: v })}
            style={{ width: '100%' }}
          />,
          2,
        )}
        {col(
          <Select
            allowClear
            aria-label="来源"
            placeholder="来源"
            options={optionsOf(SOURCE_LABELS)}
            value={filters.source}
            onChange={(v?: string) => set({ source: v })}
            style={{ width: '100%' }}
          />,
          2,
        )}
        {col(
          <ProductInput
            aria-label="产品"
            placeholder="产品"
            allowClear
            value={product ?? filters.product ?? ''}
            onChange={(v) => {
              setProduct(v);
              if (!v) set({ product: undefined });
            }}
            onSelect={(v) => {
              setProduct(null);
              set({ product: v });
            }}
            onBlur={() => {
              if (product !== null) set({ product: product.trim() || undefined });
              setProduct(null);
            }}
          />,
          3,
        )}
        <Col xs={24} md={12} lg={5}>
          <DateRange from={filters.from} to={filters.to} onChange={(from, to) => set({ from, to })} />
        </Col>
      </Row>
      <PagedList
        list={list}
        query={{ page, pageSize }}
        onPage={set}
        unit="张"
        empty="没有合格证"
        columns={columns}
        scrollX={1650}
        rowClassName={(r) => (r.status === 'revoked' ? 'row-revoked' : '')}
        onOpen={(r) => navigate(`/certificates/${r.id}`)}
        cardStyle={(r) => (r.status === 'revoked' ? { background: '#fff1f0' } : undefined)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.productName}</Typography.Text>
              <Typography.Text>{fmtQty(r.quantity, r.unit)}</Typography.Text>
              <StatusTag status={r.status} />
              {r.style === 'buyer' && <StyleTag style={r.style} />}
            </Space>
            <Typography.Text type="secondary">
              {r.entityName} · {r.townName}
            </Typography.Text>
            <Typography.Text type="secondary">
              {r.issueDate} · {r.certNo}
            </Typography.Text>
          </>
        )}
      />
      <LegacyImportModal open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
