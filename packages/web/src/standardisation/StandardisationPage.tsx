import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  BASE_STATUS_LABELS,
  BASE_STATUSES,
  BASE_TYPE_LABELS,
  BASE_TYPES,
  type BaseView,
  type ProcedureView,
  VERSION_STATUS_LABELS,
  VERSION_STATUSES,
} from '@nongan/shared/standardisation/schemas';
import { Button, Col, Input, Row, Select, Space, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { useUrlQuery } from '../campaigns/ListQuery.ts';
import { downloadUrl } from '../common/api.ts';
import { PagedList } from '../common/PagedList.tsx';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { ProductSelect } from '../sampling/parts.tsx';
import { BaseForm } from './BaseForm.tsx';
import { MinePage } from './MinePage.tsx';
import { ProcedureForm } from './ProcedureForm.tsx';
import { BaseStatusTag, productNames, VersionTag } from './parts.tsx';
import { STD_OFFICE, useBases, useProcedures } from './queries.ts';
import { ReachPanel } from './ReachPanel.tsx';
import { TargetCards } from './TargetCards.tsx';

const KEYS = ['tab', 'q', 'status', 'product', 'type', 'townCode', 'procedureId'] as const;

/** 标准化生产: targets on top; procedures, bases and the household reach table in tabs. */
export function StandardisationPage() {
  const me = useMe();
  const { q, set } = useUrlQuery(KEYS);
  if (me.data?.user.role === 'producer') return <MinePage />;
  const tab = q.tab ?? 'procedures';
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>标准化生产</Typography.Title>
      </div>
      <TargetCards />
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k })}
        items={[
          {
            key: 'procedures',
            label: '生产技术规程',
            children: tab === 'procedures' && <Procedures q={q} set={set} />,
          },
          {
            key: 'reach',
            label: '标准化入户率',
            children: tab === 'reach' && (
              <ReachPanel
                procedureId={q.procedureId}
                onProcedure={(v) => set({ tab: 'reach', procedureId: v })}
              />
            ),
          },
          {
            key: 'bases',
            label: '示范基地（三园两场）',
            children: tab === 'bases' && <Bases q={q} set={set} />,
          },
        ]}
      />
    </>
  );
}

type UrlQ = ReturnType<typeof useUrlQuery<(typeof KEYS)[number]>>;

const procColumns: ColumnsType<ProcedureView> = [
  {
    title: '编号',
    dataIndex: 'number',
    width: 150,
    render: (v: string, r) => <Link to={`/standardisation/procedures/${r.id}`}>{v}</Link>,
  },
  { title: '名称', dataIndex: 'title', width: 240 },
  { title: '适用产品', dataIndex: 'products', width: 200, render: productNames },
  {
    title: '最新版本',
    dataIndex: 'latestVersion',
    width: 150,
    render: (v: number, r) => (
      <Space size={4}>
        第{v}版<VersionTag status={r.latestStatus} />
      </Space>
    ),
  },
  {
    title: '现行版本',
    dataIndex: 'currentVersion',
    width: 90,
    render: (v: number | null) => (v ? `第${v}版` : '无'),
  },
  { title: '发布日期', dataIndex: 'publishedOn', width: 110, render: (v: string | null) => v ?? '—' },
  { title: '已发放（户）', dataIndex: 'handedOut', width: 100, align: 'right' },
];

function Procedures({ q, set }: UrlQ) {
  const list = useProcedures({
    q: q.q,
    status: q.status,
    product: q.product,
    page: q.page,
    pageSize: q.pageSize,
  });
  const me = useMe();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const filters = { q: q.q, status: q.status, product: q.product };
  return (
    <>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={5} lg={4}>
          <Select
            allowClear
            aria-label="版本状态"
            placeholder="版本状态"
            options={VERSION_STATUSES.map((s) => ({ value: s, label: VERSION_STATUS_LABELS[s] }))}
            value={q.status}
            onChange={(v?: string) => set({ status: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={5} lg={4}>
          <ProductSelect
            allowClear
            placeholder="适用产品"
            value={q.product}
            onChange={(v) => set({ product: v })}
          />
        </Col>
        <Col xs={24} md={8} lg={7}>
          <Input.Search
            allowClear
            placeholder="搜索编号或名称"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
        <Col xs={24} md={6} lg={9} style={{ textAlign: 'right' }}>
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              href={downloadUrl('/standardisation/procedures/export', filters)}
            >
              导出
            </Button>
            {can(me.data?.user, STD_OFFICE) && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                新建规程
              </Button>
            )}
          </Space>
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="项"
        empty="还没有生产技术规程"
        columns={procColumns}
        scrollX={1050}
        onOpen={(r) => navigate(`/standardisation/procedures/${r.id}`)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.title}</Typography.Text>
              <VersionTag status={r.latestStatus} />
            </Space>
            <Typography.Text type="secondary">
              {r.number} · 第{r.latestVersion}版 · {productNames(r.products)}
            </Typography.Text>
            <Typography.Text type="secondary">已发放 {r.handedOut} 户</Typography.Text>
          </>
        )}
      />
      {creating && (
        <ProcedureForm
          open
          onClose={(saved) => {
            setCreating(false);
            if (saved) navigate(`/standardisation/procedures/${saved.id}`);
          }}
        />
      )}
    </>
  );
}

