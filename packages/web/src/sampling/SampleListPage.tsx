import { PlusOutlined } from '@ant-design/icons';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import { unitLabelOf } from '@nongan/shared/common/units';
import { type Link as ChainLink, LINK_LABELS } from '@nongan/shared/sampling/tests';
import { Button, Space, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { PagedList } from '../common/PagedList.tsx';
import { ListFilters, useListQuery } from './ListFilters.tsx';
import { taskKindLabel, VerdictTag } from './parts.tsx';
import { RECORDERS, SAMPLE_STATUS_LABELS, type Sample, useSamplePage } from './queries.ts';

const STATE_TABS = [
  { key: '', label: '全部' },
  ...Object.entries(SAMPLE_STATUS_LABELS).map(([key, label]) => ({ key, label })),
];
const OverdueTag = ({ s }: { s: Sample }) => (s.overdue ? <Tag color="red">逾期</Tag> : null);

const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');
const party = (s: Sample) => s.entityName ?? s.sampledParty ?? '—';

const columns: ColumnsType<Sample> = [
  {
    title: '样品编号',
    dataIndex: 'sampleNo',
    fixed: 'left',
    width: 190,
    render: (v: string, s) => <Link to={`/monitoring/lab/${s.id}`}>{v}</Link>,
  },
  { title: '任务类型', dataIndex: 'taskKind', width: 110, render: taskKindLabel },
  {
    title: '产品',
    dataIndex: 'productName',
    width: 90,
    render: (v: string | null) => v ?? MISSING_NAME.product,
  },
  { title: '被抽样单位', key: 'party', width: 180, ellipsis: true, render: (_, s) => party(s) },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  { title: '环节', dataIndex: 'link', width: 140, render: (v: string) => LINK_LABELS[v as ChainLink] ?? v },
  { title: '抽样时间', dataIndex: 'sampledAt', width: 140, render: time },
  { title: '抽样人', dataIndex: 'sampler', width: 90 },
  {
    title: '数量',
    key: 'qty',
    width: 80,
    align: 'right',
    render: (_, s) => `${s.quantity} ${unitLabelOf(s.quantityUnit)}`,
  },
  {
    title: '状态/判定',
    dataIndex: 'verdict',
    width: 150,
    fixed: 'right',
    render: (v: string | null, s) => (
      <Space size={2} wrap>
        <VerdictTag verdict={v} status={s.status} />
        <OverdueTag s={s} />
      </Space>
    ),
  },
];

export function SampleListPage() {
  const { q, set } = useListQuery();
  const navigate = useNavigate();
  const me = useMe();
  const user = me.data?.user;
  const list = useSamplePage(q);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>抽样与定量检测</Typography.Title>
        {can(user, RECORDERS) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/monitoring/lab/new')}>
            新建抽样单
          </Button>
        )}
      </div>
      <Tabs
        size="small"
        activeKey={q.status ?? ''}
        onChange={(k) => set({ status: k || undefined })}
        items={STATE_TABS}
      />
      <ListFilters
        q={q}
        set={set}
        townLocked={user?.role === 'town_supervisor' || user?.role === 'village_coordinator'}
        results={[
          { value: 'pass', label: '合格' },
          { value: 'fail', label: '不合格' },
          { value: 'no_limit', label: '无限量标准' },
        ]}
      />
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="个样品"
        empty="没有样品"
        columns={columns}
        scrollX={1400}
        rowClassName={(s) => (s.verdict === 'fail' ? 'row-fail' : '')}
        onOpen={(s) => navigate(`/monitoring/lab/${s.id}`)}
        card={(s) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{s.productName ?? MISSING_NAME.product}</Typography.Text>
              <VerdictTag verdict={s.verdict} status={s.status} />
              <OverdueTag s={s} />
              <Tag>{taskKindLabel(s.taskKind)}</Tag>
            </Space>
            <Typography.Text type="secondary">
              {party(s)} · {s.townName}
            </Typography.Text>
            <Typography.Text type="secondary">
              {time(s.sampledAt)} · {s.sampler} · {s.sampleNo}
            </Typography.Text>
          </>
        )}
      />
    </>
  );
}
