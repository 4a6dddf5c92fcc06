import {
  CHECK_CODE_LABELS,
  type CheckProblem,
  INPUT_KIND_LABELS,
  type InputKind,
  LOT_STATUS_LABELS,
  type LotCheckView,
  type LotStatus,
  type StoreView,
  VERIFICATION_LABELS,
} from '@nongan/shared/trace/production';
import './production.css';
import { useQuery } from '@tanstack/react-query';
import { Alert, AutoComplete, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../common/api.ts';
import { useDebounced } from '../common/useDebounced.ts';
import { type InputRefView, useInputSearch, useLotProducts } from './queries.ts';

export function LotStatusTag({ status }: { status: string }) {
  return (
    <Tag color={status === 'harvested' ? 'blue' : 'green'}>
      {LOT_STATUS_LABELS[status as LotStatus] ?? status}
    </Tag>
  );
}

export const kindLabel = (k: string) => INPUT_KIND_LABELS[k as InputKind] ?? k;
export const harvestWord = (kind: InputKind | null) => (kind === 'vet_drug' ? '屠宰/出栏' : '采收');

type Row = {
  key: string;
  input: string;
  lastUse?: string;
  days?: number;
  daysSinceUse?: number;
  earliestDate?: string;
  state: 'ok' | 'within' | 'banned' | 'unknown';
  basis?: string;
  item?: string;
  verification?: string | null;
  reason?: string;
};

const STATE_TAG: Record<Row['state'], { color: string; label: string }> = {
  ok: { color: 'green', label: '已过间隔期' },
  within: { color: 'red', label: '未过间隔期' },
  banned: { color: 'red', label: '禁用' },
  unknown: { color: 'orange', label: '无法确认' },
};

const nameOf = (p: { input: string; inputName?: string }) =>
  p.inputName && p.inputName !== p.input ? `${p.input}（${p.inputName}）` : p.input;

/** One row per input: its last use, interval, earliest harvest date and state. */
function rowsOf(check: LotCheckView): Row[] {
  const rows: Row[] = [];
  for (const p of check.problems) {
    if (p.code !== 'within_interval' && p.code !== 'banned') continue;
    rows.push({
      key: `p-${p.field}-${p.code}`,
      input: nameOf(p),
      lastUse: p.lastUse,
      days: p.days,
      daysSinceUse: p.daysSinceUse,
      earliestDate: p.earliestDate,
      state: p.code === 'banned' ? 'banned' : 'within',
      basis: p.basis,
      item: p.item,
      verification: p.verification,
      reason: p.reason,
    });
  }
  for (const c of check.checked)
    rows.push({
      key: `c-${c.inputCode}`,
      input: nameOf(c),
      lastUse: c.lastUse,
      days: c.days,
      daysSinceUse: c.daysSinceUse,
      earliestDate: c.earliestDate,
      state: 'ok',
      basis: c.basis,
      item: c.item,
      verification: c.verification,
    });
  for (const w of check.warnings)
    if (w.code === 'no_interval' || w.code === 'unknown_input')
      rows.push({
        key: `w-${w.field}-${w.code}`,
        input: nameOf(w),
        lastUse: w.lastUse,
        daysSinceUse: w.daysSinceUse,
        state: 'unknown',
        reason: w.reason,
      });
  return rows;
}

/**
 * The interval check, shown plainly: green when every input has run its interval, a red list of
 * problems with reasons, orange warnings, and per input the earliest date harvest is allowed.
 */
export function CheckPanel({
  check,
  kind,
  compact = false,
}: {
  check: LotCheckView;
  kind: InputKind | null;
  compact?: boolean;
}) {
  const word = harvestWord(kind);
  const term = kind === 'vet_drug' ? '休药期' : '安全间隔期';
  const on =
    check.dateSource === 'harvest'
      ? `${word}日期 ${check.date} `
      : check.dateSource === 'query'
        ? `拟${word}日期 ${check.date} `
        : `今天（${check.date}）`;
  const rows = rowsOf(check);
  const columns: ColumnsType<Row> = [
    { title: '投入品', dataIndex: 'input', width: 160 },
    { title: '末次使用', dataIndex: 'lastUse', width: 110, render: (v?: string) => v ?? '—' },
    {
      title: `${term}（天）`,
      dataIndex: 'days',
      width: 110,
      align: 'right',
      render: (v?: number) => v ?? '—',
    },
    {
      title: '已过天数',
      dataIndex: 'daysSinceUse',
      width: 90,
      align: 'right',
      render: (v?: number) => v ?? '—',
    },
    {
      title: `最早可${word}日期`,
      dataIndex: 'earliestDate',
      width: 140,
      render: (v: string | undefined, r) =>
        r.state === 'banned' ? (
          <Typography.Text type="danger">不可{word}上市</Typography.Text>
        ) : v ? (
          <Typography.Text strong type={r.state === 'within' ? 'danger' : undefined}>
            {v}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: '状态',
      dataIndex: 'state',
      width: 100,
      render: (s: Row['state']) => <Tag color={STATE_TAG[s].color}>{STATE_TAG[s].label}</Tag>,
    },
    {
      title: '依据',
      key: 'basis',
      render: (_, r) =>
        r.basis ? (
          <Tooltip title={r.item}>
            <span>
              {r.basis}
              {r.verification === 'recall' && (
                <Tag color="orange" style={{ marginLeft: 4 }}>
                  {VERIFICATION_LABELS.recall}
                </Tag>
              )}
            </span>
          </Tooltip>
        ) : (
          (r.reason ?? '—')
        ),
    },
  ];
  const list = (items: CheckProblem[]) => (
    <ul className="check-list">
      {items.map((p) => (
        <li key={`${p.field}-${p.code}`}>
          <Tag color={p.severity === 'error' ? 'red' : 'orange'}>{CHECK_CODE_LABELS[p.code]}</Tag>
          {p.reason}
        </li>
      ))}
    </ul>
  );
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="lot-check">
      {check.ok ? (
        <Alert
          type="success"
          showIcon
          title={`按${on}检查：无禁用投入品，已用投入品均已过${term}`}
          description={check.warnings.length ? '但有无法确认的投入品，见下方提示。' : undefined}
        />
      ) : (
        <Alert
          type="error"
          showIcon
          title={`按${on}检查：不能开具合格证`}
          description={list(check.problems)}
        />
      )}
      {check.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title="无法确认（开具合格证时可能被拒绝）"
          description={list(check.warnings)}
        />
      )}
      {!check.banned && check.earliestDate && check.dateSource !== 'harvest' && (
        <Typography.Text>
          全部投入品最早可{word}日期：<Typography.Text strong>{check.earliestDate}</Typography.Text>
        </Typography.Text>
      )}
      {!compact && rows.length > 0 && (
        <Table<Row>
          rowKey="key"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          rowClassName={(r) => (r.state === 'within' || r.state === 'banned' ? 'row-problem' : '')}
        />
      )}
      {!compact && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          安全间隔期/休药期数据版本 {check.dataVersion}；以产品登记标签为准，标“{VERIFICATION_LABELS.recall}
          ”的数值须核对原文。
        </Typography.Text>
      )}
    </Space>
  );
}

