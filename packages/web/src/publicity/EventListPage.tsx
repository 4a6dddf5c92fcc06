import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  EVENT_KIND_LABELS,
  EVENT_KINDS,
  type EventSummary,
  type EventView,
} from '@nongan/shared/publicity/schemas';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Col, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { useMe } from '../auth/session.ts';
import { useUrlQuery } from '../campaigns/ListQuery.ts';
import { api, downloadUrl, type Page } from '../common/api.ts';
import { PagedList } from '../common/PagedList.tsx';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { EventDrawer } from './EventDrawer.tsx';
import { EventFormModal } from './EventFormModal.tsx';

const columns: ColumnsType<EventView> = [
  { title: '活动名称', dataIndex: 'title', width: 220 },
  { title: '类型', dataIndex: 'kindLabel', width: 180, render: (v: string) => <Tag color="blue">{v}</Tag> },
  {
    title: '日期',
    width: 180,
    render: (_, r) => (r.startOn === r.endOn ? r.startOn : `${r.startOn} 至 ${r.endOn}`),
  },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  { title: '地点', dataIndex: 'place', width: 180, ellipsis: true },
  { title: '受众（人）', dataIndex: 'peopleReached', width: 100, align: 'right' },
  { title: '咨询（人次）', dataIndex: 'consultations', width: 110, align: 'right' },
  {
    title: '发放物资',
    width: 220,
    ellipsis: true,
    render: (_, r) => r.materials.map((m) => `${m.item}×${m.quantity}`).join('，'),
  },
];

export function EventListPage() {
  const thisYear = new Date().getFullYear();
  const { q, set } = useUrlQuery(['kind', 'townCode', 'year', 'q'] as const);
  const year = Number(q.year ?? thisYear);
  const list = useQuery({
    queryKey: ['publicity', 'events', q],
    queryFn: () => api.get<Page<EventView>>('/publicity/events', { ...q, year }),
    placeholderData: keepPreviousData,
  });
  const me = useMe();
  const townLocked = me.data?.user.role === 'town_supervisor';
  const [open, setOpen] = useState<EventView | 'new' | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>宣传活动</Typography.Title>
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen('new')}>
            登记活动
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('/publicity/events/export', {
              kind: q.kind,
              townCode: q.townCode,
              year,
              q: q.q,
            })}
          >
            导出台账
          </Button>
        </Space>
      </div>
      <Summary year={year} />
      <Row gutter={[8, 8]} style={{ margin: '16px 0 12px' }}>
        <Col xs={12} md={4}>
          <Select
            aria-label="年度"
            value={year}
            options={[0, 1, 2, 3, 4, 5].map((n) => ({ value: thisYear - n, label: `${thisYear - n} 年` }))}
            onChange={(v) => set({ year: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={6}>
          <Select
            allowClear
            aria-label="活动类型"
            placeholder="活动类型"
            options={EVENT_KINDS.map((k) => ({ value: k, label: EVENT_KIND_LABELS[k] }))}
            value={q.kind}
            onChange={(v?: string) => set({ kind: v })}
            style={{ width: '100%' }}
          />
        </Col>
        {!townLocked && (
          <Col xs={12} md={4}>
            <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
        <Col xs={24} md={8}>
          <Input.Search
            allowClear
            placeholder="搜索名称、地点或组织单位"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="次"
        empty="本年度还没有登记宣传活动"
        columns={columns}
        scrollX={1300}
        onOpen={(r) => setShown(r.id)}
        card={(r) => (
          <>
            <Typography.Text strong>{r.title}</Typography.Text>
            <Space wrap size={4}>
              <Tag color="blue">{r.kindLabel}</Tag>
              <Typography.Text type="secondary">
                {r.townName} · {r.startOn}
              </Typography.Text>
            </Space>
            <Typography.Text type="secondary">
              受众 {r.peopleReached} 人 · 咨询 {r.consultations} 人次
            </Typography.Text>
          </>
        )}
      />
      {open && <EventFormModal event={open === 'new' ? null : open} onClose={() => setOpen(null)} />}
      {shown && <EventDrawer id={shown} onClose={() => setShown(null)} onEdit={(e) => setOpen(e)} />}
    </>
  );
}

/** The year's totals per kind (chart) and per town and kind (table). */
function Summary({ year }: { year: number }) {
  const s = useQuery({
    queryKey: ['publicity', 'summary', year],
    queryFn: () => api.get<EventSummary>('/publicity/events/summary', { year }),
  });
  const rows = s.data?.rows ?? [];
  const byKind = EVENT_KINDS.map((k) => ({
    label: EVENT_KIND_LABELS[k],
    events: rows.filter((r) => r.kind === k).reduce((a, r) => a + r.events, 0),
    people: rows.filter((r) => r.kind === k).reduce((a, r) => a + r.peopleReached, 0),
  })).filter((k) => k.events > 0);
  const chart = {
    animation: false,
    grid: { left: 8, right: 56, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', min: 0, minInterval: 1 },
    yAxis: {
      type: 'category',
      data: byKind.map((k) => k.label),
      axisLabel: { width: 120, overflow: 'break' },
    },
    series: [
      {
        name: '受众人数',
        type: 'bar',
        data: byKind.map((k) => k.people),
        label: { show: true, position: 'right' },
      },
    ],
  };
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Typography.Title level={5}>{year} 年各类活动受众人数</Typography.Title>
        {byKind.length ? (
          <ReactECharts option={chart} style={{ height: Math.max(160, byKind.length * 40 + 60) }} notMerge />
        ) : (
          <Typography.Text type="secondary">暂无数据</Typography.Text>
        )}
      </Col>
      <Col xs={24} lg={14}>
        <Typography.Title level={5}>{year} 年按镇街和类型汇总</Typography.Title>
        <Table
          size="small"
          rowKey={(r) => `${r.townCode}-${r.kind}`}
          loading={s.isPending}
          dataSource={rows}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          scroll={{ x: 560 }}
          columns={[
            { title: '镇街', dataIndex: 'townName', width: 80 },
            { title: '类型', dataIndex: 'kindLabel', width: 170 },
            { title: '次数', dataIndex: 'events', width: 60, align: 'right' },
            { title: '受众（人）', dataIndex: 'peopleReached', width: 90, align: 'right' },
            { title: '咨询（人次）', dataIndex: 'consultations', width: 100, align: 'right' },
            { title: '物资（件）', dataIndex: 'materials', width: 90, align: 'right' },
          ]}
        />
      </Col>
    </Row>
  );
}
