import type { Role } from '@nongan/shared/accounts/schemas';
import type {
  BaseDetailView,
  BaseView,
  HandoutView,
  MineView,
  ProcedureDetailView,
  ProcedureView,
  ReachView,
  TargetsView,
} from '@nongan/shared/standardisation/schemas';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../common/api.ts';

// Mirrors the server's guards (standardisation/service.ts).
export const STD_OFFICE: readonly Role[] = ['district_admin', 'district_staff'];
export const STD_RECORDERS: readonly Role[] = [...STD_OFFICE, 'town_supervisor'];
export const STD_READERS: readonly Role[] = [...STD_RECORDERS, 'village_coordinator'];
export const STD_MENU_ROLES: readonly Role[] = [...STD_READERS, 'producer'];

type Q = Record<string, string | number | undefined>;
const KEY = 'standardisation';

export const useProcedures = (q: Q) =>
  useQuery({
    queryKey: [KEY, 'procedures', q],
    queryFn: () => api.get<Page<ProcedureView>>('/standardisation/procedures', q),
    placeholderData: keepPreviousData,
  });

export const useProcedure = (id: string) =>
  useQuery({
    queryKey: [KEY, 'procedure', id],
    queryFn: () => api.get<ProcedureDetailView>(`/standardisation/procedures/${id}`),
  });

export const useHandouts = (id: string, q: Q) =>
  useQuery({
    queryKey: [KEY, 'handouts', id, q],
    queryFn: () => api.get<Page<HandoutView>>(`/standardisation/procedures/${id}/handouts`, q),
    placeholderData: keepPreviousData,
  });

export const useReach = (procedureId?: string) =>
  useQuery({
    queryKey: [KEY, 'reach', procedureId ?? 'all'],
    queryFn: () => api.get<ReachView>('/standardisation/reach', { procedureId }),
  });

export const useBases = (q: Q) =>
  useQuery({
    queryKey: [KEY, 'bases', q],
    queryFn: () => api.get<Page<BaseView>>('/standardisation/bases', q),
    placeholderData: keepPreviousData,
  });

export const useBase = (id: string) =>
  useQuery({
    queryKey: [KEY, 'base', id],
    queryFn: () => api.get<BaseDetailView>(`/standardisation/bases/${id}`),
  });

export const useTargets = (year: number) =>
  useQuery({
    queryKey: [KEY, 'targets', year],
    queryFn: () => api.get<TargetsView>('/standardisation/targets', { year }),
  });

export const useMine = () =>
  useQuery({ queryKey: [KEY, 'mine'], queryFn: () => api.get<MineView>('/standardisation/mine') });

/** A write that refreshes everything of the domain afterwards (lists, reach, targets). */
export function useStdMutation<B, R>(fn: (body: B) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: [KEY] }) });
}

export const pct = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`;
