import type { AuditView } from '@nongan/shared/audit/schemas';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import type { EntityCreate, EntityView } from '@nongan/shared/entities/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, type Page } from '../common/api.ts';
import { pendingLabel } from '../common/selectLabel.ts';

/** List filters as they sit in the URL (all strings, empty ones dropped). */
export const FILTER_KEYS = [
  'q',
  'townCode',
  'villageCode',
  'type',
  'industry',
  'certificateTrial',
  'traceManaged',
  'riskGrade',
  'active',
  'sort',
] as const;
export type EntityFilters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export function filtersFrom(params: URLSearchParams): EntityFilters {
  const f: EntityFilters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

export function useEntityPage(filters: EntityFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['entities', 'list', filters, page, pageSize],
    queryFn: () =>
      api.get<Page<EntityView> & { totalCapped: boolean }>('/entities', { ...filters, page, pageSize }),
    placeholderData: (prev) => prev,
  });
}

export function useEntity(id: string | undefined, staleTime = 0) {
  return useQuery({
    queryKey: ['entities', 'one', id],
    queryFn: () => api.get<EntityView>(`/entities/${id}`),
    enabled: !!id,
    staleTime,
  });
}

/**
 * Options of a remote entity search (`q` typed so far), with the chosen entity added when the
 * unfiltered list did not return it (a preset from the URL or from last time): it is read by id,
 * so the field shows its name. While the user searches, only what matches is listed; the field
 * keeps the name the select has already shown.
 */
export function useWithChosen(
  value: string | undefined,
  q: string,
  found: { data?: { items: EntityView[] }; isPending: boolean },
  label: (e: EntityView) => string,
) {
  const known = !value || !!found.data?.items.some((e) => e.id === value);
  const wanted = !known && !found.isPending;
  const chosen = useEntity(wanted ? value : undefined, 5 * 60_000);
  const extra = wanted && q === '' && chosen.data ? [chosen.data] : [];
  const options = [...extra, ...(found.data?.items ?? [])].map((e) => ({ value: e.id, label: label(e) }));
  const fallback = pendingLabel(!known && !chosen.isFetched, MISSING_NAME.entity, chosen.isError);
  return {
    options,
    labelRender: (o: { label?: ReactNode }) => o.label ?? (chosen.data ? label(chosen.data) : fallback(o)),
  };
}

export function useEntityHistory(id: string) {
  return useQuery({
    queryKey: ['entities', 'history', id],
    queryFn: () => api.get<AuditView[]>(`/entities/${id}/history`),
  });
}

/** After any write the lists, stats and this entity's history are stale. */
export function useEntityWrite<V>(fn: (v: V) => Promise<EntityView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (e) => {
      qc.setQueryData(['entities', 'one', e.id], e);
      void qc.invalidateQueries({ queryKey: ['entities'], predicate: (q) => q.queryKey[1] !== 'one' });
    },
  });
}

export const createEntity = (body: EntityCreate) => api.post<EntityView>('/entities', body);
export const updateEntity = (id: string, body: Partial<EntityCreate> & { version: number }) =>
  api.patch<EntityView>(`/entities/${id}`, body);
