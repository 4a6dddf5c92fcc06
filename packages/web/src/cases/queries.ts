import type { CaseDetailView, CaseSettings, CaseView, FileView } from '@nongan/shared/cases/schemas';
import type { holdView } from '@nongan/shared/sampling/tests';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Page } from '../common/api.ts';

export type { CaseDetailView, CaseView, FileView };
export type Hold = z.infer<typeof holdView>;
export type Query = Record<string, string | number | undefined>;

export function useCasePage(q: Query, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['cases', 'list', q],
    queryFn: () => api.get<Page<CaseView>>('/cases', q),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({ queryKey: ['cases', 'one', id], queryFn: () => api.get<CaseDetailView>(`/cases/${id}`) });
}

export function useCaseSettings() {
  return useQuery({
    queryKey: ['cases', 'settings'],
    queryFn: () => api.get<CaseSettings & { isDefault: boolean; note: string }>('/cases/settings'),
    staleTime: 5 * 60_000,
  });
}

/** A write on one case; the answer is the case as it now is. */
export function useCaseAction<B>(id: string, send: (body: B) => Promise<CaseDetailView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (c) => {
      qc.setQueryData(['cases', 'one', id], c);
      qc.invalidateQueries({ queryKey: ['cases', 'list'] });
      qc.invalidateQueries({ queryKey: ['sampling', 'holds'] });
    },
  });
}

export const fileSize = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
