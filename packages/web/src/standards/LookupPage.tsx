import type {
  BanEntry,
  HistoryEntry,
  IntervalEntry,
  LimitEntry,
  LookupView,
} from '@nongan/shared/standards/lookup';
import {
  Alert,
  Card,
  Col,
  DatePicker,
  Empty,
  List,
  Row,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import {
  AnalytePicker,
  BanList,
  dates,
  EditionCell,
  fmtLimit,
  IntervalList,
  LimitDetail,
  ProductPicker,
  verificationText,
  viaText,
} from './LookupParts.tsx';
import { useLookup } from './lookup-queries.ts';

const { Text, Title } = Typography;

/** 查限量: pick a product and/or an analyte and a day; see the limits, bans and intervals with citations. */
export function LookupPage() {
  const [params, setParams] = useSearchParams();
  const product = params.get('product') ?? undefined;
  const analyte = params.get('analyte') ?? undefined;
  const date = params.get('date') ?? undefined;
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const result = useLookup({ product, analyte, date });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Title level={4} style={{ margin: 0 }}>
        查限量
      </Title>
      <Card size="small">
        <Row gutter={[12, 12]}>
          <Col xs={24} md={9}>
            <ProductPicker value={product} onChange={(v) => set('product', v)} />
          </Col>
          <Col xs={24} md={9}>
            <AnalytePicker value={analyte} onChange={(v) => set('analyte', v)} />
          </Col>
          <Col xs={24} md={6}>
            <DatePicker
              aria-label="抽样日期"
              style={{ width: '100%' }}
              placeholder="抽样日期（默认今天）"
              allowClear
              value={date ? dayjs(date) : null}
              onChange={(d) => set('date', d ? d.format('YYYY-MM-DD') : undefined)}
            />
          </Col>
        </Row>
        <Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
          选产品查看各检测项目的限量；选检测项目查看其在各产品上的限量；两者都选可看到历次版本的变化。限量按抽样日期施行的版本判定。
        </Text>
      </Card>
      {!product && !analyte ? (
        <Empty description="请选择产品或检测项目" />
      ) : result.isError ? (
        <ErrorResult error={result.error} retry={() => result.refetch()} />
      ) : !result.data ? (
        <Spin />
      ) : (
        <Answer view={result.data} />
      )}
    </Space>
  );
}

function Answer({ view }: { view: LookupView }) {
  const pair = !!(view.product && view.analyte);
  const byProduct = !!view.product && !view.analyte;
  const headline = [
    view.product && `${view.product.name}（${view.product.path.slice(0, -1).join(' › ') || '类别'}）`,
    view.analyte && `${view.analyte.name}（${view.analyte.groupName}）`,
  ]
    .filter(Boolean)
    .join(' × ');
  const provisional = view.limits.some((l) => l.provisional);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Text>
        <Text strong>{headline}</Text>
        <Text type="secondary">
          {' '}
          · 日期 {view.date} · 参考数据 {view.version}
        </Text>
      </Text>
      {view.analyte?.residueDefinition && view.analyte.residueDefinition !== view.analyte.name && (
        <Text type="secondary">残留物定义：{view.analyte.residueDefinition}</Text>
      )}
      {provisional && (
        <Alert
          type="warning"
          showIcon
          title="部分限量为暂判：当日施行的版本尚未收录该组合，暂按最近收录的版本判定（标注“暂判”）。"
        />
      )}
      {pair && view.limits.length === 0 && (
        <Alert
          type="info"
          showIcon
          title="当日无适用限量（无限量标准）：现有数据中没有该组合及其上级类别的限量。"
        />
      )}
      <Tabs
        items={[
          {
            key: 'limits',
            label: `限量（${view.limits.length}）`,
            children: <LimitTable view={view} byProduct={byProduct} />,
          },
          ...(pair
            ? [
                {
                  key: 'history',
                  label: '历次版本',
                  children: <HistoryTable history={view.history} day={view.date} />,
                },
              ]
            : []),
          { key: 'bans', label: `禁限用（${view.bans.length}）`, children: <BanList bans={view.bans} /> },
          {
            key: 'intervals',
            label: `安全间隔期/休药期（${view.intervals.length}）`,
            children: <IntervalList intervals={view.intervals} />,
          },
        ]}
      />
    </Space>
  );
}

const rowKey = (l: LimitEntry) => `${l.productCode}-${l.analyteCode}-${l.standard}`;

