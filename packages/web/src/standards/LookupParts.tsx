import {
  BAN_KIND_LABELS,
  type BanEntry,
  type IntervalEntry,
  type LimitEntry,
  VERIFICATION_LABELS,
} from '@nongan/shared/standards/lookup';
import { Descriptions, Empty, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useDebounced } from '../common/useDebounced.ts';
import { useAnalyteOptions, useProductOptions } from './lookup-queries.ts';

const { Text } = Typography;

/** Product picker: searches names and aliases; an ambiguous name shows its candidates and the question. */
export function ProductPicker(props: { value?: string; onChange: (name: string | undefined) => void }) {
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), 250);
  const list = useProductOptions(q);
  const ask = list.data?.ambiguous;
  return (
    <Select
      aria-label="产品"
      allowClear
      style={{ width: '100%' }}
      placeholder="产品或类别，如 豇豆"
      showSearch={{ filterOption: false, onSearch: setInput }}
      loading={list.isFetching}
      value={props.value}
      labelRender={(o) => String(o.value)}
      onChange={(v) => {
        props.onChange(v);
        setInput('');
      }}
      notFoundContent={list.isFetching ? '搜索中…' : '没有匹配的产品'}
      popupRender={(menu) => (
        <>
          {ask && <div style={{ padding: '4px 12px', color: '#d46b08' }}>{ask}</div>}
          {menu}
        </>
      )}
      options={(list.data?.items ?? []).map((p) => ({
        value: p.name,
        label: (
          <span>
            {p.name}
            {p.isCategory && <Text type="secondary">（类别）</Text>}
            {p.path.length > 0 && (
              <Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                {p.path.join(' › ')}
              </Text>
            )}
          </span>
        ),
      }))}
    />
  );
}

/** Analyte picker: names, aliases and CAS numbers. */
export function AnalytePicker(props: { value?: string; onChange: (name: string | undefined) => void }) {
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), 250);
  const list = useAnalyteOptions(q);
  return (
    <Select
      aria-label="检测项目"
      allowClear
      style={{ width: '100%' }}
      placeholder="检测项目，如 噻虫胺"
      showSearch={{ filterOption: false, onSearch: setInput }}
      loading={list.isFetching}
      value={props.value}
      labelRender={(o) => String(o.value)}
      onChange={(v) => {
        props.onChange(v);
        setInput('');
      }}
      notFoundContent={list.isFetching ? '搜索中…' : '没有匹配的检测项目'}
      options={(list.data?.items ?? []).map((a) => ({
        value: a.name,
        label: (
          <span>
            {a.name}
            <Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
              {a.groupName}
            </Text>
          </span>
        ),
      }))}
    />
  );
}

export const fmtLimit = (l: LimitEntry) => `${l.limit} ${l.unit}`;
export const viaText = (l: LimitEntry) =>
  l.level === 0 ? `${l.viaName}（本品）` : `${l.viaName}（上溯${l.level}级）`;
export const verificationText = (v: string) => VERIFICATION_LABELS[v] ?? '未核对';
export const dates = (from: string | null, to: string | null) =>
  `${from ?? '长期'} 起${to ? `，${to} 止` : ''}`;

/** The edition with its state on the day: 暂判 when the edition in force is not loaded. */
export function EditionCell({ l, day }: { l: LimitEntry; day: string }) {
  return (
    <Space size={4} wrap>
      <span>{l.edition.code}</span>
      {l.provisional ? (
        <Tooltip title={`现行 ${l.inForceEditions.join('、')} 未收录该组合，暂按 ${l.standard} 判定`}>
          <Tag color="orange">暂判</Tag>
        </Tooltip>
      ) : l.inForce ? (
        <Tag color="green">现行</Tag>
      ) : l.edition.effectiveFrom > day ? (
        <Tag>未实施</Tag>
      ) : (
        <Tag>已废止</Tag>
      )}
    </Space>
  );
}

/** The row's citation and what else applies to this analyte on this product. */
export function LimitDetail(props: { l: LimitEntry; bans: BanEntry[]; intervals: IntervalEntry[] }) {
  const { l } = props;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="标准条款">
          {l.standard}：{l.item}
        </Descriptions.Item>
        <Descriptions.Item label="版本实施">
          {dates(l.edition.effectiveFrom, l.edition.effectiveTo)}
        </Descriptions.Item>
        {l.excludes.length > 0 && (
          <Descriptions.Item label="不适用于">{l.excludes.join('、')}</Descriptions.Item>
        )}
        <Descriptions.Item label="核对方式">{verificationText(l.verification)}</Descriptions.Item>
        <Descriptions.Item label="来源">
          <Text style={{ wordBreak: 'break-all' }}>{l.source}</Text>
        </Descriptions.Item>
        {l.notes && <Descriptions.Item label="说明">{l.notes}</Descriptions.Item>}
      </Descriptions>
      {props.bans.length > 0 && <BanList bans={props.bans} />}
      {props.intervals.length > 0 && <IntervalList intervals={props.intervals} />}
    </Space>
  );
}

export function BanList({ bans }: { bans: BanEntry[] }) {
  if (!bans.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无禁限用规定" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {bans.map((b) => (
        <Descriptions
          key={`${b.analyteCode}-${b.scopeCode}-${b.kind}-${b.basis}`}
          size="small"
          column={1}
          bordered
          title={
            <Space wrap>
              <Tag color={b.kind === 'not_detectable' ? 'red' : 'volcano'}>
                {BAN_KIND_LABELS[b.kind] ?? '禁限用'}
              </Tag>
              <span>
                {b.analyteName} · {b.scopeName}
              </span>
              {!b.inEffect && <Tag>当日不适用</Tag>}
            </Space>
          }
        >
          <Descriptions.Item label="依据">{b.basis}</Descriptions.Item>
          {b.item && <Descriptions.Item label="条款">{b.item}</Descriptions.Item>}
          <Descriptions.Item label="施行">{dates(b.effectiveFrom, b.effectiveTo)}</Descriptions.Item>
          <Descriptions.Item label="核对方式">{verificationText(b.verification)}</Descriptions.Item>
          <Descriptions.Item label="来源">
            <Text style={{ wordBreak: 'break-all' }}>{b.source}</Text>
          </Descriptions.Item>
        </Descriptions>
      ))}
    </Space>
  );
}

export function IntervalList({ intervals }: { intervals: IntervalEntry[] }) {
  if (!intervals.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无安全间隔期或休药期数据" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {intervals.map((i) => (
        <Descriptions
          key={`${i.inputCode}-${i.productCode}-${i.term}`}
          size="small"
          column={1}
          bordered
          title={
            <Space wrap>
              <Tag color={i.days === null ? 'red' : 'blue'}>{i.term}</Tag>
              <span>
                {i.inputName} · {i.productName}
                {i.days !== null && ` ${i.days} 天`}
              </span>
            </Space>
          }
        >
          <Descriptions.Item label="适用类别">
            {i.level === 0 ? `${i.viaName}（本品）` : `${i.viaName}（上溯${i.level}级）`}
          </Descriptions.Item>
          <Descriptions.Item label="依据">
            {i.basis}：{i.item}
          </Descriptions.Item>
          <Descriptions.Item label="核对方式">{verificationText(i.verification)}</Descriptions.Item>
          {i.notes && <Descriptions.Item label="说明">{i.notes}</Descriptions.Item>}
        </Descriptions>
      ))}
    </Space>
  );
}
