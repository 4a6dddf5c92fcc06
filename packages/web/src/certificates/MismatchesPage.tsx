import { useQuery } from '@tanstack/react-query';
import { Card, InputNumber, List, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { basesText, DateRange } from './parts.tsx';
import { chinaToday, type Mismatch, SUPERVISORS } from './queries.ts';

export function MismatchesPage() {
  const me = useMe();
  if (!me.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!can(me.data.user, SUPERVISORS)) return <Result status="403" title="无权查看" />;
  return <Mismatches townLocked={me.data.user.role === 'town_supervisor'} />;
}

function Mismatches({ townLocked }: { townLocked: boolean }) {
  const [params, setParams] = useSearchParams();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const today = chinaToday();
  const q = {
    from: params.get('from') ?? `${today.slice(0, 4)}-01-01`,
    to: params.get('to') ?? today,
    windowDays: Number(params.get('windowDays') ?? 15) || 15,
    townCode: params.get('townCode') ?? undefined,
  };
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, String(v));
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const list = useQuery({
    queryKey: ['certificates', 'mismatches', q],
    queryFn: () => api.get<{ items: Mismatch[] }>('/certificates/mismatches', q),
    placeholderData: (prev) => prev,
  });
  const items = list.data?.items ?? [];
  const analytes = (m: Mismatch) =>
    m.failedAnalytes.map((a) => (
      <Tag key={a} color="red">
        {a}
      </Tag>
    ));

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>承诺与抽检不符</Typography.Title>
        <Link to="/certificates/supervision">监管统计</Link>
      </div>
      <Typography.Paragraph type="secondary">
        开具合格证承诺达标，但同一主体同一产品在开具日期前后的抽检不合格（严防承诺与抽检结果不符）。请核查并依法处置。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ width: mobile ? 300 : 280 }}>
          <DateRange allowClear={false} from={q.from} to={q.to} onChange={(from, to) => set({ from, to })} />
        </div>
        <Space size={4}>
          <Typography.Text>前后</Typography.Text>
          <InputNumber
            aria-label="前后天数"
            min={1}
            max={90}
            precision={0}
            value={q.windowDays}
            onChange={(v) => set({ windowDays: v ?? 15 })}
            style={{ width: 72 }}
          />
          <Typography.Text>天内</Typography.Text>
        </Space>
        {!townLocked && (
          <div style={{ width: 140 }}>
            <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} placeholder="全部镇街" />
          </div>
        )}
      </Space>
      {list.isError ? (
        <ErrorResult error={list.error} retry={() => list.refetch()} />
      ) : mobile ? (
        <List
          loading={list.isFetching}
          dataSource={items}
          locale={{ emptyText: '未发现承诺与抽检不符' }}
          renderItem={(m) => (
            <Card
              size="small"
              hoverable
              style={{ marginBottom: 8, background: '#fff1f0' }}
              onClick={() => navigate(`/certificates/${m.certificateId}`)}
            >
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text strong>
                  {m.entityName} · {m.productName}
                </Typography.Text>
                <Typography.Text type="secondary">
                  合格证 {m.certNo}（{m.issueDate}） · 抽检 {m.sampleNo}（{m.sampledOn}），相差 {m.daysApart}{' '}
                  天
                </Typography.Text>
                <Space wrap size={4}>
                  {analytes(m)}
                </Space>
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table<Mismatch>
          rowKey={(m) => `${m.certificateId}-${m.sampleId}`}
          size="middle"
          loading={list.isFetching}
          dataSource={items}
          scroll={{ x: 1200 }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: '未发现承诺与抽检不符' }}
          columns={[
            {
              title: '合格证',
              dataIndex: 'certNo',
              width: 190,
              fixed: 'left',
              render: (v: string, m) => <Link to={`/certificates/${m.certificateId}`}>{v}</Link>,
            },
            { title: '开具日期', dataIndex: 'issueDate', width: 110 },
            {
              title: '主体',
              dataIndex: 'entityName',
              width: 200,
              ellipsis: true,
              render: (v: string, m) => <Link to={`/entities/${m.entityId}`}>{v}</Link>,
            },
            { title: '镇街', dataIndex: 'townName', width: 90 },
            { title: '产品', dataIndex: 'productName', width: 90 },
            { title: '承诺依据', dataIndex: 'bases', width: 200, render: (v: string[]) => basesText(v) },
            {
              title: '不合格样品',
              dataIndex: 'sampleNo',
              width: 190,
              render: (v: string, m) => <Link to={`/monitoring/lab/${m.sampleId}`}>{v}</Link>,
            },
            { title: '抽样日期', dataIndex: 'sampledOn', width: 110 },
            { title: '相差天数', dataIndex: 'daysApart', width: 90, align: 'right' },
            {
              title: '不合格项目',
              key: 'analytes',
              render: (_, m) => (
                <Space wrap size={4}>
                  {analytes(m)}
                </Space>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
