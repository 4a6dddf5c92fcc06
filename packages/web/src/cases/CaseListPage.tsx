import { DownloadOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import {
  CASE_SETTINGS_EDITORS,
  CASE_SOURCE_LABELS,
  CASE_WRITERS,
  type CaseSource,
} from '@nongan/shared/cases/schemas';
import { CASE_STATE_LABELS } from '@nongan/shared/cases/states';
import { Button, Col, Input, Row, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { downloadUrl } from '../common/api.ts';
import { optionsOf } from '../common/labels.ts';
import { PagedList } from '../common/PagedList.tsx';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { useUrlQuery } from '../production/queries.ts';
import { type CasePreset, OpenCaseModal } from './OpenCaseModal.tsx';
import { CaseStateTag, OverdueTag } from './parts.tsx';
import './cases.css';
import { type CaseView, useCasePage, useCaseSettings } from './queries.ts';
import { SettingsModal } from './SettingsModal.tsx';

const party = (r: CaseView) => r.entityName ?? r.partyName ?? '—';
const source = (r: CaseView) =>
  `${CASE_SOURCE_LABELS[r.sourceType as CaseSource] ?? '其他'}：${r.sourceLabel}`;

const columns: ColumnsType<CaseView> = [
  {
    title: '案件编号',
    dataIndex: 'caseNo',
    fixed: 'left',
    width: 190,
    render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link>,
  },
  { title: '案由', dataIndex: 'title', width: 170, ellipsis: true },
  { title: '当事人', key: 'party', width: 160, ellipsis: true, render: (_, r) => party(r) },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  { title: '来源', key: 'source', width: 160, ellipsis: true, render: (_, r) => source(r) },
  {
    title: '状态',
    dataIndex: 'state',
    width: 130,
    render: (v: string, r) => (
      <Space size={0}>
        <CaseStateTag state={v} />
        <OverdueTag overdue={r.overdue} />
      </Space>
    ),
  },
  { title: '本阶段期限', dataIndex: 'dueOn', width: 110, render: (v: string | null) => v ?? '—' },
  {
    title: '移送公安',
    dataIndex: 'transferred',
    width: 90,
    render: (v: boolean) => (v ? <Tag color="volcano">已移送</Tag> : '—'),
  },
  {
    title: '立案时间',
    dataIndex: 'createdAt',
    width: 100,
    render: (v: string) => dayjs(v).format('YYYY-MM-DD'),
  },
];

const KEYS = ['q', 'state', 'townCode', 'overdue'] as const;
const STATE_OPTIONS = [{ value: 'open', label: '办理中（未结案）' }, ...optionsOf(CASE_STATE_LABELS)];

export function CaseListPage() {
  const { q, set } = useUrlQuery(KEYS);
  const navigate = useNavigate();
  const user = useMe().data?.user;
  const writer = can(user, CASE_WRITERS);
  const townLocked = user?.role === 'town_supervisor';
  const list = useCasePage(q);
  const settings = useCaseSettings();
  const [preset, setPreset] = useState<CasePreset | null>(null);
  const [editing, setEditing] = useState(false);
  const { page: _p, pageSize: _s, ...filters } = q;
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>案件</Typography.Title>
        <Space wrap>
          {can(user, CASE_SETTINGS_EDITORS) && (
            <Button icon={<SettingOutlined />} onClick={() => setEditing(true)}>
              期限设置
            </Button>
          )}
          <Button icon={<DownloadOutlined />} href={downloadUrl('/cases/export', filters)}>
            导出 Excel
          </Button>
          {writer && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setPreset({ sourceType: 'manual' })}
            >
              立案
            </Button>
          )}
        </Space>
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={8} lg={6}>
          <Input.Search
            allowClear
            aria-label="案件编号、案由或当事人"
            placeholder="案件编号、案由或当事人"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Select
            allowClear
            aria-label="状态"
            placeholder="状态"
            options={STATE_OPTIONS}
            value={q.state}
            onChange={(v?: string) => set({ state: v })}
            style={{ width: '100%' }}
          />
        </Col>
        {!townLocked && (
          <Col xs={12} md={6} lg={4}>
            <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
        <Col xs={12} md={6} lg={4}>
          <Select
            allowClear
            aria-label="是否逾期"
            placeholder="是否逾期"
            options={[
              { value: 'true', label: '仅看逾期' },
              { value: 'false', label: '未逾期' },
            ]}
            value={q.overdue}
            onChange={(v?: string) => set({ overdue: v })}
            style={{ width: '100%' }}
          />
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="件"
        empty="没有案件"
        columns={columns}
        scrollX={1170}
        rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
        onOpen={(r) => navigate(`/cases/${r.id}`)}
        cardStyle={(r) => (r.overdue ? { borderColor: '#ff4d4f' } : undefined)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.title}</Typography.Text>
              <CaseStateTag state={r.state} />
              <OverdueTag overdue={r.overdue} />
              {r.transferred && <Tag color="volcano">已移送公安</Tag>}
            </Space>
            <Typography.Text type="secondary">
              {party(r)} · {r.townName ?? '—'}
            </Typography.Text>
            <Typography.Text type="secondary">
              {r.caseNo} · 期限 {r.dueOn ?? '—'}
            </Typography.Text>
          </>
        )}
      />
      {settings.data && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          各阶段期限：登记 {settings.data.stateDays.registered} 天、调查{' '}
          {settings.data.stateDays.investigating} 天、决定 {settings.data.stateDays.decided} 天、执行{' '}
          {settings.data.stateDays.executed} 天；控制批次 {settings.data.holdDays} 天。{settings.data.note}
        </Typography.Paragraph>
      )}
      <OpenCaseModal preset={preset} onClose={() => setPreset(null)} />
      <SettingsModal open={editing} onClose={() => setEditing(false)} />
    </>
  );
}
