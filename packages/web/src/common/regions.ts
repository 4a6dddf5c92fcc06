import type { DivisionView } from '@nongan/shared/regions/schemas';
import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';

/** Divisions under a parent (or all of one level); cached for the session since they rarely change. */
export function useDivisions(opts: {
  level?: 'district' | 'town' | 'village' | 'grid';
  parentCode?: string | null;
  includeInactive?: boolean;
}) {
  const enabled = opts.level === 'town' || opts.level === 'district' || !!opts.parentCode;
  return useQuery({
    queryKey: ['divisions', opts.level ?? null, opts.parentCode ?? null, !!opts.includeInactive],
    queryFn: () =>
      api.get<DivisionView[]>('/divisions', {
        level: opts.level,
        parentCode: opts.parentCode ?? undefined,
        includeInactive: opts.includeInactive ? 'true' : undefined,
      }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Options by name; a switched-off division (listed with includeInactive) can be chosen only if it is `current`. */
export const divisionOptions = (rows: DivisionView[] | undefined, current?: string | null) =>
  (rows ?? []).map((d) => ({
    value: d.code,
    label: d.active ? d.name : `${d.name}（已停用）`,
    disabled: !d.active && d.code !== current,
  }));
