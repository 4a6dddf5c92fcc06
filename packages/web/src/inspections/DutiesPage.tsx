import { PlusOutlined } from '@ant-design/icons';
import { DUTY_KIND_LABELS, DUTY_STATUS_LABELS } from '@nongan/shared/inspections/schemas';
import { Button, Col, Input, Row, Select, Space, Switch, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import { useMe } from '../auth/session.ts';
import { optionsOf, typeLabel } from '../common/labels.ts';
import { PagedList } from '../common/PagedList.tsx';
import { useUrlQuery } from '../production/queries.ts';
import { DutyKindTag, DutyStatusTag, GridSelect, QuarterSelect, TownFilter } from './parts.tsx';
import { type DutyView, quarterLabel, useDuties } from './queries.ts';

const place = (r: DutyView) => [r.townName, r.villageName, r.gridName].filter(Boolean).join(' · ');

function Action({ r }: { r: DutyView }) {
  if (r.inspectionId) return <Link to={`/inspections/${r.inspectionId}`}>查看记录</Link>;
  return (
    <Link to={`/inspections/new?entityId=${r.entityId}`}>
      <Button type="primary" size="small">
        去巡查
      </Button>
    </Link>
  );
}

const columns: ColumnsType<DutyView> = [
  { title: '状态', dataIndex: 'status', width: 90, render: (_, r) => <DutyStatusTag status={r.status} /> },
  { title: '主体', dataIndex: 'entityName', width: 220, ellipsis: true },
  { title: '主体类型', dataIndex: 'entityType', width: 120, render: (v: string) => typeLabel(v) },
  { title: '任务', dataIndex: 'kind', width: 130, render: (_, r) => <DutyKindTag kind={r.kind} /> },
  { title: '所在地', key: 'place', width: 220, ellipsis: true, render: (_, r) => place(r) },
  { title: '季度', dataIndex: 'quarter', width: 130, render: (v: string) => quarterLabel(v) },
  { title: '截止日期', dataIndex: 'dueDate', width: 110 },
  {
    title: '完成时间',
    dataIndex: 'doneAt',
    width: 110,
    render: (v: string | null) => v?.slice(0, 10) ?? '—',
  },
  { title: '说明', dataIndex: 'reason', width: 260, ellipsis: true, render: (v: string | null) => v ?? '—' },
  { title: '操作', key: 'act', width: 100, fixed: 'right', render: (_, r) => <Action r={r} /> },
];

const KEYS = ['quarter', 'townCode', 'gridCode', 'status', 'kind', 'q', 'mine'] as const;

/** 我的巡查任务: the quarter's duties in scope, overdue first. */
export function DutiesPage() {
  const { q, set } = useUrlQuery(KEYS);
  const navigate = useNavigate();
  const user = useMe().data?.user;
  const district = user?.role === 'district_admin' || user?.role === 'district_staff';
  const townCode = q.townCode ?? (user?.scopeCode?.length === 9 ? user.scopeCode : undefined);
  // No quarter chosen: every quarter, so last quarter's overdue duties stay on top.
  const list = useDuties(q);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>
          巡查任务{q.quarter ? ` · ${quarterLabel(q.quarter)}` : ''}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/inspections/new')}>
          开始巡查
        </Button>
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
        <Col xs={12} md={8} lg={3}>
          <QuarterSelect allowClear value={q.quarter} onChange={(v) => set({ quarter: v })} />
        </Col>
        {district && (
          <Col xs={12} md={8} lg={3}>
            <TownFilter value={q.townCode} onChange={(v) => set({ townCode: v, gridCode: undefined })} />
          </Col>
        )}
        <Col xs={12} md={8} lg={4}>
          <GridSelect townCode={townCode} value={q.gridCode} onChange={(v) => set({ gridCode: v })} />
        </Col>
        <Col xs={12} md={8} lg={3}>
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            options={optionsOf(DUTY_STATUS_LABELS)}
            value={q.status}
            onChange={(v?: string) => set({ status: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={8} lg={3}>
          <Select
            allowClear
            aria-label="任务类型"
            placeholder="任务类型"
            options={optionsOf(DUTY_KIND_LABELS)}
            value={q.kind}
            onChange={(v?: string) => set({ kind: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={8} lg={3} style={{ display: 'flex', alignItems: 'center' }}>
          <Space>
            <Switch
              aria-label="只看我负责的网格"
              checked={q.mine === '1'}
              onChange={(on) => set({ mine: on ? '1' : undefined })}
            />
            <span>我的网格</span>
          </Space>
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="项"
        empty="没有巡查任务"
        columns={columns}
        scrollX={1400}
        rowClassName={(r) => (r.status === 'overdue' ? 'row-overdue' : '')}
        onOpen={(r) =>
          navigate(
            r.inspectionId ? `/inspections/${r.inspectionId}` : `/inspections/new?entityId=${r.entityId}`,
          )
        }
        card={(r) => (
          <>
            <Space wrap size={4}>
              <DutyStatusTag status={r.status} />
              <Typography.Text strong>{r.entityName}</Typography.Text>
              <DutyKindTag kind={r.kind} />
            </Space>
            <Typography.Text type="secondary">
              {typeLabel(r.entityType)} · {place(r)}
            </Typography.Text>
            <Typography.Text type={r.status === 'overdue' ? 'danger' : 'secondary'}>
              截止 {r.dueDate}
              {r.doneAt ? ` · 已于 ${r.doneAt.slice(0, 10)} 完成` : ''}
            </Typography.Text>
            {r.reason && <Typography.Text type="secondary">{r.reason}</Typography.Text>}
          </>
        )}
      />
    </>
  );
}
