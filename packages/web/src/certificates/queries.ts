import type { Role } from '@nongan/shared/accounts/schemas';
import type {
  certificateDetailView,
  certificateView,
  issueCheckView,
  legacyImportView,
  mismatchView,
  receivedView,
  supervisionView,
  traceEventView,
} from '@nongan/shared/certificates/schemas';
import { type QuantityUnit, UNIT_LABELS, unitLabel } from '@nongan/shared/certificates/schemas';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { z } from 'zod';
import { api } from '../common/api.ts';

export type Certificate = z.infer<typeof certificateView>;
export type CertificateDetail = z.infer<typeof certificateDetailView>;
export type IssueCheck = z.infer<typeof issueCheckView>;
export type LegacyImport = z.infer<typeof legacyImportView>;
export type Received = z.infer<typeof receivedView>;
export type Supervision = z.infer<typeof supervisionView>;
export type Mismatch = z.infer<typeof mismatchView>;
export type TraceEvent = z.infer<typeof traceEventView>;
export type Unit = QuantityUnit;

// Mirrors the server's guards (certificates/routes.ts) so the UI only offers what will be allowed.
export const ISSUERS: readonly Role[] = ['producer', 'town_supervisor', 'district_admin', 'district_staff'];
export const READERS: readonly Role[] = [...ISSUERS, 'village_coordinator'];
export const SUPERVISORS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];
/** Roles the sampling routes let read rapid tests and samples (a producer cannot). */
export const TEST_READERS: readonly Role[] = [
  'district_admin',
  'district_staff',
  'testing_centre',
  'town_supervisor',
  'village_coordinator',
];

export { UNIT_LABELS, unitLabel };
export const UNIT_OPTIONS = (Object.entries(UNIT_LABELS) as [QuantityUnit, string][]).map(
  ([value, label]) => ({
    value,
    label,
  }),
);

/** Today in China Standard Time as YYYY-MM-DD, whatever the browser's zone. */
export const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
export const fmtTime = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
export const fmtQty = (q: number | null | undefined, unit: string | null | undefined) =>
  q == null ? '—' : `${q.toLocaleString('zh-CN', { maximumFractionDigits: 3 })} ${unitLabel(unit)}`;

export const certKey = (id: string) => ['certificates', 'one', id];

export function useCertificate(id: string) {
  return useQuery({
    queryKey: certKey(id),
    queryFn: () => api.get<CertificateDetail>(`/certificates/${id}`),
  });
}

export function useEvents(id: string) {
  return useQuery({
    queryKey: ['certificates', 'events', id],
    queryFn: () => api.get<{ items: TraceEvent[] }>(`/certificates/${id}/events`),
  });
}

/** A production lot as the production records API lists it (only the fields used here). */
export type Lot = {
  id: string;
  lotNo: string;
  productCode: string;
  productName?: string | null;
  harvestDate?: string | null;
};

/**
 * The entity's production lots. The production records API may not exist yet on a server, or
 * the user may not read it: any failure reads as "no lots", and the picker stays optional.
 */
export function useLots(entityId: string | undefined) {
  return useQuery({
    queryKey: ['production', 'lots', 'for-certificate', entityId],
    queryFn: async () => {
      try {
        const r = await api.get<{ items?: Lot[] } | Lot[]>('/production/lots', { entityId });
        return Array.isArray(r) ? r : (r.items ?? []);
      } catch {
        return [] as Lot[];
      }
    },
    enabled: !!entityId,
    retry: false,
    staleTime: 60_000,
  });
}
