import { chinaToday } from '@nongan/shared/common/dates';
import { PLAN_TARGETS, type ReachView, type TargetsView } from '@nongan/shared/standardisation/schemas';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { divisions } from '../regions/table.ts';
import { householdReach } from './rules.ts';
import { reach } from './service.ts';
import { stdBases, stdProcedureVersions, stdTargets } from './table.ts';

/** The reach table: every town of the scope (a town with no covered producer has no rate). */
export async function reachView(db: Db, scope: Scope, procedureId?: string): Promise<ReachView> {
  const { procedures, entities } = await reach(db, scope, procedureId);
  const r = householdReach(entities, procedures);
  const townCode =
    scope.kind === 'town' ? scope.townCode : scope.kind === 'village' ? scope.villageCode.slice(0, 9) : null;
  const towns = await db
    .select({ code: divisions.code, name: divisions.name })
    .from(divisions)
    .where(
      and(
        eq(divisions.districtCode, scope.districtCode),
        eq(divisions.level, 'town'),
        eq(divisions.active, true),
        townCode ? eq(divisions.code, townCode) : undefined,
      ),
    )
    .orderBy(asc(divisions.code));
  const rows = towns.map((t) => ({
    townCode: t.code,
    townName: t.name,
    ...(r.towns.get(t.code) ?? { eligible: 0, reached: 0, rate: null }),
  }));
  const [district] = await db
    .select({ name: divisions.name })
    .from(divisions)
    .where(eq(divisions.code, scope.districtCode));
  return {
    procedureId: procedureId ?? null,
    towns: rows,
    district: {
      townCode: townCode ?? scope.districtCode,
      townName: townCode ? (towns[0]?.name ?? '本镇街') : (district?.name ?? '全区'),
      ...r.district,
    },
  };
}

/** The year's targets (the district's setting, else the plan's for its year) and progress. */
export async function targetsView(db: Db, scope: Scope, year: number): Promise<TargetsView> {
  const d = scope.districtCode;
  const [set] = await db
    .select()
    .from(stdTargets)
    .where(and(eq(stdTargets.districtCode, d), eq(stdTargets.year, year)));
  const plan = year === PLAN_TARGETS.year ? PLAN_TARGETS : null;
  // 制（修）订: procedures with a version first published in the year (new or revised).
  const [p] = await db
    .select({ n: sql<number>`count(distinct ${stdProcedureVersions.procedureId})::int` })
    .from(stdProcedureVersions)
    .where(
      and(
        eq(stdProcedureVersions.districtCode, d),
        inArray(stdProcedureVersions.status, ['published', 'superseded', 'withdrawn']),
        sql`extract(year from ${stdProcedureVersions.publishedOn}) = ${year}`,
      ),
    );
  const [b] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(stdBases)
    .where(
      and(eq(stdBases.districtCode, d), eq(stdBases.designatedYear, year), ne(stdBases.status, 'revoked')),
    );
  const thisYear = Number(chinaToday().slice(0, 4));
  // The reach rate is a state, not a yearly count: shown for the current year only.
  const rate =
    year === thisYear ? (await reachView(db, { kind: 'district', districtCode: d })).district.rate : null;
  return {
    year,
    procedures: { target: set?.procedures ?? plan?.procedures ?? null, done: Number(p?.n ?? 0) },
    bases: { target: set?.bases ?? plan?.bases ?? null, done: Number(b?.n ?? 0) },
    reach: { target: set ? set.reachRate : (plan?.reachRate ?? null), rate },
    source: set?.source ?? plan?.source ?? null,
    fromSetting: !!set,
  };
}
