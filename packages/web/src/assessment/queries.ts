import { PERIOD_LABELS, PERIODS, type Period, type ResultsView } from '@nongan/shared/assessment/schemas';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { api } from '../common/api.ts';

// Mirrors the server's guards (shared/assessment/schemas.ts).
export { ASSESSMENT_EDITORS, ASSESSMENT_READERS } from '@nongan/shared/assessment/schemas';

export const HONOUR_COLORS = { commend: 'green', criticise: 'red' } as const;

/** Year and period from the address (this year, the whole year by default). */
export function usePeriod() {
  const [sp, setSp] = useSearchParams();
  const year = Number(sp.get('year')) || dayjs().year();
  const p = sp.get('period') as Period | null;
  const period: Period = p && (PERIODS as readonly string[]).includes(p) ? p : 'year';
  const set = (next: { year?: number; period?: Period }) => {
    const s = new URLSearchParams(sp);
    s.set('year', String(next.year ?? year));
    s.set('period', next.period ?? period);
    setSp(s, { replace: true });
  };
  return { year, period, set };
}

/** The periods that have started in a year. */
export function periodOptions(year: number) {
  const now = dayjs();
  return PERIODS.filter((p) => {
    if (year < now.year()) return true;
    if (p === 'year') return true;
    return (Number(p.slice(1)) - 1) * 3 <= now.month();
  }).map((p) => ({ value: p, label: PERIOD_LABELS[p] }));
}

export const yearOptions = () =>
  [0, 1, 2, 3, 4, 5].map((n) => ({ value: dayjs().year() - n, label: `${dayjs().year() - n}年` }));

export function useResults(year: number, period: Period, published = false) {
  return useQuery({
    queryKey: ['assessment', 'results', year, period, published],
    queryFn: () =>
      api.get<ResultsView>('/assessment/results', {
        year,
        period,
        published: published ? 'true' : undefined,
      }),
  });
}

/** Where a drill-down record lives in the app. */
export function drillLink(type: string, id: string | null): string | null {
  if (!id) return null;
  switch (type) {
    case 'sample':
      return `/monitoring/lab/${id}`;
    case 'rapid_test':
      return `/monitoring/rapid/${id}`;
    case 'inspection':
      return `/inspections/${id}`;
    case 'entity':
      return `/entities/${id}`;
    case 'case':
      return `/cases/${id}`;
    case 'brand':
      return '/brands';
    default:
      return null;
  }
}
