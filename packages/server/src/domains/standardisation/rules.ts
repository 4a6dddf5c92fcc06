/**
 * Pure rules of standardised production: how versions of a procedure follow one another, and the
 * household reach rate (标准化入户率).
 */
import type { BaseStatus, EvaluationResult, VersionStatus } from '@nongan/shared/standardisation/schemas';

export type VersionAction = 'publish' | 'withdraw';

/** The status a version moves to, or null when the action does not apply to it. */
export function nextVersionStatus(from: VersionStatus, action: VersionAction): VersionStatus | null {
  if (action === 'publish') return from === 'draft' ? 'published' : null;
  return from === 'published' ? 'withdrawn' : null;
}

/** The number of a new version: one more than the highest so far. */
export function nextVersionNumber(versions: readonly { version: number }[]): number {
  return versions.reduce((m, v) => Math.max(m, v.version), 0) + 1;
}

/** A new draft may be started only when none is open. */
export function canStartDraft(versions: readonly { status: VersionStatus }[]): boolean {
  return !versions.some((v) => v.status === 'draft');
}

/** The current version: the published one (at most one; the database holds that). */
export function currentVersion<T extends { status: VersionStatus }>(versions: readonly T[]): T | null {
  return versions.find((v) => v.status === 'published') ?? null;
}

/**
 * Publishing a draft: the draft becomes current and the previously published version, if any,
 * is superseded (kept as history). Returns the changes to apply, or null when the version is no draft.
 */
export function publishPlan<T extends { id: string; status: VersionStatus }>(
  versions: readonly T[],
  draftId: string,
): { publish: string; supersede: string | null } | null {
  const draft = versions.find((v) => v.id === draftId);
  if (!draft || nextVersionStatus(draft.status, 'publish') === null) return null;
  return { publish: draft.id, supersede: currentVersion(versions)?.id ?? null };
}

// --- household reach ---

export interface ReachEntity {
  id: string;
  townCode: string;
  /** Product codes it produces, each with its ancestors in the catalogue (菠菜 → 叶菜类 → 蔬菜 …). */
  productCodes: readonly string[];
}

export interface ReachProcedure {
  /** Codes the current version covers (a category covers everything under it). */
  covers: readonly string[];
  /** Entities that received the current version. */
  receivedBy: ReadonlySet<string>;
}

export interface ReachCount {
  eligible: number;
  reached: number;
  rate: number | null;
}

const rate = (reached: number, eligible: number) => (eligible === 0 ? null : reached / eligible);

/**
 * The reach rate per town and for the district. An entity is eligible when it produces a
 * product one of the procedures covers; it is reached when it received the current version of
 * every procedure that covers one of its products.
 */
export function householdReach(
  entities: readonly ReachEntity[],
  procedures: readonly ReachProcedure[],
): { towns: Map<string, ReachCount>; district: ReachCount } {
  const towns = new Map<string, ReachCount>();
  let eligible = 0;
  let reached = 0;
  for (const e of entities) {
    const own = new Set(e.productCodes);
    const applicable = procedures.filter((p) => p.covers.some((c) => own.has(c)));
    if (applicable.length === 0) continue;
    const got = applicable.every((p) => p.receivedBy.has(e.id));
    const t = towns.get(e.townCode) ?? { eligible: 0, reached: 0, rate: null };
    t.eligible++;
    eligible++;
    if (got) {
      t.reached++;
      reached++;
    }
    towns.set(e.townCode, t);
  }
  for (const t of towns.values()) t.rate = rate(t.reached, t.eligible);
  return { towns, district: { eligible, reached, rate: rate(reached, eligible) } };
}

/** A base's status after an evaluation: 限期整改 puts it under rectification, a pass clears that. */
export function statusAfterEvaluation(current: BaseStatus, result: EvaluationResult): BaseStatus {
  if (current === 'revoked') return current;
  if (result === 'rectify' || result === 'fail') return 'rectifying';
  return 'designated';
}
