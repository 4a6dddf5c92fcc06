import type { Role } from '@nongan/shared/accounts/schemas';
import type {
  IncidentDetailView,
  IncidentView,
  OpinionView,
  RiskPlanView,
} from '@nongan/shared/risk/schemas';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Page } from '../common/api.ts';

export type { IncidentDetailView, IncidentView, OpinionView, RiskPlanView };

// Mirrors the server's guards (risk/routes.ts).
export const RISK_EDITORS: readonly Role[] = ['district_admin', 'district_staff'];
export const INCIDENT_REPORTERS: readonly Role[] = [...RISK_EDITORS, 'town_supervisor'];
export const RISK_READERS: readonly Role[] = [...INCIDENT_REPORTERS, 'testing_centre', 'village_coordinator'];

export const useRiskPlans = () =>
  useQuery({ queryKey: ['risk', 'plans'], queryFn: () => api.get<RiskPlanView[]>('/risk/plans') });

export const useIncidents = (q: Record<string, string | number | undefined>) =>
  useQuery({
    queryKey: ['risk', 'incidents', q],
    queryFn: () => api.get<Page<IncidentView>>('/incidents', q),
    placeholderData: keepPreviousData,
  });

export const useIncident = (id: string) =>
  useQuery({
    queryKey: ['risk', 'incident', id],
    queryFn: () => api.get<IncidentDetailView>(`/incidents/${id}`),
  });

export const useOpinions = (q: Record<string, string | number | undefined>) =>
  useQuery({
    queryKey: ['risk', 'opinions', q],
    queryFn: () => api.get<Page<OpinionView>>('/opinions', q),
    placeholderData: keepPreviousData,
  });
