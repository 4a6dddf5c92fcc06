import { PlusOutlined } from '@ant-design/icons';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import { LOT_STATUS_LABELS, PRODUCTION_WRITERS } from '@nongan/shared/trace/production';
import { Button, Col, Input, Row, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { optionsOf } from '../common/labels.ts';
import { PagedList } from '../common/PagedList.tsx';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { LotProductSelect, LotStatusTag } from './parts.tsx';
import { type LotView, useLotPage, useUrlQuery } from './queries.ts';

const size = (r: LotView) =>
  [r.area != null ? `${r.area} 亩` : null, r.animals != null ? `${r.animals} 头（只）` : null]
    .filter(Boolean)
    .join(' / ') || '—';

const columns: ColumnsType<LotView> = [
  {
    title: '批次号',
    dataIndex: 'lotNo',
    fixed: 'left',
    width: 200,
    render: (v: string, r) => <Link to={`/production/lots/${r.id}`}>{v}</Link>,
  },
  { title: '生产主体', dataIndex: 'entityName', width: 200, ellipsis: true },
  {
    title: '产品',
    dataIndex: 'productName',
    width: 90,
    render: (v: string | null) => v ?? MISSING_NAME.product,
  },
  {
    title: '地块/圈舍',
    dataIndex: 'plot',
    width: 120,
    ellipsis: true,
    render: (v: string | null) => v ?? '—',
  },
  { title: '面积/数量', key: 'size', width: 120, render: (_, r) => size(r) },
  { title: '开始日期', dataIndex: 'startedOn', width: 110, render: (v: string | null) => v ?? '—' },
  { title: '状态', dataIndex: 'status', width: 110, render: (v: string) => <LotStatusTag status={v} /> },
  { title: '采收/屠宰日期', dataIndex: 'harvestDate', width: 120, render: (v: string | null) => v ?? '—' },
  { title: '使用记录', dataIndex: 'useCount', width: 90, align: 'right' },
  { title: '镇街', dataIndex: 'townName', width: 90 },
];

const KEYS = ['q', 'townCode', 'product', 'status', 'entityId'] as const;

export function LotListPage() {
  const { q, set } = useUrlQuery(KEYS);
  const navigate = useNavigate();
  const user = useMe().data?.user;
  const writer = can(user, PRODUCTION_WRITERS);
  const townLocked = user?.role === 'town_supervisor' || user?.role === 'village_coordinator';
  const producer = user?.role === 'producer';
  const list = useLotPage(q);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>生产批次</Typography.Title>
        {writer && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/production/lots/new')}>
            新建批次
          </Button>
        )}
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={8} lg={6}>
          <Input.Search
            allowClear
            aria-label="批次号或地块"
            placeholder="批次号或地块"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
        {!townLocked && !producer && (
          <Col xs={12} md={8} lg={4}>
            <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
        {!producer && (
          <Col xs={24} md={8} lg={6}>
            <EntityPicker value={q.entityId} onChange={(v) => set({ entityId: v })} />
          </Col>
        )}
        <Col xs={12} md={6} lg={4}>
          <LotProductSelect allowClear value={q.product} onChange={(v) => set({ product: v })} />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            options={optionsOf(LOT_STATUS_LABELS)}
            value={q.status}
            onChange={(v?: string) => set({ status: v })}
            style={{ width: '100%' }}
          />
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        empty="没有生产批次"
        columns={columns}
        scrollX={1300}
        onOpen={(r) => navigate(`/production/lots/${r.id}`)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.productName ?? MISSING_NAME.product}</Typography.Text>
              <LotStatusTag status={r.status} />
              {r.useCount > 0 && <Tag>使用记录 {r.useCount}</Tag>}
            </Space>
            <Typography.Text type="secondary">
              {r.entityName} · {r.plot ?? '—'} · {size(r)}
            </Typography.Text>
            <Typography.Text type="secondary">
              {r.lotNo} · {r.startedOn ?? '—'}
              {r.harvestDate ? ` → ${r.harvestDate}` : ''}
            </Typography.Text>
          </>
        )}
      />
    </>
  );
}
