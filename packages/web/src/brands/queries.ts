import type { Role } from '@nongan/shared/accounts/schemas';
import type { BrandCertDetail, BrandCertView } from '@nongan/shared/brands/schemas';
import type { EligibilityView, Purpose } from '@nongan/shared/dossier/four-links';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Page } from '../common/api.ts';

// Mirrors the server's guards (brands/routes.ts).
export const BRAND_EDITORS: readonly Role[] = ['district_admin', 'district_staff'];
export const BRAND_REVIEWERS: readonly Role[] = [...BRAND_EDITORS, 'town_supervisor'];
export const BRAND_READERS: readonly Role[] = [...BRAND_REVIEWERS, 'producer'];

export type Progress = {
  year: number;
  target: number | null;
  done: number;
  byKind: { kind: string; label: string; done: number; target: number | null }[];
  source: string;
};
export type Licence = {
  id: string;
  brandName: string;
  entityId: string;
  entityName: string;
  townName: string;
  licensedOn: string;
  validUntil: string | null;
  products: { code: string; name: string }[];
  active: boolean;
};
export type RegionalBrand = {
  id: string;
  name: string;
  owner: string | null;
  note: string | null;
  licences: Licence[];
};
export type Decision = {
  id: string;
  purposeLabel: string;
  entityName: string;
  townName: string;
  year: number;
  title: string;
  decision: 'approved' | 'rejected';
  decisionLabel: string;
  warnings: string[];
  createdAt: string;
};

export const useCertList = (q: Record<string, string | number | undefined>) =>
  useQuery({
    queryKey: ['brands', 'list', q],
    queryFn: () => api.get<Page<BrandCertView>>('/brands/certifications', q),
    placeholderData: keepPreviousData,
  });
export const useCert = (id: string) =>
  useQuery({
    queryKey: ['brands', 'cert', id],
    queryFn: () => api.get<BrandCertDetail>(`/brands/certifications/${id}`),
  });
export const useProgress = (year: number) =>
  useQuery({
    queryKey: ['brands', 'progress', year],
    queryFn: () => api.get<Progress>('/brands/progress', { year }),
  });
export const useReminders = () =>
  useQuery({
    queryKey: ['brands', 'reminders'],
    queryFn: () => api.get<{ days: number; items: BrandCertView[] }>('/brands/reminders'),
  });
export const useRegional = () =>
  useQuery({ queryKey: ['brands', 'regional'], queryFn: () => api.get<RegionalBrand[]>('/brands/regional') });
export const useDecisions = (enabled: boolean) =>
  useQuery({
    queryKey: ['brands', 'decisions'],
    queryFn: () => api.get<Decision[]>('/brands/decisions'),
    enabled,
  });
export const useEligibility = (entityId: string | undefined, purpose: Purpose) =>
  useQuery({
    queryKey: ['brands', 'eligibility', entityId, purpose],
    queryFn: () => api.get<EligibilityView>(`/entities/${entityId}/eligibility`, { purpose }),
    enabled: !!entityId,
  });

/** An entity's certifications, for its file (一户一档). */
export const useEntityCerts = (entityId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['brands', 'list', { entityId }],
    queryFn: () => api.get<Page<BrandCertView>>('/brands/certifications', { entityId, pageSize: 50 }),
    enabled,
  });
