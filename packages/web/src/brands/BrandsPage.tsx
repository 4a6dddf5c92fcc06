import { DownloadOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import {
  BRAND_KIND_LABELS,
  BRAND_KINDS,
  BRAND_STATUS_LABELS,
  BRAND_STATUSES,
  type BrandCertView,
} from '@nongan/shared/brands/schemas';
import { Button, Card, Col, Input, Progress, Row, Select, Space, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { useUrlQuery } from '../campaigns/ListQuery.ts';
import { downloadUrl } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { PagedList } from '../common/PagedList.tsx';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { DecisionsTab } from './DecisionsTab.tsx';
import { productsText, StatusTag } from './parts.tsx';
import { BRAND_EDITORS, BRAND_REVIEWERS, useCertList, useProgress, useReminders } from './queries.ts';
import { RegionalTab } from './RegionalTab.tsx';
import { RegisterModal } from './RegisterModal.tsx';
import { SettingsModal } from './SettingsModal.tsx';

const columns: ColumnsType<BrandCertView> = [
  {
    title: '证书编号',
    dataIndex: 'certNo',
    width: 170,
    render: (v: string, r) => <Link to={`/brands/${r.id}`}>{v}</Link>,
  },
  { title: '类别', dataIndex: 'kindLabel', width: 130 },
  { title: '获证主体', dataIndex: 'entityName', width: 200, ellipsis: true },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  { title: '产品', dataIndex: 'products', width: 130, ellipsis: true, render: productsText },
  { title: '发证日期', dataIndex: 'issuedOn', width: 110 },
  { title: '有效期至', dataIndex: 'validUntil', width: 110 },
  { title: '状态', dataIndex: 'status', width: 100, render: (_, r) => <StatusTag c={r} /> },
];

function ProgressCard() {
  const year = new Date().getFullYear();
  const p = useProgress(year);
  if (p.isError) return <ErrorResult error={p.error} retry={() => p.refetch()} />;
  const d = p.data;
  const pct = d?.target ? Math.min(100, Math.round((d.done / d.target) * 100)) : 0;
  return (
    <Card
      size="small"
      title={`${year}年新增品牌认证进度`}
      loading={p.isPending}
      style={{ marginBottom: 12 }}
      data-testid="brand-progress"
    >
      {d && (
        <Row gutter={[16, 8]} align="middle">
          <Col xs={24} md={8}>
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text>
                已新增 <Typography.Text strong>{d.done}</Typography.Text> 个
                {d.target !== null ? ` / 目标 ${d.target} 个` : '（未设年度目标）'}
              </Typography.Text>
              {d.target !== null && <Progress percent={pct} status={pct >= 100 ? 'success' : 'active'} />}
            </Space>
          </Col>
          <Col xs={24} md={16}>
            <Space wrap size={[4, 4]}>
              {d.byKind.map((k) => (
                <Tag key={k.kind}>
                  {k.label} {k.done}
                  {k.target !== null ? ` / ${k.target}` : ''}
                </Tag>
              ))}
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }}>
              {d.source}
            </Typography.Paragraph>
          </Col>
        </Row>
      )}
    </Card>
  );
}

function CertList() {
  const { q, set } = useUrlQuery(['kind', 'status', 'townCode', 'q', 'tab'] as const);
  const { tab: _, ...query } = q;
  const list = useCertList(query);
  const navigate = useNavigate();
  const me = useMe();
  const district = can(me.data?.user, BRAND_EDITORS);
  return (
    <>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={5} lg={4}>
          <Select
            allowClear
            aria-label="认证类别"
            placeholder="认证类别"
            options={BRAND_KINDS.map((k) => ({ value: k, label: BRAND_KIND_LABELS[k] }))}
            value={q.kind}
            onChange={(v?: string) => set({ kind: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={5} lg={4}>
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            options={BRAND_STATUSES.map((s) => ({ value: s, label: BRAND_STATUS_LABELS[s] }))}
            value={q.status}
            onChange={(v?: string) => set({ status: v })}
            style={{ width: '100%' }}
          />
        </Col>
        {district && (
          <Col xs={12} md={5} lg={4}>
            <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
        <Col xs={24} md={9} lg={8}>
          <Input.Search
            allowClear
            placeholder="搜索证书编号或主体名称"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
        <Col xs={24} md={24} lg={4}>
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('/brands/certifications/export', {
              kind: q.kind,
              status: q.status,
              townCode: q.townCode,
              q: q.q,
            })}
          >
            导出台账
          </Button>
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="个"
        empty="没有品牌认证"
        columns={columns}
        scrollX={1040}
        onOpen={(r) => navigate(`/brands/${r.id}`)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.entityName}</Typography.Text>
              <StatusTag c={r} />
            </Space>
            <Typography.Text>
              {r.kindLabel} · {productsText(r.products)}
            </Typography.Text>
            <Typography.Text type="secondary">
              {r.certNo} · 有效期至 {r.validUntil} · {r.townName}
            </Typography.Text>
          </>
        )}
      />
    </>
  );
}

function Reminders() {
  const r = useReminders();
  if (r.isError) return <ErrorResult error={r.error} retry={() => r.refetch()} />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        {r.data ? `${r.data.days} 天内到期的认证（提醒天数为本区设置）；请督促获证主体及时续展。` : ''}
      </Typography.Paragraph>
      <ResponsiveTable<BrandCertView>
        rowKey="id"
        size="small"
        loading={r.isPending}
        dataSource={r.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '近期没有到期的认证' }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: '证书编号',
            dataIndex: 'certNo',
            render: (v: string, c) => <Link to={`/brands/${c.id}`}>{v}</Link>,
          },
          { title: '获证主体', dataIndex: 'entityName' },
          { title: '类别', dataIndex: 'kindLabel' },
          { title: '产品', dataIndex: 'products', render: productsText },
          { title: '有效期至', dataIndex: 'validUntil' },
          {
            title: '剩余天数',
            dataIndex: 'daysLeft',
            render: (v: number) => <Tag color={v <= 30 ? 'error' : 'warning'}>{v} 天</Tag>,
          },
        ]}
      />
    </>
  );
}

export function BrandsPage() {
  const me = useMe();
  const user = me.data?.user;
  const editor = can(user, BRAND_EDITORS);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'list';
  const [registering, setRegistering] = useState(false);
  const [settings, setSettings] = useState(false);
  const navigate = useNavigate();
  const tabs = [
    { key: 'list', label: '认证台账', children: <CertList /> },
    { key: 'reminders', label: '到期提醒', children: <Reminders /> },
    { key: 'regional', label: '区域公用品牌', children: <RegionalTab /> },
    ...(can(user, BRAND_REVIEWERS)
      ? [{ key: 'decisions', label: '扶持评优', children: <DecisionsTab /> }]
      : []),
  ];
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>两品一标</Typography.Title>
        {editor && (
          <Space wrap>
            <Button icon={<SettingOutlined />} onClick={() => setSettings(true)}>
              设置
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
              登记认证
            </Button>
          </Space>
        )}
      </div>
      <ProgressCard />
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k })} items={tabs} />
      {editor && (
        <RegisterModal
          open={registering}
          onClose={() => setRegistering(false)}
          onDone={(c) => {
            setRegistering(false);
            navigate(`/brands/${c.id}`);
          }}
        />
      )}
      {editor && <SettingsModal open={settings} onClose={() => setSettings(false)} />}
    </>
  );
}
