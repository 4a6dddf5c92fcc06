import { Col, Row, Select } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { ProductSelect } from './parts.tsx';

export type ListQuery = {
  page: number;
  pageSize: number;
  year?: string;
  townCode?: string;
  result?: string;
  product?: string;
  status?: string;
};

/** Filters and paging of a result list, kept in the URL. */
export function useListQuery() {
  const [params, setParams] = useSearchParams();
  const q: ListQuery = {
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  };
  for (const k of ['year', 'townCode', 'result', 'product', 'status'] as const) {
    const v = params.get(k);
    if (v) q[k] = v;
  }
  const set = (patch: Partial<Record<keyof ListQuery, string | number | undefined>>) => {
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

const thisYear = new Date().getFullYear();
const YEARS = Array.from({ length: thisYear - 2019 }, (_, i) => thisYear - i).map((y) => ({
  value: String(y),
  label: `${y}年`,
}));

export function ListFilters({
  q,
  set,
  results,
  townLocked,
}: {
  q: ListQuery;
  set: (patch: Partial<Record<keyof ListQuery, string | undefined>>) => void;
  results: { value: string; label: string }[];
  townLocked: boolean;
}) {
  return (
    <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
      <Col xs={12} md={6} lg={4}>
        <Select
          allowClear
          aria-label="年度"
          placeholder="年度"
          options={YEARS}
          value={q.year}
          onChange={(v?: string) => set({ year: v })}
          style={{ width: '100%' }}
        />
      </Col>
      {!townLocked && (
        <Col xs={12} md={6} lg={4}>
          <TownSelect value={q.townCode} onChange={(v) => set({ townCode: v })} />
        </Col>
      )}
      <Col xs={12} md={6} lg={4}>
        <Select
          allowClear
          aria-label="结果"
          placeholder="结果"
          options={results}
          value={q.result}
          onChange={(v?: string) => set({ result: v })}
          style={{ width: '100%' }}
        />
      </Col>
      <Col xs={12} md={6} lg={4}>
        <ProductSelect allowClear value={q.product} onChange={(v) => set({ product: v })} />
      </Col>
    </Row>
  );
}
