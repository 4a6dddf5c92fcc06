import type { Role } from '@nongan/shared/accounts/schemas';
import type { CampaignDetailView, CampaignView, varietiesView } from '@nongan/shared/campaigns/schemas';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Page } from '../common/api.ts';

export type { CampaignDetailView, CampaignView };
export type Varieties = z.infer<typeof varietiesView>;

// Mirrors the server's guards (campaigns/routes.ts).
export const CAMPAIGN_EDITORS: readonly Role[] = ['district_admin', 'district_staff'];
export const ITEM_EDITORS: readonly Role[] = [...CAMPAIGN_EDITORS, 'town_supervisor'];
export const CAMPAIGN_READERS: readonly Role[] = [...ITEM_EDITORS, 'testing_centre', 'village_coordinator'];

export type CampaignQuery = { page: number; pageSize: number; year?: string; status?: string; q?: string };

export const useCampaigns = (q: CampaignQuery) =>
  useQuery({
    queryKey: ['campaigns', 'list', q],
    queryFn: () => api.get<Page<CampaignView>>('/campaigns', q),
    placeholderData: keepPreviousData,
  });

export const useCampaign = (id: string) =>
  useQuery({
    queryKey: ['campaigns', 'one', id],
    queryFn: () => api.get<CampaignDetailView>(`/campaigns/${id}`),
  });

export const useVarieties = () =>
  useQuery({
    queryKey: ['campaigns', 'varieties'],
    queryFn: () => api.get<Varieties>('/campaigns/varieties'),
    staleTime: Infinity,
  });
