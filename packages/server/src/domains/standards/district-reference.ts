/**
 * The reference data a district judges with: the checked-in data with the district's active
 * imported limits tables laid over it. Cached per district in this process; each call checks the
 * list of active sets (one small query), so an activation in another process is seen too.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  type LimitKind,
  type OverlayRow,
  overlayLimits,
  type ReferenceData,
  reference,
  type Verification,
} from './reference.ts';
import { limitSetRows, limitSets } from './table.ts';
import type { CanonicalUnit } from './units.ts';

const cache = new Map<string, { signature: string; data: ReferenceData }>();

/** Drops a district's cached data (after an activation or withdrawal). */
export function forgetDistrict(districtCode: string): void {
  cache.delete(districtCode);
}

export async function loadSetRows(db: Db, districtCode: string, setIds: string[]): Promise<OverlayRow[]> {
  if (setIds.length === 0) return [];
  const rows = await db
    .select()
    .from(limitSetRows)
    .where(and(eq(limitSetRows.districtCode, districtCode), inArray(limitSetRows.setId, setIds)))
    .orderBy(asc(limitSetRows.line));
  const order = new Map(setIds.map((id, i) => [id, i]));
  return rows
    .sort((a, b) => (order.get(a.setId) ?? 0) - (order.get(b.setId) ?? 0))
    .map((r) => ({
      analyte: r.analyteCode,
      product: r.productCode,
      limit: r.limit,
      unit: r.unit as CanonicalUnit,
      kind: r.kind as LimitKind,
      standard: r.standard,
      item: r.item,
      excludes: r.excludes ? r.excludes.split('|') : [],
      verification: r.verification as Verification,
      source: r.source,
      notes: '',
      line: r.line,
    }));
}

/** The ids of the district's active sets, oldest activation first. */
export async function activeSetIds(db: Db, districtCode: string): Promise<string[]> {
  const rows = await db
    .select({ id: limitSets.id })
    .from(limitSets)
    .where(and(eq(limitSets.districtCode, districtCode), eq(limitSets.status, 'active')))
    .orderBy(asc(limitSets.activatedAt), asc(limitSets.id));
  return rows.map((r) => r.id);
}

/** The checked-in data with the given sets laid over it, in order. */
export async function dataWithSets(db: Db, districtCode: string, setIds: string[]): Promise<ReferenceData> {
  if (setIds.length === 0) return reference;
  return overlayLimits(
    reference,
    await loadSetRows(db, districtCode, setIds),
    `${reference.version}+本区导入${setIds.length}份`,
  );
}

/** The data the district's verdicts use now. */
export async function referenceFor(db: Db, districtCode: string): Promise<ReferenceData> {
  const ids = await activeSetIds(db, districtCode);
  const signature = ids.join(',');
  const hit = cache.get(districtCode);
  if (hit && hit.signature === signature) return hit.data;
  const data = await dataWithSets(db, districtCode, ids);
  cache.set(districtCode, { signature, data });
  return data;
}
