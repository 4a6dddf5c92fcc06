import { type AnyColumn, and, eq, type SQL } from 'drizzle-orm';
import type { Scope } from './scope.ts';

/** The columns that place a record: its district, town, village (when it has one) and entity. */
export interface PlaceColumns {
  districtCode: AnyColumn;
  townCode: AnyColumn;
  /** Absent for records kept by town only: a village user then sees the village's town. */
  villageCode?: AnyColumn;
  entityId: AnyColumn;
}

/** The scope as a WHERE clause over any table with place columns; every scoped query starts here. */
export function placeScope(scope: Scope, c: PlaceColumns): SQL {
  const d = eq(c.districtCode, scope.districtCode);
  switch (scope.kind) {
    case 'district':
      return d;
    case 'town':
      return and(d, eq(c.townCode, scope.townCode)) as SQL;
    case 'village':
      return and(
        d,
        c.villageCode
          ? eq(c.villageCode, scope.villageCode)
          : eq(c.townCode, townOfVillage(scope.villageCode)),
      ) as SQL;
    case 'entity':
      return and(d, eq(c.entityId, scope.entityId)) as SQL;
  }
}

/** A village's town: a division's code begins with its parent's (regions/import.ts checks it). */
export const townOfVillage = (villageCode: string): string => villageCode.slice(0, 9);

/**
 * Records of one village, with its town named too: a town's index then finds them. Every village
 * query of entities goes through this, since entities have no index by village (migration 0048).
 */
export function inVillage(c: { townCode: AnyColumn; villageCode: AnyColumn }, villageCode: string): SQL {
  return and(eq(c.townCode, townOfVillage(villageCode)), eq(c.villageCode, villageCode)) as SQL;
}
