import type { analyteOptions, LookupView, productOptions } from '@nongan/shared/standards/lookup';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../common/api.ts';

export type ProductOptions = z.infer<typeof productOptions>;
export type AnalyteOptions = z.infer<typeof analyteOptions>;

export const useProductOptions = (q: string) =>
  useQuery({
    queryKey: ['standards', 'products', q],
    queryFn: () => api.get<ProductOptions>('/standards/products', { q, limit: 500 }),
    placeholderData: keepPreviousData,
    staleTime: 10 * 60_000,
  });

export const useAnalyteOptions = (q: string) =>
  useQuery({
    queryKey: ['standards', 'analytes', q],
    queryFn: () => api.get<AnalyteOptions>('/standards/analytes', { q, limit: 500 }),
    placeholderData: keepPreviousData,
    staleTime: 10 * 60_000,
  });

export type LookupAsk = { product?: string; analyte?: string; date?: string };

export const useLookup = (ask: LookupAsk) =>
  useQuery({
    queryKey: ['standards', 'lookup', ask],
    queryFn: () => api.get<LookupView>('/standards/lookup', ask),
    enabled: !!(ask.product || ask.analyte),
    staleTime: 10 * 60_000,
  });
