import { ScanOutlined } from '@ant-design/icons';
import { MARKET_RESULT_LABELS, MARKET_RESULTS } from '@nongan/shared/certificates/schemas';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { PagedList } from '../common/PagedList.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { MarketSelect, ResultTag } from './parts.tsx';
import {
  fmtQty,
  fmtTime,
  MARKET_CHECKERS,
  MARKET_SUPERVISORS,
  type MarketCheck,
  type MarketResult,
  type MarketSummary,
  ownTown,
  useMarketChecks,
  useMarketSummary,
} from './queries.ts';

const RESULT_OPTIONS = MARKET_RESULTS.map((r) => ({ value: r, label: MARKET_RESULT_LABELS[r] }));
const KEYS = ['result', 'townCode', 'marketId', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof KEYS)[number], string>>;

const product = (r: MarketCheck) => r.certificate?.productName ?? r.productName ?? '—';
const party = (r: MarketCheck) =>
  r.certificate?.producerName ??
  r.supplier ??
  (r.code ? `追溯码 ${r.code.slice(0, 28)}${r.code.length > 28 ? '…' : ''}` : '—');

const columns: ColumnsType<MarketCheck> = [
  { title: '查验时间', dataIndex: 'checkedAt', width: 140, render: fmtTime },
  {
    title: '结果',
    dataIndex: 'result',
    width: 170,
    render: (v: MarketResult, r) => <ResultTag result={v} label={r.resultLabel} />,
  },
  { title: '产品', key: 'product', width: 110, render: (_, r) => product(r) },
  { title: '数量', key: 'quantity', width: 100, render: (_, r) => fmtQty(r.quantity, r.unit) },
  { title: '生产者 / 供货者', key: 'party', width: 180, ellipsis: true, render: (_, r) => party(r) },
  {
    title: '合格证编号',
    key: 'certNo',
    width: 190,
    render: (_, r) => r.certificate?.certNo ?? '—',
  },
  { title: '市场', dataIndex: 'marketName', width: 150, ellipsis: true, render: (v) => v ?? '—' },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  { title: '查验人', dataIndex: 'checkerName', width: 100, render: (v) => v ?? '—' },
  { title: '备注', dataIndex: 'note', ellipsis: true, render: (v) => v ?? '' },
];

function useFilters() {
  const [params, setParams] = useSearchParams();
  const q: Filters & { page: number; pageSize: number } = {
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  };
  for (const k of KEYS) {
    const v = params.get(k);
    if (v) q[k] = v;
  }
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, String(v));
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  return { q, set };
}

export function MarketChecksPage() {
  const me = useMe();
  if (!me.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!can(me.data.user, MARKET_CHECKERS)) return <Result status="403" title="无权查看查验记录" />;
  return <Checks townLocked={!!ownTown(me.data.user)} supervisor={can(me.data.user, MARKET_SUPERVISORS)} />;
}

function Checks({ townLocked, supervisor }: { townLocked: boolean; supervisor: boolean }) {
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const { q, set } = useFilters();
  const list = useMarketChecks(q);
  const summary = useMarketSummary({ from: q.from, to: q.to }, supervisor);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>查验记录</Typography.Title>
        <Button type="primary" icon={<ScanOutlined />} onClick={() => navigate('/market/check')}>
          入市查验
        </Button>
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={8} lg={6}>
          <DatePicker.RangePicker
            aria-label="查验日期"
            style={{ width: '100%' }}
            value={q.from && q.to ? [dayjs(q.from), dayjs(q.to)] : null}
            onChange={(v) =>
              set({
                from: v?.[0]?.format('YYYY-MM-DD') ?? undefined,
                to: v?.[1]?.format('YYYY-MM-DD') ?? undefined,
              })
            }
          />
        </Col>
        <Col xs={12} md={8} lg={4}>
          <Select
            allowClear
            aria-label="查验结果"
            placeholder="查验结果"
            options={RESULT_OPTIONS}
            value={q.result}
            onChange={(v?: string) => set({ result: v })}
            style={{ width: '100%' }}
          />
        </Col>
        {!townLocked && (
          <Col xs={12} md={8} lg={4}>
            <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} />
          </Col>
        )}
        <Col xs={24} md={8} lg={6}>
          <MarketSelect value={q.marketId} onChange={(v) => set({ marketId: v })} />
        </Col>
      </Row>
      {supervisor && summary.data && <SummaryCard summary={summary.data} mobile={mobile} />}
      <PagedList
        list={list}
        query={q}
        onPage={set}
        empty="没有查验记录"
        columns={columns}
        scrollX={1400}
        rowClassName={(r) => (r.result === 'invalid' || r.result === 'revoked' ? 'row-fail' : '')}
        card={(r) => (
          <>
            <Space wrap size={4}>
              <Typography.Text strong>{product(r)}</Typography.Text>
              <ResultTag result={r.result} label={r.resultLabel} />
              {r.quantity != null && <span>{fmtQty(r.quantity, r.unit)}</span>}
            </Space>
            <Typography.Text type="secondary">
              {party(r)}
              {r.certificate ? ` · ${r.certificate.certNo}` : ''}
            </Typography.Text>
            <Typography.Text type="secondary">
              {fmtTime(r.checkedAt)} · {r.marketName ?? r.townName}
              {r.checkerName ? ` · ${r.checkerName}` : ''}
            </Typography.Text>
          </>
        )}
      />
    </>
  );
}

const SUMMARY_KEYS: MarketResult[] = ['valid', 'revoked', 'invalid', 'unknown', 'none'];
const SHORT: Record<MarketResult, string> = {
  valid: '有效',
  revoked: '已撤销',
  invalid: '无效',
  unknown: '未登记',
  none: '无合格证',
};

function SummaryCard({ summary, mobile }: { summary: MarketSummary; mobile: boolean }) {
  const t = summary.total;
  const rate = t.total ? `${((t.valid / t.total) * 100).toFixed(1)}%` : '—';
  return (
    <Card
      size="small"
      className="market-summary"
      title={`查验汇总（${summary.from} 至 ${summary.to}）`}
      style={{ marginBottom: 12 }}
    >
      <Row gutter={[8, 8]}>
        <Col xs={8} md={4}>
          <Statistic title="查验批次" value={t.total} />
        </Col>
        <Col xs={8} md={4}>
          <Statistic title="持有效合格证" value={rate} />
        </Col>
        {SUMMARY_KEYS.map((k) => (
          <Col xs={8} md={3} key={k}>
            <Statistic title={SHORT[k]} value={t[k]} />
          </Col>
        ))}
      </Row>
      {summary.towns.length > 1 && !mobile && (
        <Table
          style={{ marginTop: 8 }}
          size="small"
          rowKey="townCode"
          pagination={false}
          dataSource={summary.towns}
          columns={[
            { title: '镇街', dataIndex: 'townName' },
            { title: '查验批次', dataIndex: 'total', align: 'right' },
            ...SUMMARY_KEYS.map((k) => ({ title: SHORT[k], dataIndex: k, align: 'right' as const })),
          ]}
        />
      )}
    </Card>
  );
}
