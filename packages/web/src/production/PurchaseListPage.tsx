import { PlusOutlined } from '@ant-design/icons';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import {
  INPUT_KIND_LABELS,
  PRODUCTION_WRITERS,
  PURCHASE_UNIT_LABELS,
  type PurchaseUnit,
} from '@nongan/shared/trace/production';
import { Button, Col, DatePicker, Input, Row, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { optionsOf } from '../common/labels.ts';
import { PagedList } from '../common/PagedList.tsx';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { PurchaseModal } from './PurchaseModal.tsx';
import { kindLabel, StorePicker } from './parts.tsx';
import { dateOf, type PurchaseView, usePurchasePage, useUrlQuery } from './queries.ts';

const unitLabel = (u: string) => PURCHASE_UNIT_LABELS[u as PurchaseUnit] ?? u;
const inputCell = (p: PurchaseView) => (
  <Space size={4} wrap>
    <span>{p.input}</span>
    {p.inputName && p.inputName !== p.input && (
      <Typography.Text type="secondary">（{p.inputName}）</Typography.Text>
    )}
    {p.banned && <Tag color="red">有禁用范围</Tag>}
    {!p.inputCode && <Tag color="orange">参考数据外</Tag>}
  </Space>
);

const columns: ColumnsType<PurchaseView> = [
  { title: '购买日期', dataIndex: 'purchasedOn', width: 110 },
  {
    title: '购买主体',
    dataIndex: 'entityName',
    width: 200,
    ellipsis: true,
    render: (v: string | null, p) => <Link to={`/entities/${p.entityId}`}>{v ?? MISSING_NAME.entity}</Link>,
  },
  { title: '投入品', key: 'input', width: 240, render: (_, p) => inputCell(p) },
  { title: '类别', dataIndex: 'kind', width: 70, render: kindLabel },
  {
    title: '数量',
    key: 'qty',
    width: 110,
    align: 'right',
    render: (_, p) => `${p.quantity} ${unitLabel(p.unit)}`,
  },
  {
    title: '农资店/购买地点',
    key: 'store',
    width: 200,
    ellipsis: true,
    render: (_, p) => (
      <Space size={4}>
        <span>{p.storeName ?? '—'}</span>
        {p.storeId && <Tag>名录</Tag>}
      </Space>
    ),
  },
  {
    title: '登记时间',
    dataIndex: 'createdAt',
    width: 140,
    render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
  },
];

const KEYS = ['q', 'kind', 'entityId', 'storeId', 'from', 'to'] as const;

export function PurchaseListPage() {
  const { q, set } = useUrlQuery(KEYS);
  const user = useMe().data?.user;
  const writer = can(user, PRODUCTION_WRITERS);
  const producer = user?.role === 'producer';
  const [adding, setAdding] = useState(false);
  const list = usePurchasePage(q);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>投入品购买</Typography.Title>
        {writer && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            登记购买
          </Button>
        )}
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={8} lg={5}>
          <Input.Search
            allowClear
            aria-label="投入品或购买地点"
            placeholder="投入品或购买地点"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
        <Col xs={12} md={4} lg={3}>
          <Select
            allowClear
            aria-label="类别"
            placeholder="类别"
            options={optionsOf(INPUT_KIND_LABELS)}
            value={q.kind}
            onChange={(v?: string) => set({ kind: v })}
            style={{ width: '100%' }}
          />
        </Col>
        {!producer && (
          <Col xs={24} md={8} lg={5}>
            <EntityPicker value={q.entityId} onChange={(v) => set({ entityId: v })} />
          </Col>
        )}
        <Col xs={24} md={8} lg={5}>
          <StorePicker
            placeholder="农资店（查看其销售）"
            value={q.storeId}
            onChange={(v) => set({ storeId: v })}
          />
        </Col>
        <Col xs={24} md={8} lg={6}>
          <DatePicker.RangePicker
            aria-label="购买日期"
            value={q.from && q.to ? [dayjs(q.from), dayjs(q.to)] : null}
            onChange={(r) => set({ from: dateOf(r?.[0]), to: dateOf(r?.[1]) })}
            style={{ width: '100%' }}
          />
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        empty="没有购买记录"
        columns={columns}
        scrollX={1100}
        card={(p) => (
          <>
            {inputCell(p)}
            <Typography.Text type="secondary">
              {p.entityName} · {p.quantity} {unitLabel(p.unit)}
            </Typography.Text>
            <Typography.Text type="secondary">
              {p.purchasedOn} · {p.storeName ?? '—'}
            </Typography.Text>
          </>
        )}
      />
      {writer && user && <PurchaseModal user={user} open={adding} onClose={() => setAdding(false)} />}
    </>
  );
}
