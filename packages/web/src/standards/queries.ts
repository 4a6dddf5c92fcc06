import type { Role } from '@nongan/shared/accounts/schemas';
import type {
  LimitDiffView,
  LimitRowError,
  LimitSetView,
  VerdictChangeView,
} from '@nongan/shared/standards/limit-sets';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../common/api.ts';

export type { LimitDiffView, LimitRowError, LimitSetView, VerdictChangeView };

// Mirrors the server's guard (standards routes).
export const LIMIT_EDITORS: readonly Role[] = ['testing_centre', 'district_admin', 'district_staff'];
const KEY = ['standards', 'limit-sets'];

export const useLimitSets = (enabled: boolean) =>
  useQuery({ queryKey: KEY, queryFn: () => api.get<LimitSetView[]>('/standards/limit-sets'), enabled });

export const useLimitSet = (id: string) =>
  useQuery({ queryKey: [...KEY, id], queryFn: () => api.get<LimitSetView>(`/standards/limit-sets/${id}`) });

export const useLimitDiff = (id: string) =>
  useQuery({
    queryKey: [...KEY, id, 'diff'],
    queryFn: () => api.get<LimitDiffView>(`/standards/limit-sets/${id}/diff`),
  });

export const useVerdictChanges = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...KEY, id, 'changes'],
    queryFn: () => api.get<VerdictChangeView[]>(`/standards/limit-sets/${id}/changes`),
    enabled,
  });

/** Activate or withdraw a set; refreshes every limit-set query. */
export function useSetAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'activate' | 'withdraw') =>
      api.post<unknown>(`/standards/limit-sets/${id}/${action}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export type ImportOutcome = { committed: boolean; set: LimitSetView | null; errors: LimitRowError[] };
export type ImportVars = { name?: string; verification: string; note?: string };

/** Uploads a table; a refused table comes back as its row errors (nothing was written). */
export async function uploadLimitTable(file: File, vars: ImportVars): Promise<ImportOutcome> {
  try {
    const set = await api.upload<LimitSetView>('/standards/limit-sets/import', file, vars);
    return { committed: true, set, errors: [] };
  } catch (e) {
    const errors =
      e instanceof ApiError ? (e.body as { errors?: LimitRowError[] } | undefined)?.errors : undefined;
    if (errors) return { committed: false, set: null, errors };
    throw e;
  }
}

export const LIMIT_SETS_KEY = KEY;