function LimitTable({ view, byProduct }: { view: LookupView; byProduct: boolean }) {
  const mobile = useIsMobile();
  const [open, setOpen] = useState<string | null>(null);
  const related = (l: LimitEntry): { bans: BanEntry[]; intervals: IntervalEntry[] } => ({
    bans: view.bans.filter((b) => b.analyteCode === l.analyteCode),
    intervals: view.intervals.filter((i) => i.inputCode === l.analyteCode && i.productCode === l.productCode),
  });
  const name = (l: LimitEntry) => (byProduct ? l.analyteName : l.productName);
  if (!view.limits.length) return <Empty description="无适用限量" />;
  if (mobile)
    return (
      <List
        dataSource={view.limits}
        rowKey={rowKey}
        renderItem={(l) => {
          const k = rowKey(l);
          const r = related(l);
          return (
            <Card
              size="small"
              className="lookup-limit"
              style={{ marginBottom: 8, width: '100%' }}
              onClick={() => setOpen(open === k ? null : k)}
            >
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  <Text strong>{name(l)}</Text>
                  <Text strong style={{ color: '#1677ff' }}>
                    {fmtLimit(l)}
                  </Text>
                  {(r.bans.length > 0 || r.intervals.length > 0) && (
                    <Tag color="volcano">有禁限用/间隔期</Tag>
                  )}
                </Space>
                <Text type="secondary">来源类别：{viaText(l)}</Text>
                <Text type="secondary">
                  {l.standard}：{l.item}
                </Text>
                <EditionCell l={l} day={view.date} />
                <Text type="secondary">核对方式：{verificationText(l.verification)}</Text>
                {open === k ? <LimitDetail l={l} {...r} /> : <Text type="secondary">点击查看依据</Text>}
              </Space>
            </Card>
          );
        }}
      />
    );
  const columns: ColumnsType<LimitEntry> = [
    {
      title: byProduct ? '检测项目' : '产品',
      key: 'name',
      width: 150,
      render: (_, l) => (
        <Space orientation="vertical" size={0}>
          <Text strong>{name(l)}</Text>
          {byProduct && (
            <Text type="secondary" style={{ fontSize: 12 }}>
              {l.groupName}
            </Text>
          )}
        </Space>
      ),
    },
    { title: '限量', key: 'limit', width: 110, render: (_, l) => <Text strong>{fmtLimit(l)}</Text> },
    { title: '来源类别', key: 'via', width: 170, render: (_, l) => viaText(l) },
    { title: '标准及条款', key: 'std', render: (_, l) => `${l.standard}：${l.item}` },
    { title: '版本', key: 'edition', width: 190, render: (_, l) => <EditionCell l={l} day={view.date} /> },
    {
      title: '核对方式',
      key: 'verification',
      width: 120,
      render: (_, l) => verificationText(l.verification),
    },
  ];
  return (
    <Table<LimitEntry>
      rowKey={rowKey}
      size="middle"
      columns={columns}
      dataSource={view.limits}
      pagination={view.limits.length > 50 ? { pageSize: 50, showTotal: (t) => `共 ${t} 项` } : false}
      expandable={{ expandedRowRender: (l) => <LimitDetail l={l} {...related(l)} /> }}
      scroll={{ x: 900 }}
    />
  );
}

function HistoryTable({ history, day }: { history: HistoryEntry[]; day: string }) {
  const mobile = useIsMobile();
  const value = (h: HistoryEntry) =>
    h.limit ? `${fmtLimit(h.limit)}（${viaText(h.limit)}）` : h.coverage === 'complete' ? '无限量' : '未收录';
  const state = (h: HistoryEntry) =>
    h.inForce ? (
      <Tag color="green">当日施行</Tag>
    ) : h.edition.effectiveFrom > day ? (
      <Tag>未实施</Tag>
    ) : (
      <Tag>已废止</Tag>
    );
  if (!history.length) return <Empty description="无历次版本数据" />;
  if (mobile)
    return (
      <List
        dataSource={history}
        rowKey={(h) => h.edition.code}
        renderItem={(h) => (
          <Card size="small" style={{ marginBottom: 8, width: '100%' }}>
            <Space orientation="vertical" size={2}>
              <Space>
                <Text strong>{h.edition.code}</Text>
                {state(h)}
              </Space>
              <Text>{value(h)}</Text>
              <Text type="secondary">{dates(h.edition.effectiveFrom, h.edition.effectiveTo)}</Text>
              {h.limit && <Text type="secondary">{h.limit.item}</Text>}
            </Space>
          </Card>
        )}
      />
    );
  return (
    <Table<HistoryEntry>
      rowKey={(h) => h.edition.code}
      size="middle"
      pagination={false}
      dataSource={history}
      columns={[
        {
          title: '版本',
          key: 'code',
          render: (_, h) => (
            <Space>
              {h.edition.code}
              {state(h)}
            </Space>
          ),
        },
        {
          title: '实施',
          key: 'dates',
          render: (_, h) => dates(h.edition.effectiveFrom, h.edition.effectiveTo),
        },
        { title: '限量', key: 'value', render: (_, h) => value(h) },
        { title: '条款', key: 'item', render: (_, h) => h.limit?.item ?? '—' },
        {
          title: '核对方式',
          key: 'v',
          render: (_, h) => (h.limit ? verificationText(h.limit.verification) : '—'),
        },
      ]}
    />
  );
}
