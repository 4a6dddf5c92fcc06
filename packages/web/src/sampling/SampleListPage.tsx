import { PlusOutlined } from '@ant-design/icons';
import { type Link as ChainLink, LINK_LABELS } from '@nongan/shared/sampling/tests';
import { Button, Card, List, Pagination, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import { ListFilters, useListQuery } from './ListFilters.tsx';
import { taskKindLabel, VerdictTag } from './parts.tsx';
import { RECORDERS, type Sample, useSamplePage } from './queries.ts';

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
  { title: '产品', dataIndex: 'productName', width: 90, render: (v: string | null, s) => v ?? s.productCode },
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
    render: (_, s) => `${s.quantity} ${s.quantityUnit}`,
  },
  {
    title: '判定',
    dataIndex: 'verdict',
    width: 100,
    fixed: 'right',
    render: (v: string | null, s) => <VerdictTag verdict={v} status={s.status} />,
  },
];

export function SampleListPage() {
  const { q, set } = useListQuery();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const me = useMe();
  const user = me.data?.user;
  const list = useSamplePage(q);
  const pager = {
    current: q.page,
    pageSize: q.pageSize,
    total: list.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100, 200],
    showTotal: (t: number) => `共 ${t} 个样品`,
    onChange: (page: number, pageSize: number) => set({ page: pageSize === q.pageSize ? page : 1, pageSize }),
  };
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
      {list.isError ? (
        <ErrorResult error={list.error} retry={() => list.refetch()} />
      ) : mobile ? (
        <>
          <List
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: '没有样品' }}
            renderItem={(s) => (
              <Card
                size="small"
                hoverable
                style={{ marginBottom: 8 }}
                onClick={() => navigate(`/monitoring/lab/${s.id}`)}
              >
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    <Typography.Text strong>{s.productName ?? s.productCode}</Typography.Text>
                    <VerdictTag verdict={s.verdict} status={s.status} />
                    <Tag>{taskKindLabel(s.taskKind)}</Tag>
                  </Space>
                  <Typography.Text type="secondary">
                    {party(s)} · {s.townName}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {time(s.sampledAt)} · {s.sampler} · {s.sampleNo}
                  </Typography.Text>
                </Space>
              </Card>
            )}
          />
          <Pagination {...pager} simple style={{ textAlign: 'center', marginTop: 8 }} />
        </>
      ) : (
        <Table<Sample>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 1400 }}
          pagination={pager}
          rowClassName={(s) => (s.verdict === 'fail' ? 'row-fail' : '')}
          locale={{ emptyText: '没有样品' }}
        />
      )}
    </>
  );
}
