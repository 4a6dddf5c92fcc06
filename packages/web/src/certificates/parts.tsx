import { BASIS_LABELS, type Basis, STATUS_LABELS, STYLE_LABELS } from '@nongan/shared/certificates/schemas';
import type { EntityView } from '@nongan/shared/entities/schemas';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, DatePicker, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import './certificates.css';
import { useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import type { Catalog } from '../sampling/queries.ts';
import { TEST_READERS } from './queries.ts';

export function StatusTag({ status }: { status: string }) {
  const label = STATUS_LABELS[status as keyof typeof STATUS_LABELS] ?? status;
  return <Tag color={status === 'revoked' ? 'red' : 'green'}>{label}</Tag>;
}

export function StyleTag({ style }: { style: string }) {
  const label = STYLE_LABELS[style as keyof typeof STYLE_LABELS] ?? style;
  return <Tag color={style === 'buyer' ? 'purple' : 'blue'}>{label}</Tag>;
}

export const basisLabel = (b: string) => BASIS_LABELS[b as Basis] ?? b;
export const basesText = (bases: readonly string[]) => bases.map(basisLabel).join('、') || '—';

/**
 * The bases as today's three; a certificate imported from the older four-basis template also
 * shows what it said then (自我承诺, 内部质量控制 → 质量安全控制符合要求).
 */
export function BasesView({ bases, legacyBasis }: { bases: readonly string[]; legacyBasis: string | null }) {
  return (
    <Space orientation="vertical" size={2}>
      <Space wrap size={4}>
        {bases.map((b) => (
          <Tag key={b} color="green">
            {basisLabel(b)}
          </Tag>
        ))}
      </Space>
      {legacyBasis && (
        <Typography.Text type="secondary" data-testid="legacy-basis">
          原模板依据：{legacyBasis} → 按现行三项依据：{basesText(bases)}
        </Typography.Text>
      )}
    </Space>
  );
}

/** One entity of the directory (the producer's own, or the one picked). */
export function useEntityOne(id: string | undefined | null) {
  return useQuery({
    queryKey: ['entities', 'one', id],
    queryFn: () => api.get<EntityView>(`/entities/${id}`),
    enabled: !!id,
    staleTime: 60_000,
  });
}

/** From–to date pickers as two ISO dates (China dates), kept separate so phones can use them. */
export function DateRange({
  from,
  to,
  onChange,
  allowClear = true,
}: {
  from?: string;
  to?: string;
  onChange: (from: string | undefined, to: string | undefined) => void;
  allowClear?: boolean;
}) {
  const d = (v?: string) => (v ? dayjs(v) : null);
  const iso = (v: Dayjs | null) => (v ? v.format('YYYY-MM-DD') : undefined);
  return (
    <DatePicker.RangePicker
      aria-label="日期范围"
      allowClear={allowClear}
      allowEmpty={allowClear ? [true, true] : undefined}
      value={[d(from), d(to)]}
      onChange={(v) => onChange(iso(v?.[0] ?? null), iso(v?.[1] ?? null))}
      style={{ width: '100%' }}
    />
  );
}

/**
 * The sampling catalogue (products, analytes), shared in cache with the sampling pages. Only the
 * roles the sampling routes let read it ask for it; for the others it stays empty.
 */
export function useCertCatalog() {
  const me = useMe();
  const role = me.data?.user.role;
  return useQuery({
    queryKey: ['sampling', 'catalog'],
    queryFn: () => api.get<Catalog>('/sampling/catalog'),
    enabled: !!role && TEST_READERS.includes(role),
    staleTime: 30 * 60_000,
  });
}

/** Catalogue products (leaves), name ↔ code; empty when the catalogue cannot be read. */
export function useProducts() {
  const cat = useCertCatalog();
  const leaves = (cat.data?.products ?? []).filter((p) => p.parent);
  return {
    names: leaves.map((p) => p.name),
    codeOf: (v: string | undefined) =>
      v ? (leaves.find((p) => p.name === v || p.code === v)?.code ?? undefined) : undefined,
    nameOf: (v: string) => leaves.find((p) => p.code === v)?.name ?? v,
  };
}

/**
 * A product by name, suggested from the catalogue. Free text is allowed: the server resolves
 * names and aliases and says so when it does not know one (and a producer, who cannot read the
 * sampling catalogue, still types the product).
 */
export function ProductInput(props: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  onSelect?: (v: string) => void;
  onBlur?: () => void;
  placeholder?: string;
  allowClear?: boolean;
  'aria-label'?: string;
}) {
  const { names } = useProducts();
  const text = props.value ?? '';
  const options = names
    .filter((n) => !text || n.includes(text))
    .slice(0, 50)
    .map((n) => ({ value: n }));
  return (
    <AutoComplete
      id={props.id}
      aria-label={props['aria-label']}
      value={props.value}
      onChange={props.onChange}
      onSelect={props.onSelect}
      onBlur={props.onBlur}
      allowClear={props.allowClear}
      placeholder={props.placeholder ?? '输入或选择产品，如 菠菜'}
      options={options}
      style={{ width: '100%' }}
    />
  );
}
