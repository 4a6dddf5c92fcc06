import { maskIdCard } from '@nongan/shared/entities/check-digits';
import type { EntityQuery, EntityView } from '@nongan/shared/entities/schemas';
import {
  type FieldAccess,
  FULL_ACCESS,
  type ProtectedField,
  restrictedFields,
} from '@nongan/shared/entities/visibility';
import { and, asc, count, desc, eq, ilike, inArray, like, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { inVillage, placeScope } from '../accounts/scope-sql.ts';
import { divisionNames } from '../regions/repository.ts';
import { keysLiteral, queryKeyGroups } from './search-keys.ts';
import { entities, entityColumns } from './table.ts';
import { shown } from './visibility.ts';

/** An entity as the directory reads it (entityColumns: without its search keys). */
export type EntityRow = Omit<typeof entities.$inferSelect, 'searchKeys'>;

/**
 * The scope as a WHERE clause: every query of entities starts from it. A village's entities are
 * read through their town (inVillage), since entities have no index by village alone.
 */
export function scopeWhere(scope: Scope): SQL {
  if (scope.kind === 'village')
    return and(eq(entities.districtCode, scope.districtCode), inVillage(entities, scope.villageCode)) as SQL;
  return placeScope(scope, { ...entities, entityId: entities.id });
}

/** A filtered total is counted up to this many rows (at least one page past the page shown); more shows as 「1000+」. */
export const COUNT_CAP = 1000;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Characters a credit code can hold (upper case) and a phone number: only such text can start one. */
const CREDIT_PREFIX = /^[0-9A-HJ-NPQRTUWXY]+$/;
const PHONE_PREFIX = /^[0-9-]+$/;

/**
 * Free text: anywhere in the name, legal representative or address (the search keys' index finds
 * the candidates and ILIKE checks them), or the start of the credit code or phone (their
 * text_pattern_ops indexes). The prefix arms are added only for text that can start a code or a
 * number: with them PostgreSQL ORs three indexes and rechecks every gram candidate's grams (70 ms
 * instead of 12 ms for a word in 6,000 names), so a Chinese word keeps the plain gram plan.
 */
function textWhere(q: string, access: FieldAccess): SQL {
  const text = escapeLike(q);
  const full = (f: ProtectedField) => access[f] === 'full';
  const groups = queryKeyGroups(q);
  const every = groups.filter((g) => g.length === 1).map((g) => g[0] as number);
  const grams = and(
    every.length ? sql`${entities.searchKeys} @> ${keysLiteral(every)}::integer[]` : undefined,
    ...groups
      .filter((g) => g.length > 1)
      .map((g) => sql`${entities.searchKeys} && ${keysLiteral(g)}::integer[]`),
  );
  const words = or(
    ilike(entities.name, `%${text}%`),
    full('legalRep') ? ilike(entities.legalRep, `%${text}%`) : undefined,
    full('address') ? ilike(entities.address, `%${text}%`) : undefined,
  );
  const prefixes = [
    CREDIT_PREFIX.test(q.toUpperCase()) ? like(entities.creditCode, `${text.toUpperCase()}%`) : undefined,
    full('phone') && PHONE_PREFIX.test(q) ? like(entities.phone, `${text}%`) : undefined,
  ].filter((c) => c !== undefined);
  if (prefixes.length === 0) return and(grams, words) as SQL;
  // Each arm of the first condition has its index; the second checks the candidates cheaply.
  return and(or(...prefixes, grams), or(...prefixes, words)) as SQL;
}

export function queryWhere(
  scope: Scope,
  q: Omit<EntityQuery, 'page' | 'pageSize' | 'sort'>,
  access: FieldAccess = FULL_ACCESS,
): SQL {
  return and(
    scopeWhere(scope),
    q.active === 'all' ? undefined : eq(entities.active, q.active !== 'false'),
    q.townCode ? eq(entities.townCode, q.townCode) : undefined,
    q.villageCode ? inVillage(entities, q.villageCode) : undefined,
    q.gridCode ? eq(entities.gridCode, q.gridCode) : undefined,
    q.type ? eq(entities.type, q.type) : undefined,
    // `@>` (not `= any`) so the GIN index on industries can answer it.
    q.industry ? sql`${entities.industries} @> array[${q.industry}]::text[]` : undefined,
    q.certificateTrial !== undefined ? eq(entities.certificateTrial, q.certificateTrial) : undefined,
    q.traceManaged !== undefined ? eq(entities.traceManaged, q.traceManaged) : undefined,
    q.riskGrade ? eq(entities.riskGrade, q.riskGrade) : undefined,
    // Text search only looks in what the role reads in full: a masked number cannot be found by typing it.
    q.q ? textWhere(q.q, access) : undefined,
  ) as SQL;
}

const ORDER = {
  name: [asc(entities.name), asc(entities.id)],
  updatedAt: [desc(entities.updatedAt), asc(entities.id)],
  createdAt: [desc(entities.createdAt), asc(entities.id)],
};

export async function searchEntities(
  db: Db,
  scope: Scope,
  q: EntityQuery,
  access: FieldAccess,
): Promise<{ items: EntityView[]; total: number; totalCapped: boolean }> {
  const where = queryWhere(scope, q, access);
  // Counting every match of a broad filter read the whole district on every page: count up to the
  // cap (or one page past the page shown, so the pager can always go on) and say when there are more.
  const cap = Math.max(COUNT_CAP, q.page * q.pageSize);
  const [rows, [counted]] = await Promise.all([
    db
      .select(entityColumns)
      .from(entities)
      .where(where)
      .orderBy(...ORDER[q.sort])
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(
      db
        .select({ one: sql`1`.as('one') })
        .from(entities)
        .where(where)
        .limit(cap + 1)
        .as('capped'),
    ),
  ]);
  const n = Number(counted?.n ?? 0);
  return { items: await toViews(db, rows, access), total: Math.min(n, cap), totalCapped: n > cap };
}

/** Rows in the order asked, for export (bounded by the caller). */
export async function selectEntities(
  db: Db,
  scope: Scope,
  q: Omit<EntityQuery, 'page' | 'pageSize'>,
  limit: number,
) {
  return db
    .select(entityColumns)
    .from(entities)
    .where(queryWhere(scope, q))
    .orderBy(...ORDER[q.sort])
    .limit(limit);
}

export async function getEntity(db: Db, id: string): Promise<EntityRow | null> {
  const [r] = await db.select(entityColumns).from(entities).where(eq(entities.id, id)).limit(1);
  return r ?? null;
}

export async function toViews(db: Db, rows: EntityRow[], access: FieldAccess): Promise<EntityView[]> {
  const names = await divisionNames(
    db,
    rows.flatMap((r) => [r.townCode, r.villageCode ?? '', r.gridCode ?? '']),
  );
  return rows.map((r) => toView(r, names, access));
}

export function toView(r: EntityRow, names: Map<string, string>, access: FieldAccess): EntityView {
  const see = <T>(key: string, v: T) => shown(access, key, v) as T;
  return {
    id: r.id,
    districtCode: r.districtCode,
    townCode: r.townCode,
    townName: names.get(r.townCode) ?? null,
    villageCode: r.villageCode,
    villageName: r.villageCode ? (names.get(r.villageCode) ?? null) : null,
    gridCode: r.gridCode,
    gridName: r.gridCode ? (names.get(r.gridCode) ?? null) : null,
    name: r.name,
    type: r.type as EntityView['type'],
    creditCode: r.creditCode,
    idCardMasked: see('idCard', r.idCard ? maskIdCard(r.idCard) : null),
    legalRep: see('legalRep', r.legalRep),
    phone: see('phone', r.phone),
    address: see('address', r.address),
    industries: r.industries as EntityView['industries'],
    mainProducts: r.mainProducts,
    scale: r.scale,
    certificateTrial: r.certificateTrial,
    traceManaged: r.traceManaged,
    riskGrade: r.riskGrade as EntityView['riskGrade'],
    lat: see('lat', r.lat),
    lng: see('lng', r.lng),
    remarks: see('remarks', r.remarks),
    active: r.active,
    deactivatedAt: r.deactivatedAt?.toISOString() ?? null,
    deactivateReason: r.deactivateReason,
    synthetic: r.synthetic,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    restricted: restrictedFields(access),
  };
}

/** The record an import row or a new entry is the same as: by credit code, else ID card, else name + town. */
export async function findSame(
  db: Db,
  districtCode: string,
  k: { creditCode?: string | null; idCard?: string | null; name: string; townCode: string },
): Promise<EntityRow | null> {
  const cond = k.creditCode
    ? eq(entities.creditCode, k.creditCode)
    : k.idCard
      ? eq(entities.idCard, k.idCard)
      : and(eq(entities.name, k.name), eq(entities.townCode, k.townCode));
  const [r] = await db
    .select(entityColumns)
    .from(entities)
    .where(and(eq(entities.districtCode, districtCode), cond))
    .limit(1);
  return r ?? null;
}

/** Names of the given entities, for labelling lists of other records. */
export async function entityNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: entities.id, name: entities.name })
    .from(entities)
    .where(inArray(entities.id, unique));
  return new Map(rows.map((e) => [e.id, e.name]));
}
