import type {
  InputKind,
  InputRefView,
  LotDetailView,
  LotProductView,
  LotView,
  PurchaseView,
  UsesRecordedView,
} from '@nongan/shared/trace/production';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, type Page } from '../common/api.ts';

export type { InputRefView, LotDetailView, LotView, PurchaseView, UsesRecordedView };
export type Query = Record<string, string | number | undefined>;

export function useLotPage(q: Query) {
  return useQuery({
    queryKey: ['production', 'lots', q],
    queryFn: () => api.get<Page<LotView>>('/production/lots', q),
    placeholderData: keepPreviousData,
  });
}

/** A lot with its uses and its check; `date` = planned harvest date for a lot still growing. */
export function useLot(id: string, date?: string) {
  return useQuery({
    queryKey: ['production', 'lot', id, date ?? null],
    queryFn: () => api.get<LotDetailView>(`/production/lots/${id}`, { date }),
    placeholderData: keepPreviousData,
  });
}

export function usePurchasePage(q: Query) {
  return useQuery({
    queryKey: ['production', 'purchases', q],
    queryFn: () => api.get<Page<PurchaseView>>('/production/purchases', q),
    placeholderData: keepPreviousData,
  });
}

/** Reference inputs for the autocomplete (bans and intervals, for the lot's product when given). */
export function useInputSearch(q: string, product?: string, kind?: InputKind) {
  return useQuery({
    queryKey: ['production', 'inputs', q, product ?? null, kind ?? null],
    queryFn: () =>
      api.get<InputRefView[]>('/production/inputs', { q: q || undefined, product, kind, limit: 20 }),
    staleTime: 10 * 60_000,
  });
}

/** Products a lot may be of, with the input kind each takes (plant: 农药, animal: 兽药). */
export function useLotProducts() {
  return useQuery({
    queryKey: ['production', 'products'],
    queryFn: () => api.get<LotProductView[]>('/production/products'),
    staleTime: 30 * 60_000,
  });
}

/** Product code → the input kind it takes, or null while unknown. */
export function useProductKind(): (code: string | undefined) => InputKind | null {
  const products = useLotProducts();
  const kinds = useMemo(() => new Map((products.data ?? []).map((p) => [p.code, p.kind])), [products.data]);
  return (code) => (code ? (kinds.get(code) ?? null) : null);
}

/** Today in China (UTC+8), YYYY-MM-DD: the server's “today”. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Filters and paging kept in the URL; any change but paging goes back to page 1. */
export function useUrlQuery<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const q = {
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  } as { page: number; pageSize: number } & Partial<Record<K, string>>;
  for (const k of keys) {
    const v = params.get(k);
    if (v) (q as Record<string, unknown>)[k] = v;
  }
  const set = (patch: Partial<Record<K | 'page' | 'pageSize', string | number | undefined>>) => {
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

export const dateOf = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
