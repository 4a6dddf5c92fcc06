import { BASIS_LABELS, type Basis } from '@nongan/shared/certificates/schemas';
import { Alert, Descriptions, Select, Tag } from 'antd';
import { useState } from 'react';
import './market.css';
import { useDebounced } from '../common/useDebounced.ts';
import { useWithChosen } from '../entities/queries.ts';
import {
  COLOUR_TAGS,
  fmtQty,
  fmtTime,
  type MarketCheck,
  type MarketResult,
  RESULT_HINTS,
  RESULT_LOOK,
  useMarkets,
} from './queries.ts';

export function ResultTag({ result, label }: { result: MarketResult; label: string }) {
  return <Tag color={RESULT_LOOK[result].tag}>{label}</Tag>;
}

/** A market from the directory, searched by name. */
export function MarketSelect(props: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
}) {
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim());
  const markets = useMarkets(q);
  const { options, labelRender } = useWithChosen(
    props.value,
    q,
    markets,
    (m) => `${m.name}${m.townName ? `（${m.townName}）` : ''}`,
  );
  return (
    <Select
      id={props.id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setInput }}
      placeholder={props.placeholder ?? '农产品市场'}
      loading={markets.isFetching}
      value={props.value}
      onChange={props.onChange}
      notFoundContent={markets.isFetching ? '搜索中…' : '没有匹配的市场'}
      options={options}
      labelRender={labelRender}
      style={{ width: '100%' }}
    />
  );
}

const basesText = (bases: string[], legacy: string | null) => {
  const labels = bases.map((b) => BASIS_LABELS[b as Basis] ?? b).join('、');
  return legacy ? `原模板：${legacy} → ${labels}` : labels;
};

/** The big, coloured answer of one check, with what to compare against the goods. */
export function CheckResult({ check }: { check: MarketCheck }) {
  const look = RESULT_LOOK[check.result];
  const c = check.certificate;
  return (
    <div
      className="market-result"
      role="status"
      style={{ color: look.fg, background: look.bg, borderColor: look.border }}
    >
      <div className="market-result-title">{check.resultLabel}</div>
      <div className="market-result-hint">{RESULT_HINTS[check.result]}</div>
      {c && (
        <Descriptions
          size="small"
          column={1}
          bordered
          className="market-result-cert"
          items={[
            { key: 'product', label: '产品', children: `${c.productName}（${fmtQty(c.quantity, c.unit)}）` },
            { key: 'producer', label: '生产者', children: c.producerName },
            { key: 'origin', label: '产地', children: c.origin },
            { key: 'date', label: '开具日期', children: c.issueDate },
            { key: 'bases', label: '承诺依据', children: basesText(c.bases, c.legacyBasis) },
            { key: 'no', label: '合格证编号', children: c.certNo },
            ...(c.colour
              ? [
                  {
                    key: 'colour',
                    label: '监管赋色',
                    children: <Tag color={COLOUR_TAGS[c.colour].color}>{COLOUR_TAGS[c.colour].label}</Tag>,
                  },
                ]
              : []),
            ...(c.status === 'revoked'
              ? [{ key: 'reason', label: '撤销原因', children: c.revokeReason ?? '—' }]
              : []),
          ]}
        />
      )}
      {check.history && <CheckHistory history={check.history} />}
      {!c && check.result === 'none' && (
        <div className="market-result-hint">
          {check.productName ?? '—'} · {fmtQty(check.quantity, check.unit)}
          {check.supplier ? ` · ${check.supplier}` : ''}
        </div>
      )}
    </div>
  );
}

/** The earlier checks of the same code, and the warning when their quantity exceeds the certificate's. */
function CheckHistory({ history: h }: { history: NonNullable<MarketCheck['history']> }) {
  const places = h.places.map((p) => `${p.name}${p.count > 1 ? ` ${p.count} 次` : ''}`).join('、');
  return (
    <div className="market-result-history">
      {h.warning && <Alert type="error" showIcon title="查验数量超过合格证数量" description={h.warning} />}
      <div className="market-result-hint">
        {h.earlier === 0
          ? '此前未查验过本码'
          : `此前已查验 ${h.earlier} 次（${fmtTime(h.firstAt)}${h.earlier > 1 ? ` 至 ${fmtTime(h.lastAt)}` : ''}；${places}）`}
        {h.checkedQuantity != null &&
          `，连同本次累计 ${fmtQty(h.checkedQuantity, h.unit)}${h.uncounted ? `（另有 ${h.uncounted} 次未填数量或单位不同，未计入）` : ''}`}
      </div>
    </div>
  );
}
