import type {
  checklistView,
  coverageView,
  dutyView,
  gridPeopleView,
  gridView,
  InspectionBody,
  inspectionDetail,
  inspectionView,
  lookupView,
  rectView,
  settingsView,
} from '@nongan/shared/inspections/schemas';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Page } from '../common/api.ts';
import { submitOrQueue } from '../offline/outbox.ts';

export type DutyView = z.infer<typeof dutyView>;
export type CoverageView = z.infer<typeof coverageView>;
export type ChecklistView = z.infer<typeof checklistView>;
export type InspectionView = z.infer<typeof inspectionView>;
export type InspectionDetail = z.infer<typeof inspectionDetail>;
export type RectView = z.infer<typeof rectView>;
export type GridView = z.infer<typeof gridView>;
export type GridPerson = z.infer<typeof gridPeopleView>;
export type LookupView = z.infer<typeof lookupView> & { checklist: ChecklistView };
export type SettingsView = z.infer<typeof settingsView>;
export type { InspectionBody };

type Query = Record<string, string | number | undefined>;

export const useDuties = (q: Query) =>
  useQuery({
    queryKey: ['inspections', 'duties', q],
    queryFn: () => api.get<Page<DutyView>>('/inspections/duties', q),
    placeholderData: keepPreviousData,
  });

export const useCoverage = (q: Query) =>
  useQuery({
    queryKey: ['inspections', 'coverage', q],
    queryFn: () => api.get<CoverageView>('/inspections/coverage', q),
    placeholderData: keepPreviousData,
  });

export const useInspections = (q: Query) =>
  useQuery({
    queryKey: ['inspections', 'list', q],
    queryFn: () => api.get<Page<InspectionView>>('/inspections', q),
    placeholderData: keepPreviousData,
  });

export const useInspection = (id: string) =>
  useQuery({
    queryKey: ['inspections', 'one', id],
    queryFn: () => api.get<InspectionDetail>(`/inspections/${id}`),
  });

export const useRectifications = (q: Query) =>
  useQuery({
    queryKey: ['inspections', 'rects', q],
    queryFn: () => api.get<Page<RectView>>('/rectifications', q),
    placeholderData: keepPreviousData,
  });

export const useChecklists = () =>
  useQuery({
    queryKey: ['inspections', 'checklists'],
    queryFn: () => api.get<ChecklistView[]>('/inspections/checklists'),
  });

export const useGrids = (townCode?: string) =>
  useQuery({
    queryKey: ['inspections', 'grids', townCode ?? null],
    queryFn: () => api.get<GridView[]>('/inspections/grids', { townCode }),
  });

export const useGridPeople = (townCode?: string) =>
  useQuery({
    queryKey: ['inspections', 'grid-people', townCode ?? null],
    queryFn: () => api.get<GridPerson[]>('/inspections/grid-people', { townCode }),
    enabled: !!townCode,
  });

export const useSettings = () =>
  useQuery({
    queryKey: ['inspections', 'settings'],
    queryFn: () => api.get<SettingsView>('/inspections/settings'),
  });

export const lookupEntity = (code: string) => api.get<LookupView>('/inspections/lookup', { code });

/** A v4 UUID; crypto.randomUUID exists only on HTTPS/localhost, getRandomValues everywhere. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The one submit path of the inspection form. The body carries a client-generated `clientId`,
 * so sending it again (the offline outbox replaying it) returns the original record.
 */
export const submitInspection = (
  body: InspectionBody,
  photos: { itemKey: string; file: File }[],
  label: string,
) =>
  submitOrQueue<InspectionDetail>({
    kind: 'inspection',
    url: '/inspections',
    body: body as unknown as Record<string, unknown>,
    clientId: body.clientId,
    files: photos.map((p) => ({ field: p.itemKey, name: p.file.name, blob: p.file })),
    attachTo: '/inspections/{id}/photos',
    label,
  });

export const photoUrl = (inspectionId: string, photoId: string) =>
  `/api/inspections/${inspectionId}/photos/${photoId}`;

/** The current quarter in China time, YYYY-Qn. */
export function currentQuarter(now = new Date()): string {
  const d = new Date(now.getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** The last few quarters, newest first, for the quarter filter. */
export function recentQuarters(n = 6, now = new Date()): { value: string; label: string }[] {
  const [y, q] = currentQuarter(now).split('-Q').map(Number) as [number, number];
  const out = [];
  for (let i = 0; i < n; i++) {
    const k = q - 1 - i;
    const year = y + Math.floor(k / 4);
    const quarter = (((k % 4) + 4) % 4) + 1;
    out.push({ value: `${year}-Q${quarter}`, label: `${year} 年第${'一二三四'[quarter - 1]}季度` });
  }
  return out;
}
export const quarterLabel = (q: string) => `${q.slice(0, 4)} 年第${'一二三四'[Number(q.slice(6)) - 1]}季度`;
