import type { BulletinDetailView } from '@nongan/shared/bulletins/schemas';
import { useQuery } from '@tanstack/react-query';
import { api } from '../common/api.ts';

// Mirrors the server's guards (shared/bulletins/schemas.ts).
export { BULLETIN_READERS, BULLETIN_WRITERS } from '@nongan/shared/bulletins/schemas';

export const STATE_COLORS = { draft: 'gold', issued: 'green' } as const;

export function useBulletin(id: string) {
  return useQuery({
    queryKey: ['bulletins', 'detail', id],
    queryFn: () => api.get<BulletinDetailView>(`/bulletins/${id}`),
  });
}

/** A rate 0..1 as a percentage, or — without one. */
export const pct = (r: number | null, digits = 1) => (r === null ? '—' : `${(r * 100).toFixed(digits)}%`);