function inputLabel(i: InputRefView) {
  const fp = i.forProduct;
  return (
    <Space size={4} wrap>
      <span>{i.name}</span>
      <Tag>{kindLabel(i.kind)}</Tag>
      {fp?.banned ? (
        <Tag color="red">禁用于{fp.banned.scope}</Tag>
      ) : fp?.interval ? (
        <Tag color="blue">
          {i.kind === 'vet_drug' ? '休药期' : '间隔期'} {fp.interval.days} 天
        </Tag>
      ) : fp ? (
        <Tag color="orange">无已知间隔期</Tag>
      ) : i.banned ? (
        <Tag color="red">有禁用范围</Tag>
      ) : null}
      {i.aliases.length > 0 && <Typography.Text type="secondary">{i.aliases.join('、')}</Typography.Text>}
    </Space>
  );
}

/**
 * Free text with suggestions from the reference inputs (name, code, alias); what the producer typed
 * is kept as recorded. `onPick` gets the reference entry when a suggestion is chosen or typed exactly.
 */
export function InputAutoComplete({
  id,
  value,
  onChange,
  product,
  kind,
  onPick,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  product?: string;
  kind?: InputKind;
  onPick?: (i: InputRefView | null) => void;
}) {
  const q = useDebounced(value ?? '', 250);
  const found = useInputSearch(q, product, kind);
  const items = useMemo(() => found.data ?? [], [found.data]);
  useEffect(() => {
    if (!onPick) return;
    const v = (value ?? '').trim();
    onPick(
      items.find((i) => i.name === v || i.code === v || i.aliases.includes(v) || i.english === v) ?? null,
    );
  }, [items, value, onPick]);
  return (
    <AutoComplete
      id={id}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      options={items.map((i) => ({ value: i.name, label: inputLabel(i) }))}
      placeholder="输入名称、通用名或商品名，如 阿维菌素"
      notFoundContent={found.isFetching ? '搜索中…' : q ? '参考数据中没有该投入品，可照实填写' : undefined}
      style={{ width: '100%' }}
    />
  );
}

