import type {
  InputKind,
  InputUseView,
  LotQuery,
  LotView,
  PurchaseQuery,
  PurchaseView,
} from '@nongan/shared/trace/production';
import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { HttpError } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { lotInScopeOr404 } from '../accounts/write-scope.ts';
import { entityNames, scopeWhere } from '../entities/repository.ts';
import { entities } from '../entities/table.ts';
import { divisionNames } from '../regions/repository.ts';
import { productName } from '../standards/catalog.ts';
import { findInput, type Input, type InputData, inputData, kindForProduct } from '../standards/inputs.ts';
import { inputPurchases, inputUses, productionLots } from './table.ts';

export type LotRow = typeof productionLots.$inferSelect;
export type UseRow = typeof inputUses.$inferSelect;
export type PurchaseRow = typeof inputPurchases.$inferSelect;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Lots the scope may see: by the place the lot was created at, or the producer's own entity. */
export function lotScopeWhere(scope: Scope): SQL {
  return placeScope(scope, productionLots);
}

export async function searchLots(db: Db, scope: Scope, q: LotQuery & { productCode?: string }) {
  const text = q.q ? `%${escapeLike(q.q)}%` : null;
  const where = and(
    lotScopeWhere(scope),
    q.entityId ? eq(productionLots.entityId, q.entityId) : undefined,
    q.townCode ? eq(productionLots.townCode, q.townCode) : undefined,
    q.productCode ? eq(productionLots.productCode, q.productCode) : undefined,
    q.status ? eq(productionLots.status, q.status) : undefined,
    text ? or(ilike(productionLots.lotNo, text), ilike(productionLots.plot, text)) : undefined,
  ) as SQL;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(productionLots)
      .where(where)
      .orderBy(desc(productionLots.createdAt), desc(productionLots.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(productionLots).where(where),
  ]);
  return {
    items: await lotViews(db, rows),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The lot if the scope may see it; 404 naming the field otherwise (other regions' lots are not confirmed). */
export async function findLot(db: Db, scope: Scope, id: string, field = 'id'): Promise<LotRow> {
  return lotInScopeOr404(db, scope, id, field);
}

export async function lotViews(db: Db, rows: LotRow[]): Promise<LotView[]> {
  if (rows.length === 0) return [];
  const [names, entName, counts] = await Promise.all([
    divisionNames(
      db,
      rows.map((r) => r.townCode),
    ),
    entityNames(
      db,
      rows.map((r) => r.entityId),
    ),
    db
      .select({ lotId: inputUses.lotId, n: count() })
      .from(inputUses)
      .where(
        and(
          eq(inputUses.districtCode, rows[0]!.districtCode),
          inArray(
            inputUses.lotId,
            rows.map((r) => r.id),
          ),
        ),
      )
      .groupBy(inputUses.lotId),
  ]);
  const useCount = new Map(counts.map((c) => [c.lotId, Number(c.n)]));
  return rows.map((r) => ({
    id: r.id,
    lotNo: r.lotNo,
    entityId: r.entityId,
    entityName: entName.get(r.entityId) ?? null,
    townCode: r.townCode,
    townName: names.get(r.townCode) ?? null,
    villageCode: r.villageCode,
    productCode: r.productCode,
    productName: productName(r.productCode),
    inputKind: kindForProduct(r.productCode),
    plot: r.plot,
    area: r.area,
    animals: r.animals,
    startedOn: r.startedOn,
    status: r.status as LotView['status'],
    harvestDate: r.harvestDate,
    harvestQuantity: r.harvestQuantity,
    harvestUnit: r.harvestUnit,
    note: r.note,
    useCount: useCount.get(r.id) ?? 0,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** A lot's uses in the order the check indexes them: date of use, then entry. */
export async function lotUses(db: Db, lot: { districtCode: string; id: string }): Promise<UseRow[]> {
  return db
    .select()
    .from(inputUses)
    .where(and(eq(inputUses.districtCode, lot.districtCode), eq(inputUses.lotId, lot.id)))
    .orderBy(asc(inputUses.usedOn), asc(inputUses.createdAt), asc(inputUses.id));
}

export function useViews(rows: UseRow[]): InputUseView[] {
  return rows.map((u) => ({
    id: u.id,
    lotId: u.lotId,
    input: u.input,
    inputCode: u.inputCode,
    inputName: u.inputCode ? (findInput(u.inputCode)?.name ?? null) : null,
    kind: u.kind as InputKind,
    usedOn: u.usedOn,
    dose: u.dose,
    area: u.area,
    animals: u.animals,
    operator: u.operator,
    createdAt: u.createdAt.toISOString(),
  }));
}

// ---- purchases ----

/**
 * Active input stores of the district by name: any writer may name the store an input came from,
 * wherever it is (a producer's scope does not reach other entities, so the directory search cannot).
 */
export async function searchStores(db: Db, districtCode: string, q: { q?: string; limit: number }) {
  const rows = await db
    .select({ id: entities.id, name: entities.name, townCode: entities.townCode })
    .from(entities)
    .where(
      and(
        eq(entities.districtCode, districtCode),
        eq(entities.type, 'input_store'),
        eq(entities.active, true),
        q.q ? ilike(entities.name, `%${escapeLike(q.q)}%`) : undefined,
      ),
    )
    .orderBy(asc(entities.name), asc(entities.id))
    .limit(q.limit);
  const names = await divisionNames(
    db,
    rows.map((r) => r.townCode),
  );
  return rows.map((r) => ({ ...r, townName: names.get(r.townCode) ?? null }));
}

/** Entities of the scope's place, as a subquery (purchases carry no place of their own). */
function entitiesIn(db: Db, scope: Scope) {
  return db.select({ id: entities.id }).from(entities).where(scopeWhere(scope));
}

/**
 * Purchases the scope may see: the buyer or the store is in the scope (a producer sees its own
 * purchases, and an input store its own sales).
 */
export function purchaseScopeWhere(db: Db, scope: Scope): SQL {
  const d = eq(inputPurchases.districtCode, scope.districtCode);
  switch (scope.kind) {
    case 'district':
      return d;
    case 'entity':
      return and(
        d,
        or(eq(inputPurchases.entityId, scope.entityId), eq(inputPurchases.storeId, scope.entityId)),
      ) as SQL;
    default:
      return and(
        d,
        or(
          inArray(inputPurchases.entityId, entitiesIn(db, scope)),
          inArray(inputPurchases.storeId, entitiesIn(db, scope)),
        ),
      ) as SQL;
  }
}

export async function searchPurchases(db: Db, scope: Scope, q: PurchaseQuery & { inputCode?: string }) {
  const text = q.q ? `%${escapeLike(q.q)}%` : null;
  const where = and(
    purchaseScopeWhere(db, scope),
    q.entityId ? eq(inputPurchases.entityId, q.entityId) : undefined,
    q.storeId ? eq(inputPurchases.storeId, q.storeId) : undefined,
    q.kind ? eq(inputPurchases.kind, q.kind) : undefined,
    q.from ? gte(inputPurchases.purchasedOn, q.from) : undefined,
    q.to ? lte(inputPurchases.purchasedOn, q.to) : undefined,
    text
      ? or(
          ilike(inputPurchases.input, text),
          ilike(inputPurchases.storeName, text),
          q.inputCode ? eq(inputPurchases.inputCode, q.inputCode) : undefined,
        )
      : undefined,
  ) as SQL;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(inputPurchases)
      .where(where)
      .orderBy(desc(inputPurchases.purchasedOn), desc(inputPurchases.createdAt), desc(inputPurchases.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(inputPurchases).where(where),
  ]);
  return {
    items: await purchaseViews(db, rows),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getPurchase(db: Db, districtCode: string, id: string): Promise<PurchaseRow> {
  const [r] = await db
    .select()
    .from(inputPurchases)
    .where(and(eq(inputPurchases.districtCode, districtCode), eq(inputPurchases.id, id)));
  if (!r) throw new HttpError(404, '购买记录不存在', [{ field: 'id', reason: '购买记录不存在' }]);
  return r;
}

export interface InputBan {
  productCode: string;
  productName: string;
  basis: string;
  item: string | null;
  verification: string | null;
}

/**
 * Where an input is banned: its own ban or the ban of the sum residue it is counted in (sampling
 * reference), and the use prohibitions of inputs/prohibitions.csv.
 */
export function inputBans(input: Input, data: InputData = inputData): InputBan[] {
  const out: InputBan[] = [];
  const ref = data.reference;
  const name = (code: string) => ref.products.get(code)?.name ?? code;
  const analytes = [input.source === 'sampling' ? input.code : null, input.partOf]
    .filter((c): c is string => c !== null)
    .map((c) => ref.analytes.get(c))
    .filter((a) => a !== undefined);
  for (const a of analytes)
    for (const p of a.prohibitedOn)
      out.push({
        productCode: p,
        productName: name(p),
        basis: a.prohibitedBasis ?? '',
        item: a.code === input.code ? null : `按${a.name}管理`,
        verification: null,
      });
  for (const r of data.prohibitions)
    if (r.input === input.code)
      out.push({
        productCode: r.product,
        productName: name(r.product),
        basis: r.basis,
        item: r.item,
        verification: r.verification,
      });
  return out;
}

function inputCodeBanned(code: string | null): boolean {
  const input = code ? findInput(code) : undefined;
  return input ? inputBans(input).length > 0 : false;
}

export async function purchaseViews(db: Db, rows: PurchaseRow[]): Promise<PurchaseView[]> {
  const names = await entityNames(
    db,
    rows.map((r) => r.entityId),
  );
  return rows.map((r) => ({
    id: r.id,
    entityId: r.entityId,
    entityName: names.get(r.entityId) ?? null,
    input: r.input,
    inputCode: r.inputCode,
    inputName: r.inputCode ? (findInput(r.inputCode)?.name ?? null) : null,
    kind: r.kind as InputKind,
    quantity: r.quantity,
    unit: r.unit,
    storeId: r.storeId,
    storeName: r.storeName,
    purchasedOn: r.purchasedOn,
    banned: inputCodeBanned(r.inputCode),
    createdAt: r.createdAt.toISOString(),
  }));
}
