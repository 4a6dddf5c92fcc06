import type { EvidenceRecord, WarningSummary } from '@nongan/shared/warnings/schemas';
import { useQuery } from '@tanstack/react-query';
import { can, useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';

// Mirrors the server's guards (shared/warnings/schemas.ts).
export { WARNING_READERS, WARNING_SETTINGS_EDITORS } from '@nongan/shared/warnings/schemas';

import { WARNING_READERS } from '@nongan/shared/warnings/schemas';

export const LEVEL_COLORS = { notice: 'blue', attention: 'orange', serious: 'red' } as const;
export const STATE_COLORS = { open: 'red', acknowledged: 'gold', resolved: 'default' } as const;

/** Where each kind of evidence record lives in the app. */
export function recordLink(r: EvidenceRecord): string {
  switch (r.type) {
    case 'sample':
      return `/monitoring/lab/${r.id}`;
    case 'rapid_test':
      return `/monitoring/rapid/${r.id}`;
    case 'certificate':
      return `/certificates/${r.id}`;
    case 'inspection':
      return `/inspections/${r.id}`;
    case 'case':
      return `/cases/${r.id}`;
    case 'hold':
      return '/monitoring/issues';
    case 'duty':
      return '/inspections?status=overdue';
    case 'entity':
      return `/entities/${r.id}`;
    case 'brand':
      return '/brands';
  }
}

/** The signed-in user's active warnings, for the notice on the home page. */
export function useMyWarnings() {
  const user = useMe().data?.user;
  return useQuery({
    queryKey: ['warnings', 'mine'],
    queryFn: () => api.get<WarningSummary>('/warnings/mine/summary'),
    enabled: can(user, WARNING_READERS),
  });
}
