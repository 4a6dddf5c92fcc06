import { MISSING_NAME } from '@nongan/shared/common/missing';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import dayjs from 'dayjs';
import { api, type Page } from '../common/api.ts';
import type { RapidTest, Sample } from '../sampling/queries.ts';

/**
 * A test record on the platform that a basis can rest on: the entity's negative rapid tests or
 * its samples judged as passed. The lists offer at most the latest 200 of the product.
 */
export function TestRecordSelect({
  id,
  kind,
  entityId,
  productCode,
  value,
  onChange,
  index,
}: {
  id?: string;
  kind: 'rapid' | 'sample';
  entityId?: string;
  productCode?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  index: number;
}) {
  const rapid = useQuery({
    queryKey: ['sampling', 'rapid', 'for-certificate', entityId, productCode],
    queryFn: () =>
      api.get<Page<RapidTest>>('/rapid-tests', { result: 'negative', product: productCode, pageSize: 200 }),
    enabled: kind === 'rapid' && !!entityId,
    staleTime: 30_000,
  });
  const samples = useQuery({
    queryKey: ['sampling', 'samples', 'for-certificate', entityId, productCode],
    queryFn: () => api.get<Page<Sample>>('/samples', { result: 'pass', product: productCode, pageSize: 200 }),
    enabled: kind === 'sample' && !!entityId,
    staleTime: 30_000,
  });
  const options =
    kind === 'rapid'
      ? (rapid.data?.items ?? [])
          .filter((r) => r.entityId === entityId)
          .map((r) => ({
            value: r.id,
            label: `${r.testNo} · ${r.productName ?? MISSING_NAME.product} · ${dayjs(r.testedAt).format('YYYY-MM-DD')} · 阴性`,
          }))
      : (samples.data?.items ?? [])
          .filter((s) => s.entityId === entityId)
          .map((s) => ({
            value: s.id,
            label: `${s.sampleNo} · ${s.productName ?? MISSING_NAME.product} · ${dayjs(s.sampledAt).format('YYYY-MM-DD')} · 合格`,
          }));
  const q = kind === 'rapid' ? rapid : samples;
  return (
    <Select
      id={id}
      aria-label={`检测记录${index + 1}`}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      disabled={!entityId}
      loading={q.isFetching}
      placeholder={entityId ? '选择平台上的检测记录' : '请先选择开具主体'}
      notFoundContent={
        q.isError ? '无法读取检测记录' : q.isFetching ? '加载中…' : '该主体此产品暂无合格的检测记录'
      }
      options={options}
      value={value}
      onChange={onChange}
      style={{ width: '100%' }}
    />
  );
}
