import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import { LINK_LABELS, RAPID_METHOD_LABELS } from '@nongan/shared/sampling/tests';
import { Button, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { PagedList } from '../common/PagedList.tsx';
import { ListFilters, useListQuery } from './ListFilters.tsx';
import { ResultTag } from './parts.tsx';
import { FOLLOW_UP_LABELS, type RapidTest, RECORDERS, useRapidPage } from './queries.ts';
import { RapidImportModal } from './RapidImportModal.tsx';

const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');
const party = (r: RapidTest) => r.entityName ?? r.sampledParty ?? '—';

const columns: ColumnsType<RapidTest> = [
  {
    title: '检测编号',
    dataIndex: 'testNo',
    fixed: 'left',
    width: 190,
    render: (v: string, r) => <Link to={`/monitoring/rapid/${r.id}`}>{v}</Link>,
  },
  { title: '检测时间', dataIndex: 'testedAt', width: 140, render: time },
  {
    title: '产品',
    dataIndex: 'productName',
    width: 90,
    render: (v: string | null) => v ?? MISSING_NAME.product,
  },
  { title: '被检对象', key: 'party', width: 180, ellipsis: true, render: (_, r) => party(r) },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  { title: '承担单位', dataIndex: 'holderName', width: 100 },
  { title: '环节', dataIndex: 'link', width: 140, render: (v: keyof typeof LINK_LABELS) => LINK_LABELS[v] },
  {
    title: '方法',
    dataIndex: 'method',
    width: 100,
    render: (v: keyof typeof RAPID_METHOD_LABELS) => RAPID_METHOD_LABELS[v],
  },
  {
    title: '抑制率',
    dataIndex: 'inhibitionRate',
    width: 80,
    align: 'right',
    render: (v: number | null) => (v == null ? '—' : `${v}%`),
  },
  { title: '结果', dataIndex: 'result', width: 70, render: (v: string) => <ResultTag result={v} /> },
  {
    title: '后续处置',
    dataIndex: 'followUp',
    width: 120,
    render: (v: string | null) => (v ? <Tag color="orange">{FOLLOW_UP_LABELS[v] ?? v}</Tag> : '—'),
  },
  { title: '检测人', dataIndex: 'tester', width: 80 },
];

export function RapidListPage() {
  const { q, set } = useListQuery();
  const navigate = useNavigate();
  const me = useMe();
  const user = me.data?.user;
  const recorder = can(user, RECORDERS);
  const [importing, setImporting] = useState(false);
  const list = useRapidPage(q);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>快检记录</Typography.Title>
        {recorder && (
          <Space wrap>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/monitoring/rapid/new')}>
              录入快检
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              批量导入
            </Button>
          </Space>
        )}
      </div>
      <ListFilters
        q={q}
        set={set}
        townLocked={user?.role === 'town_supervisor' || user?.role === 'village_coordinator'}
        results={[
          { value: 'positive', label: '阳性' },
          { value: 'negative', label: '阴性' },
        ]}
      />
      <PagedList
        list={list}
        query={q}
        onPage={set}
        empty="没有快检记录"
        columns={columns}
        scrollX={1500}
        rowClassName={(r) => (r.result === 'positive' ? 'row-fail' : '')}
        onOpen={(r) => navigate(`/monitoring/rapid/${r.id}`)}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{r.productName ?? MISSING_NAME.product}</Typography.Text>
              <ResultTag result={r.result} />
              {r.inhibitionRate != null && <Tag>抑制率 {r.inhibitionRate}%</Tag>}
              {r.followUp && <Tag color="orange">{FOLLOW_UP_LABELS[r.followUp] ?? r.followUp}</Tag>}
            </Space>
            <Typography.Text type="secondary">
              {party(r)} · {r.townName}
            </Typography.Text>
            <Typography.Text type="secondary">
              {time(r.testedAt)} · {r.tester} · {r.testNo}
            </Typography.Text>
          </>
        )}
      />
      {user && <RapidImportModal open={importing} onClose={() => setImporting(false)} user={user} />}
    </>
  );
}
