import { useSearchParams } from 'react-router-dom';

/** Paging and filters of a list, kept in the URL (page resets when a filter changes). */
export function useUrlQuery<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const q = {
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  } as { page: number; pageSize: number } & Partial<Record<K, string>>;
  for (const k of keys) {
    const v = params.get(k);
    if (v) (q as Record<string, unknown>)[k] = v;
  }
  const set = (patch: Partial<Record<K | 'page' | 'pageSize', string | number | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, String(v));
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  return { q, set };
}
