import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { parseCsvObjects } from './csv.ts';
import { divisions } from './table.ts';

const dataDir = new URL('./data/', import.meta.url);

export interface TownRow {
  code: string;
  name: string;
  kind: string;
  key_fruit_vegetable_town: string;
  former_name: string;
}

/** Checks a town file: 9-digit codes under the district, unique, with names. Throws with the line at fault. */
export function validateTowns(districtCode: string, rows: Record<string, string>[]): TownRow[] {
  const seen = new Set<string>();
  return rows.map((r, i) => {
    const line = i + 2;
    if (!/^\d{9}$/.test(r.code ?? '') || !r.code?.startsWith(districtCode)) {
      throw new Error(`第${line}行 code: 应为以 ${districtCode} 开头的9位代码`);
    }
    if (seen.has(r.code)) throw new Error(`第${line}行 code: 重复 ${r.code}`);
    seen.add(r.code);
    if (!r.name) throw new Error(`第${line}行 name: 不能为空`);
    if (!['town', 'street', 'township'].includes(r.kind ?? ''))
      throw new Error(`第${line}行 kind: 应为 town、street 或 township`);
    return r as unknown as TownRow;
  });
}

/** Upserts a district and its towns; used for the checked-in districts and by `nongan divisions load`. */
export async function loadDistrict(
  db: Db,
  d: { code: string; name: string; source: string },
  towns: TownRow[],
): Promise<number> {
  await db.transaction(async (tx) => {
    const values = [
      {
        code: d.code,
        name: d.name,
        level: 'district' as const,
        parentCode: null,
        districtCode: d.code,
        source: d.source,
      },
      ...towns.map((t) => ({
        code: t.code,
        name: t.name,
        level: 'town' as const,
        parentCode: d.code,
        districtCode: d.code,
        kind: t.kind,
        formerName: t.former_name || null,
        keyTown: t.key_fruit_vegetable_town === 'true',
        source: d.source,
      })),
    ];
    await tx
      .insert(divisions)
      .values(values)
      .onConflictDoUpdate({
        target: divisions.code,
        set: {
          name: sql`excluded.name`,
          kind: sql`excluded.kind`,
          formerName: sql`excluded.former_name`,
          keyTown: sql`excluded.key_town`,
          source: sql`excluded.source`,
        },
      });
  });
  return towns.length;
}

/** Loads every district listed in data/districts.csv (idempotent; runs at start-up after migrations). */
export async function loadReferenceDivisions(db: Db): Promise<number> {
  const list = parseCsvObjects(readFileSync(new URL('districts.csv', dataDir), 'utf8'));
  let n = 0;
  for (const d of list) {
    const code = d.code ?? '';
    const towns = validateTowns(
      code,
      parseCsvObjects(readFileSync(new URL(d.towns_file ?? '', dataDir), 'utf8')),
    );
    n += await loadDistrict(db, { code, name: d.name ?? '', source: d.source ?? '' }, towns);
  }
  return n;
}