const baseColumns: ColumnsType<BaseView> = [
  {
    title: '基地名称',
    dataIndex: 'name',
    width: 180,
    render: (v: string, r) => <Link to={`/standardisation/bases/${r.id}`}>{v}</Link>,
  },
  { title: '类型', dataIndex: 'type', width: 160, render: (v: BaseView['type']) => BASE_TYPE_LABELS[v] },
  { title: '主体', dataIndex: 'entityName', width: 190 },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  { title: '产品', dataIndex: 'products', width: 110, render: productNames },
  {
    title: '面积（亩）',
    dataIndex: 'area',
    width: 90,
    align: 'right',
    render: (v: number | null) => v ?? '—',
  },
  { title: '认定年度', dataIndex: 'designatedYear', width: 90 },
  {
    title: '状态',
    dataIndex: 'status',
    width: 100,
    render: (v: BaseView['status']) => <BaseStatusTag status={v} />,
  },
  { title: '最近评价', dataIndex: 'lastEvaluatedOn', width: 100, render: (v: string | null) => v ?? '—' },
];

function Bases({ q, set }: UrlQ) {
  const list = useBases({
    q: q.q,
    type: q.type,
    status: q.status,
    townCode: q.townCode,
    page: q.page,
    pageSize: q.pageSize,
  });
  const me = useMe();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const townLocked = me.data?.user.role === 'town_supervisor' || me.data?.user.role === 'village_coordinator';
  const filters = { q: q.q, type: q.type, status: q.status, townCode: q.townCode };
  return (
    <>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={5} lg={4}>
          <Select
            allowClear
            aria-label="类型"
            placeholder="类型"
            options={BASE_TYPES.map((s) => ({ value: s, label: BASE_TYPE_LABELS[s] }))}
            value={q.type}
            onChange={(v?: string) => set({ type: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={4} lg={3}>
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            options={BASE_STATUSES.map((s) => ({ value: s, label: BASE_STATUS_LABELS[s] }))}
            value={q.status}
            onChange={(v?: string) => set({ status: v })}
            style={{ width: '100%' }}
          />
        </Col>
        {!townLocked && (
          <Col xs={12} md={4} lg={3}>
            <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
        <Col xs={townLocked ? 24 : 12} md={6} lg={6}>
          <Input.Search
            allowClear
            placeholder="搜索基地或主体名称"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
        <Col xs={24} md={5} lg={8} style={{ textAlign: 'right' }}>
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={downloadUrl('/standardisation/bases/export', filters)}>
              导出
            </Button>
            {can(me.data?.user, STD_OFFICE) && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                认定示范基地
              </Button>
            )}
          </Space>
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="个"
        empty="还没有示范基地"
        columns={baseColumns}
        scrollX={1060}
        onOpen={(r) => navigate(`/standardisation/bases/${r.id}`)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.name}</Typography.Text>
              <BaseStatusTag status={r.status} />
            </Space>
            <Typography.Text type="secondary">
              {BASE_TYPE_LABELS[r.type]} · {r.designatedYear} 年认定
            </Typography.Text>
            <Typography.Text type="secondary">
              {r.entityName} · {r.townName}
            </Typography.Text>
          </>
        )}
      />
      {creating && (
        <BaseForm
          onClose={(id) => {
            setCreating(false);
            if (id) navigate(`/standardisation/bases/${id}`);
          }}
        />
      )}
    </>
  );
}