/** What the chosen input means for the lot's product: a ban, or the interval and its basis. */
export function InputHint({ input, usedOn }: { input: InputRefView | null; usedOn?: string }) {
  if (!input) return null;
  const fp = input.forProduct;
  if (fp?.banned)
    return (
      <Alert
        type="error"
        showIcon
        title={`${input.name}禁止用于${fp.banned.scope}（依据${fp.banned.basis}）`}
        description="记录须如实填写，仍可保存；但该批次将不能开具合格证。"
      />
    );
  if (fp?.interval) {
    const term = input.kind === 'vet_drug' ? '休药期' : '安全间隔期';
    const earliest = usedOn ? addDaysIso(usedOn, fp.interval.days) : null;
    return (
      <Alert
        type="info"
        showIcon
        title={`${term} ${fp.interval.days} 天${earliest ? `，按此使用日期最早可于 ${earliest} 采收/上市` : ''}`}
        description={`依据：${fp.interval.citation}`}
      />
    );
  }
  if (fp)
    return (
      <Alert
        type="warning"
        showIcon
        title={`${input.name}在${fp.productName}上无已知间隔期数据，开具合格证时无法确认`}
      />
    );
  return null;
}

function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Input stores (农资店) of the directory, by remote search. */
export function StorePicker({
  id,
  value,
  onChange,
  placeholder,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
}) {
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), 300);
  const found = useQuery({
    queryKey: ['production', 'stores', q],
    queryFn: () => api.get<StoreView[]>('/production/stores', { q: q || undefined }),
  });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setInput }}
      allowClear
      placeholder={placeholder ?? '搜索名录中的农资店'}
      loading={found.isFetching}
      value={value}
      onChange={onChange}
      notFoundContent={found.isFetching ? '搜索中…' : '没有匹配的农资店'}
      options={(found.data ?? []).map((e) => ({
        value: e.id,
        label: `${e.name}（${e.townName ?? ''}）`,
      }))}
      style={{ width: '100%' }}
    />
  );
}

/** Product of a lot: plant and animal products of the reference, categories marked. */
export function LotProductSelect(props: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
}) {
  const products = useLotProducts();
  return (
    <Select
      id={props.id}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={props.allowClear}
      placeholder={props.placeholder ?? '产品'}
      loading={products.isPending}
      options={(products.data ?? []).map((p) => ({
        value: p.code,
        label: p.category ? `${p.name}（类别）` : p.name,
      }))}
      value={props.value}
      onChange={props.onChange}
      style={{ width: '100%' }}
    />
  );
}
