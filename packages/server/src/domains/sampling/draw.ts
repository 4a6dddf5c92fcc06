import { rng } from '../../demo/random.ts';

export interface DrawWeights {
  /** Production sites before harvest (the "three before" links). */
  preHarvest: number;
  smallholder: number;
  pastFailure: number;
  campaignVariety: number;
}
export const DEFAULT_WEIGHTS: DrawWeights = {
  preHarvest: 2,
  smallholder: 1.5,
  pastFailure: 3,
  campaignVariety: 2,
};

export interface Candidate {
  id: string;
  preHarvest: boolean;
  smallholder: boolean;
  pastFailure: boolean;
  campaignVariety: boolean;
}

/** An entity's draw weight: 1, multiplied by each extra weight that applies. */
export function weightOf(c: Candidate, w: DrawWeights): number {
  return (
    (c.preHarvest ? w.preHarvest : 1) *
    (c.smallholder ? w.smallholder : 1) *
    (c.pastFailure ? w.pastFailure : 1) *
    (c.campaignVariety ? w.campaignVariety : 1)
  );
}

/**
 * Weighted random sampling without replacement (Efraimidis–Spirakis: key = u^(1/w), take the
 * largest). Candidates are sorted by id first, so the same seed over the same directory gives
 * the same list — the draw can be repeated by an auditor.
 */
export function drawSample(
  candidates: Candidate[],
  n: number,
  seed: number,
  w: DrawWeights = DEFAULT_WEIGHTS,
): string[] {
  const r = rng(seed);
  return [...candidates]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c) => ({ id: c.id, key: r.next() ** (1 / weightOf(c, w)) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, Math.max(0, n))
    .map((x) => x.id);
}
