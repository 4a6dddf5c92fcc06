import type { Rng } from './random.ts';

export interface Quota {
  taskKind: string;
  holderCode: string;
  quota: number;
}

/**
 * How many synthetic tests each holder did: its quota times the share of the year elapsed, so a
 * healthy district is on pace, with a little spread and a few holders behind (a realistic problem,
 * not a failing district). `total`, when given, rescales everything (small test districts).
 */
export function allocate(
  quotas: Quota[],
  share: number,
  r: Rng,
  opts: { behind?: number; total?: number } = {},
): Map<string, number> {
  const behind = new Set(
    [...quotas]
      .sort(() => r.next() - 0.5)
      .slice(0, opts.behind ?? 0)
      .map((q) => `${q.taskKind}|${q.holderCode}`),
  );
  const raw = quotas.map((q) => {
    const key = `${q.taskKind}|${q.holderCode}`;
    const pace = behind.has(key) ? 0.6 + r.next() * 0.2 : 1.0 + r.next() * 0.08;
    return [key, q.quota * share * pace] as const;
  });
  const sum = raw.reduce((s, [, n]) => s + n, 0);
  const scale = opts.total !== undefined && sum > 0 ? opts.total / sum : 1;
  return new Map(raw.map(([k, n]) => [k, Math.round(n * scale)]));
}
