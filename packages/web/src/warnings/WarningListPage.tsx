import { DownloadOutlined } from '@ant-design/icons';
import {
  WARNING_KIND_LABELS,
  WARNING_KINDS,
  WARNING_LEVEL_LABELS,
  WARNING_LEVELS,
  WARNING_STATE_LABELS,
  WARNING_STATES,
  type WarningView,
} from '@nongan/shared/warnings/schemas';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Col, Row, Select, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { can, useMe } from '../auth/session.ts';
import { useUrlQuery } from '../campaigns/ListQuery.ts';
import { api, downloadUrl, type Page } from '../common/api.ts';
import { PagedList } from '../common/PagedList.tsx';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { WARNING_SETTINGS_EDITORS } from './queries.ts';
import { LevelTag, StateTag } from './Tags.tsx';
import { WarningDrawer } from './WarningDrawer.tsx';
import { WarningSettingsModal } from './WarningSettingsModal.tsx';

const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

const columnsFor = (open: (id: string) => void): ColumnsType<WarningView> => [
  { title: '级别', dataIndex: 'level', width: 70, render: (v) => <LevelTag level={v} /> },
  { title: '状态', dataIndex: 'state', width: 80, render: (v) => <StateTag state={v} /> },
  {
    title: '类型',
    dataIndex: 'kind',
    width: 150,
    render: (v: WarningView['kind']) => WARNING_KIND_LABELS[v],
  },
  {
    title: '对象',
    dataIndex: 'subject',
    width: 200,
    ellipsis: true,
    render: (v: string, r) => <Typography.Link onClick={() => open(r.id)}>{v}</Typography.Link>,
  },
  { title: '说明', dataIndex: 'summary', width: 380, ellipsis: true },
  { title: '责任', dataIndex: 'ownerLabel', width: 150 },
  { title: '最近发现', dataIndex: 'lastSeen', width: 140, render: time },
];

/** 预警: warnings raised by the rules for the user's area; open ones first, serious first. */
export function WarningListPage() {
  const { q, set } = useUrlQuery(['state', 'level', 'kind', 'townCode'] as const);
  const state = q.state ?? 'active';
  const query = { ...q, state: state === 'all' ? undefined : state };
  const list = useQuery({
    queryKey: ['warnings', 'list', query],
    queryFn: () => api.get<Page<WarningView>>('/warnings', query),
    placeholderData: keepPreviousData,
  });
  const user = useMe().data?.user;
  const townLocked = user?.role === 'town_supervisor';
  const [openId, setOpenId] = useState<string | null>(null);
  const [settings, setSettings] = useState(false);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>预警</Typography.Title>
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('/warnings/export', { ...query, page: undefined, pageSize: undefined })}
          >
            导出台账
          </Button>
          <Button onClick={() => setSettings(true)}>预警阈值</Button>
        </Space>
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6} lg={4}>
          <Select
            aria-label="状态"
            options={[
              { value: 'active', label: '未解除' },
              ...WARNING_STATES.map((s) => ({ value: s, label: WARNING_STATE_LABELS[s] })),
              { value: 'all', label: '全部' },
            ]}
            value={state}
            onChange={(v: string) => set({ state: v === 'active' ? undefined : v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Select
            allowClear
            aria-label="级别"
            placeholder="级别"
            options={WARNING_LEVELS.map((l) => ({ value: l, label: WARNING_LEVEL_LABELS[l] }))}
            value={q.level}
            onChange={(v?: string) => set({ level: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={6} lg={5}>
          <Select
            allowClear
            aria-label="类型"
            placeholder="类型"
            options={WARNING_KINDS.map((k) => ({ value: k, label: WARNING_KIND_LABELS[k] }))}
            value={q.kind}
            onChange={(v?: string) => set({ kind: v })}
            style={{ width: '100%' }}
          />
        </Col>
        {!townLocked && (
          <Col xs={12} md={6} lg={4}>
            <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        empty="没有预警"
        columns={columnsFor(setOpenId)}
        scrollX={1200}
        onOpen={(r) => setOpenId(r.id)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <LevelTag level={r.level} />
              <StateTag state={r.state} />
              <Typography.Text strong>{WARNING_KIND_LABELS[r.kind]}</Typography.Text>
            </Space>
            <Typography.Text>{r.subject}</Typography.Text>
            <Typography.Text type="secondary">{r.summary}</Typography.Text>
            <Typography.Text type="secondary">
              {r.ownerLabel} · {time(r.lastSeen)}
            </Typography.Text>
          </>
        )}
      />
      <WarningDrawer id={openId} onClose={() => setOpenId(null)} />
      <WarningSettingsModal
        open={settings}
        editable={can(user, WARNING_SETTINGS_EDITORS)}
        onClose={() => setSettings(false)}
      />
    </>
  );
}
