import { Col, DatePicker, Input, Row, Select, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { useMe } from '../auth/session.ts';
import { PagedList } from '../common/PagedList.tsx';
import { dateOf, useUrlQuery } from '../production/queries.ts';
import { RectStatusTag, TownFilter } from './parts.tsx';
import { type InspectionView, useInspections } from './queries.ts';

const day = (iso: string) => new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
const columns: ColumnsType<InspectionView> = [
  {
    title: '检查日期',
    dataIndex: 'inspectedAt',
    width: 110,
    render: (v: string, r) => <Link to={`/inspections/${r.id}`}>{day(v)}</Link>,
  },
  { title: '主体', dataIndex: 'entityName', width: 220, ellipsis: true },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  {
    title: '村/网格',
    key: 'p',
    width: 160,
    render: (_, r) => [r.villageName, r.gridName].filter(Boolean).join(' · ') || '—',
  },
  {
    title: '结论',
    dataIndex: 'failedCount',
    width: 110,
    render: (v: number) => (v ? <Typography.Text type="danger">{v} 项不合格</Typography.Text> : '全部合格'),
  },
  {
    title: '整改',
    dataIndex: 'rectificationStatus',
    width: 110,
    render: (v: InspectionView['rectificationStatus']) => (v ? <RectStatusTag status={v} /> : '—'),
  },
  { title: '检查人', dataIndex: 'inspectorName', width: 110 },
];

export function InspectionListPage() {
  const { q, set } = useUrlQuery(['q', 'townCode', 'result', 'from', 'to'] as const);
  const navigate = useNavigate();
  const user = useMe().data?.user;
  const district = user?.role === 'district_admin' || user?.role === 'district_staff';
  const list = useInspections(q);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>巡查记录</Typography.Title>
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={8} lg={5}>
          <Input.Search
            allowClear
            aria-label="主体名称"
            placeholder="主体名称"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
        {district && (
          <Col xs={12} md={6} lg={3}>
            <TownFilter value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
        <Col xs={12} md={6} lg={3}>
          <Select
            allowClear
            aria-label="结论"
            placeholder="结论"
            options={[
              { value: 'pass', label: '全部合格' },
              { value: 'fail', label: '有不合格项' },
            ]}
            value={q.result}
            onChange={(v?: string) => set({ result: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={24} md={10} lg={6}>
          <DatePicker.RangePicker
            aria-label="检查日期"
            style={{ width: '100%' }}
            value={q.from && q.to ? [dayjs(q.from), dayjs(q.to)] : null}
            onChange={(v) => set({ from: dateOf(v?.[0]), to: dateOf(v?.[1]) })}
          />
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        empty="没有巡查记录"
        columns={columns}
        scrollX={950}
        onOpen={(r) => navigate(`/inspections/${r.id}`)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.entityName}</Typography.Text>
              {r.rectificationStatus && <RectStatusTag status={r.rectificationStatus} />}
            </Space>
            <Typography.Text type="secondary">
              {day(r.inspectedAt)} · {r.townName} · {r.inspectorName}
            </Typography.Text>
            <Typography.Text type={r.failedCount ? 'danger' : 'secondary'}>
              {r.failedCount ? `${r.failedCount} 项不合格` : '全部合格'}
            </Typography.Text>
          </>
        )}
      />
    </>
  );
}
