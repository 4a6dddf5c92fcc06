import type { DivisionView } from '@nongan/shared/regions/schemas';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { divisions } from './table.ts';

type Row = typeof divisions.$inferSelect;

export const toDivisionView = (d: Row): DivisionView => ({
  code: d.code,
  name: d.name,
  level: d.level,
  parentCode: d.parentCode,
  districtCode: d.districtCode,
  kind: d.kind,
  formerName: d.formerName,
  keyTown: d.keyTown,
  active: d.active,
});

export async function getDivision(db: Db, code: string): Promise<Row | null> {
  const [d] = await db.select().from(divisions).where(eq(divisions.code, code));
  return d ?? null;
}

export async function listDivisions(
  db: Db,
  f: { districtCode: string; parentCode?: string; level?: Row['level']; includeInactive?: boolean },
): Promise<Row[]> {
  return db
    .select()
    .from(divisions)
    .where(
      and(
        eq(divisions.districtCode, f.districtCode),
        f.parentCode ? eq(divisions.parentCode, f.parentCode) : undefined,
        f.level ? eq(divisions.level, f.level) : undefined,
        f.includeInactive ? undefined : eq(divisions.active, true),
      ),
    )
    .orderBy(asc(divisions.code));
}

/** Names of the given codes, for labelling lists without a join per row. */
export async function divisionNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ code: divisions.code, name: divisions.name })
    .from(divisions)
    .where(inArray(divisions.code, unique));
  return new Map(rows.map((r) => [r.code, r.name]));
}
