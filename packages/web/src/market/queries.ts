import type { Role, UserView } from '@nongan/shared/accounts/schemas';
import type {
  MARKET_RESULTS,
  marketCheckView,
  marketSummaryView,
  SupervisionColour,
} from '@nongan/shared/certificates/schemas';
import { type QuantityUnit, UNIT_LABELS, unitLabel } from '@nongan/shared/certificates/schemas';
import type { EntityView } from '@nongan/shared/entities/schemas';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { z } from 'zod';
import { api, type Page } from '../common/api.ts';

export type MarketCheck = z.infer<typeof marketCheckView>;
export type MarketSummary = z.infer<typeof marketSummaryView>;
export type MarketResult = (typeof MARKET_RESULTS)[number];
export type Unit = QuantityUnit;

// Mirrors the server's guards (certificates/market-service.ts) so the UI only offers what will be allowed.
export const MARKET_CHECKERS: readonly Role[] = [
  'market_checker',
  'town_supervisor',
  'district_admin',
  'district_staff',
];
export const MARKET_SUPERVISORS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];

/** A user scoped to the whole district must name the market of each check. */
export const districtWide = (u: UserView) => !u.scopeCode || u.scopeCode.length === 6;
/** The town a town- or village-scoped user works in. */
export const ownTown = (u: UserView) =>
  u.scopeCode && u.scopeCode.length >= 9 ? u.scopeCode.slice(0, 9) : undefined;

/** How each result looks: antd tag colour and the big result block's colours. */
export const RESULT_LOOK: Record<MarketResult, { tag: string; fg: string; bg: string; border: string }> = {
  valid: { tag: 'green', fg: '#237804', bg: '#f6ffed', border: '#b7eb8f' },
  revoked: { tag: 'red', fg: '#a8071a', bg: '#fff1f0', border: '#ffa39e' },
  invalid: { tag: 'red', fg: '#a8071a', bg: '#fff1f0', border: '#ffa39e' },
  unknown: { tag: 'orange', fg: '#ad4e00', bg: '#fff7e6', border: '#ffd591' },
  none: { tag: 'gold', fg: '#874d00', bg: '#fffbe6', border: '#ffe58f' },
};

/** What the checker should do next, by result. */
export const RESULT_HINTS: Record<MarketResult, string> = {
  valid: '请核对货物与合格证上的产品、数量、生产者和产地是否一致。',
  revoked: '该合格证已被开具人撤销，不能凭此证入市，请要求供货者提供有效合格证。',
  invalid: '签名校验未通过，可能为伪造或篡改。请暂停该批产品入市，并报告监管人员。',
  unknown: '追溯码格式正确但未在平台登记，请核实来源，必要时报告监管人员。',
  none: '已记录为无合格证入市。请督促供货者开具承诺达标合格证。',
};

export const COLOUR_TAGS: Record<SupervisionColour, { color: string; label: string }> = {
  green: { color: 'green', label: '绿码' },
  yellow: { color: 'gold', label: '黄码' },
  red: { color: 'red', label: '红码' },
};

export { UNIT_LABELS, unitLabel };
export const UNIT_OPTIONS = (Object.entries(UNIT_LABELS) as [QuantityUnit, string][]).map(
  ([value, label]) => ({
    value,
    label,
  }),
);
export const fmtQty = (q: number | null | undefined, unit: string | null | undefined) =>
  q == null ? '—' : `${q.toLocaleString('zh-CN', { maximumFractionDigits: 3 })} ${unitLabel(unit)}`;
export const fmtTime = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

export function useMarketChecks(q: Record<string, string | number | undefined>) {
  return useQuery({
    queryKey: ['market', 'checks', q],
    queryFn: () => api.get<Page<MarketCheck>>('/market-checks', q),
    placeholderData: (prev) => prev,
  });
}

export function useMarketSummary(q: { from?: string; to?: string }, enabled: boolean) {
  return useQuery({
    queryKey: ['market', 'summary', q],
    queryFn: () => api.get<MarketSummary>('/market-checks/summary', q),
    enabled,
    placeholderData: (prev) => prev,
  });
}

/** Markets (农产品市场) in the user's scope, searched by name. */
export function useMarkets(q: string) {
  return useQuery({
    queryKey: ['market', 'markets', q],
    queryFn: () =>
      api.get<Page<EntityView>>('/entities', {
        type: 'market',
        q: q || undefined,
        pageSize: 50,
        sort: 'name',
      }),
    staleTime: 5 * 60_000,
  });
}
