import { randomUUID } from 'node:crypto';
import type { Role } from '@nongan/shared/accounts/schemas';
import {
  type Basis,
  MARKET_RESULT_LABELS,
  MARKET_RESULTS,
  type MarketCheckHistory,
  type MarketCheckView,
  type marketCheckBody,
  type marketCheckQuery,
  type marketSummaryQuery,
  type SupervisionColour,
} from '@nongan/shared/certificates/schemas';
import { convertQuantity, exceeds, formatQuantity, mismatchReason } from '@nongan/shared/common/units';
import { and, count, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { fieldError, HttpError } from '../../platform/http-error.ts';
import type { AuthUser, Scope } from '../accounts/scope.ts';
import { inScope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { users } from '../accounts/table.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { entities } from '../entities/table.ts';
import { townName as townNameOf } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { ambiguousProduct, findProduct, productName } from '../standards/catalog.ts';
import { addDays, chinaDate } from '../trace/rules.ts';
import { traceEvents } from '../trace/table.ts';
import { isUniqueViolation, lockCertificate } from './holdings.ts';
import type { KeyRing } from './keys.ts';
import { entityColour, type FoundCertificate, lookupCode } from './scan-service.ts';
import { certificates, marketChecks } from './table.ts';
import { codeOf } from './trace-code.ts';

/**
 * Market entry check (入市查验): a checker scans or types the code of a lot arriving at a market,
 * the platform says whether its certificate is valid and records the check; a lot that came
 * without a certificate is recorded as such. A valid certificate's lot is received at the market
 * (a `receive` trace event), in the same transaction as the check and its audit row.
 */

export const MARKET_CHECKERS: readonly Role[] = [
  'market_checker',
  'town_supervisor',
  'district_admin',
  'district_staff',
];
export const MARKET_SUPERVISORS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];

type Result = (typeof MARKET_RESULTS)[number];
type CheckRow = typeof marketChecks.$inferSelect;

/** The town a user's checks belong to when no market says otherwise. */
function townOfScope(scope: Scope): string | null {
  if (scope.kind === 'town') return scope.townCode;
  if (scope.kind === 'village') return scope.villageCode.slice(0, 9);
  return null;
}

/** The market the check happens at: the one chosen, else the checker's own entity, if any. */
async function marketOf(db: Db, user: AuthUser, scope: Scope, marketId: string | undefined) {
  const id = marketId ?? user.entityId;
  if (!id) return null;
  const [m] = await db
    .select({
      id: entities.id,
      name: entities.name,
      type: entities.type,
      townCode: entities.townCode,
      villageCode: entities.villageCode,
      districtCode: entities.districtCode,
    })
    .from(entities)
    .where(and(eq(entities.districtCode, scope.districtCode), eq(entities.id, id)));
  if (!marketId) return m ?? null;
  if (!m || !inScope(scope, m)) throw fieldError('marketId', '市场未登记或不在本人辖区');
  if (m.type !== 'market') throw fieldError('marketId', '所选主体不是农产品市场');
  return m;
}

function classify(input: string | undefined, check: Awaited<ReturnType<typeof lookupCode>> | null): Result {
  if (!input) return 'none';
  if (!check?.check.ok) return 'invalid';
  if (!check.found) return 'unknown';
  return check.found.status === 'revoked' ? 'revoked' : 'valid';
}

/** What a checker compares with the goods; `c` is a lookup result or a row of the list query. */
const summaryOf = (
  c: Pick<
    FoundCertificate,
    | 'id'
    | 'certNo'
    | 'status'
    | 'productName'
    | 'quantity'
    | 'unit'
    | 'entityName'
    | 'promiser'
    | 'origin'
    | 'issueDate'
    | 'bases'
    | 'legacyBasis'
    | 'revokedAt'
    | 'revokeReason'
  >,
  colour: SupervisionColour | null,
) => ({
  id: c.id,
  certNo: c.certNo,
  status: c.status as 'valid' | 'revoked',
  productName: c.productName,
  quantity: c.quantity,
  unit: c.unit,
  producerName: c.entityName ?? c.promiser,
  origin: c.origin,
  issueDate: c.issueDate,
  bases: c.bases as Basis[],
  legacyBasis: c.legacyBasis,
  revokedAt: c.revokedAt?.toISOString() ?? null,
  revokeReason: c.revokeReason,
  colour,
});

/** A check sent before under `clientId` by this checker; another checker's id is refused, unread. */
async function sentBefore(db: Db, scope: Scope, user: AuthUser, clientId: string | undefined) {
  if (!clientId) return null;
  const [row] = await db
    .select()
    .from(marketChecks)
    .where(and(eq(marketChecks.districtCode, scope.districtCode), eq(marketChecks.clientId, clientId)));
  if (!row) return null;
  if (row.checkedBy !== user.id)
    throw new HttpError(409, '提交编号重复，请重新录入后提交', [
      { field: 'clientId', reason: '提交编号已被使用' },
    ]);
  return row;
}

/**
 * Records a check; `replayed` when the same checker sent this clientId before (an outbox sync
 * repeated): then nothing is written and the first check is returned.
 */
export async function recordMarketCheck(
  db: Db,
  ring: KeyRing,
  actor: Actor & { user: AuthUser },
  scope: Scope,
  body: z.infer<typeof marketCheckBody>,
  retried = false,
): Promise<{ view: MarketCheckView; replayed: boolean }> {
  const earlier = await sentBefore(db, scope, actor.user, body.clientId);
  if (earlier) return { view: (await checkViews(db, scope.districtCode, [earlier]))[0]!, replayed: true };
  const market = await marketOf(db, actor.user, scope, body.marketId);
  const townCode = market?.townCode ?? townOfScope(scope);
  if (!townCode) throw fieldError('marketId', '请选择查验的市场');
  // Keep the code itself, not the link it came in (the host part says nothing about the label).
  const input = body.code ? codeOf(body.code) || undefined : undefined;
  const lookup = input ? await lookupCode(db, ring, input) : null;
  const result = classify(input, lookup);
  const cert = result === 'valid' || result === 'revoked' ? (lookup?.found ?? null) : null;
  // A name that may mean several products is asked back, never guessed; an unknown one is kept as typed.
  const ambiguous = body.product ? ambiguousProduct('product', body.product) : null;
  if (ambiguous) throw ambiguous;
  // Reading a genuine code is public, but the check only links to (and adds a receipt event on)
  // a certificate of the checker's own district: other districts' records are not written to.
  const own = cert?.districtCode === scope.districtCode ? cert : null;
  const typed = body.product ? (findProduct(body.product)?.code ?? body.product) : null;
  const checkedAt = body.checkedAt ? new Date(body.checkedAt) : new Date();
  const row: CheckRow = {
    id: randomUUID(),
    districtCode: scope.districtCode,
    marketId: market?.id ?? null,
    townCode,
    checkedAt,
    // A genuine code is kept in its canonical spelling (a compact code typed in lower case too).
    code: lookup?.check.ok ? lookup.check.code : (input ?? null),
    certificateId: own?.id ?? null,
    result,
    // A product not in the catalogue is kept as typed, so the record says what came in.
    productCode: cert?.productCode ?? typed,
    quantity: body.quantity ?? null,
    unit: body.quantity != null ? (body.unit ?? cert?.unit ?? null) : (body.unit ?? null),
    supplier: body.supplier ?? cert?.entityName ?? cert?.promiser ?? null,
    note: body.note ?? null,
    checkedBy: actor.user.id,
    clientId: body.clientId ?? null,
  };
  // The goods are compared with the certificate through the unit table: 头 are never 公斤.
  if (cert && row.quantity != null && row.unit && convertQuantity(row.quantity, row.unit, cert.unit) === null)
    throw fieldError('unit', mismatchReason(row.unit, cert.unit, '合格证'));
  const townName = townNameOf(await divisionNames(db, [townCode]), townCode);
  let raced = false;
  const history = await db
    .transaction(async (tx) => {
      // One certificate's checks one after another, so two at once both see the other's quantity.
      if (cert) await lockCertificate(tx, cert.districtCode, cert.id);
      const h = input ? await checkHistory(tx, row, cert) : null;
      await tx.insert(marketChecks).values(row);
      if (own && result === 'valid')
        await tx.insert(traceEvents).values({
          id: randomUUID(),
          districtCode: own.districtCode,
          certificateId: own.id,
          type: 'receive',
          at: checkedAt,
          placeId: market?.id ?? townCode,
          placeName: market?.name ?? townName,
          townCode,
          fromEntityId: own.entityId,
          toEntityId: market?.id ?? null,
          quantity: row.quantity,
          unit: row.quantity != null ? row.unit : null,
          detail: { marketCheckId: row.id, via: 'market_check' },
          recordedBy: actor.user.id,
        });
      await writeAudit(tx, actor, {
        action: 'market.check',
        subjectType: 'market_check',
        subjectId: row.id,
        regionCode: townCode,
        after: row,
      });
      return h;
    })
    .catch((e) => {
      // A twin request took this clientId first: the second run finds it and returns it.
      if (retried || !isUniqueViolation(e, 'market_checks_client_uq')) throw e;
      raced = true;
      return null;
    });
  if (raced) return recordMarketCheck(db, ring, actor, scope, body, true);
  const colour = cert ? (await entityColour(db, cert.districtCode, cert.entityId)).colour : null;
  const view = {
    ...baseView(row, { townName, marketName: market?.name ?? null, checkerName: actor.user.displayName }),
    certificate: cert ? summaryOf(cert, colour) : null,
    history,
  };
  return { view, replayed: false };
}

/** The earlier checks of a check's code in its district, and the quantity checked so far. */
async function checkHistory(
  tx: Db,
  row: CheckRow,
  cert: Pick<FoundCertificate, 'quantity' | 'unit'> | null,
): Promise<MarketCheckHistory> {
  const earlier = await tx
    .select({
      checkedAt: marketChecks.checkedAt,
      marketId: marketChecks.marketId,
      townCode: marketChecks.townCode,
      quantity: marketChecks.quantity,
      unit: marketChecks.unit,
    })
    .from(marketChecks)
    .where(and(eq(marketChecks.districtCode, row.districtCode), eq(marketChecks.code, row.code as string)))
    .orderBy(marketChecks.checkedAt);
  const marketIds = [...new Set(earlier.map((e) => e.marketId).filter((x): x is string => !!x))];
  const markets = marketIds.length
    ? await tx
        .select({ id: entities.id, name: entities.name })
        .from(entities)
        .where(and(eq(entities.districtCode, row.districtCode), inArray(entities.id, marketIds)))
    : [];
  const towns = await divisionNames(tx, [...new Set(earlier.map((e) => e.townCode))]);
  const marketNames = new Map(markets.map((m) => [m.id, m.name]));
  const places = new Map<string, number>();
  for (const e of earlier) {
    const name = (e.marketId && marketNames.get(e.marketId)) || towns.get(e.townCode) || e.townCode;
    places.set(name, (places.get(name) ?? 0) + 1);
  }
  let checked = 0;
  let uncounted = 0;
  for (const e of [...earlier, row]) {
    const q = cert && e.quantity != null && e.unit ? convertQuantity(e.quantity, e.unit, cert.unit) : null;
    if (q === null) uncounted++;
    else checked += q;
  }
  const over = !!cert && exceeds(checked, cert.quantity);
  return {
    earlier: earlier.length,
    firstAt: earlier[0]?.checkedAt.toISOString() ?? null,
    lastAt: earlier.at(-1)?.checkedAt.toISOString() ?? null,
    places: [...places].map(([name, count]) => ({ name, count })),
    checkedQuantity: cert ? checked : null,
    unit: cert?.unit ?? null,
    uncounted,
    overQuantity: over,
    warning: over
      ? `本码已查验 ${earlier.length + 1} 次，累计查验 ${formatQuantity(checked, cert!.unit)}，超过合格证数量 ${formatQuantity(cert!.quantity, cert!.unit)}：合格证可能被重复使用，请核实货物来源`
      : null,
  };
}

/** The names a check shows, read by each caller in its own way (one check, or a page of them). */
type CheckNames = Pick<MarketCheckView, 'townName' | 'marketName' | 'checkerName'>;

function baseView(r: CheckRow, names: CheckNames): MarketCheckView {
  return {
    id: r.id,
    checkedAt: r.checkedAt.toISOString(),
    marketId: r.marketId,
    marketName: names.marketName,
    townCode: r.townCode,
    townName: names.townName,
    code: r.code,
    result: r.result as Result,
    resultLabel: MARKET_RESULT_LABELS[r.result as Result] ?? r.result,
    certificateId: r.certificateId,
    productCode: r.productCode,
    // A product outside the catalogue is kept as typed (any text, 'kiwi' too): shown as typed.
    productName: r.productCode ? (productName(r.productCode) ?? r.productCode) : null,
    quantity: r.quantity,
    unit: r.unit,
    supplier: r.supplier,
    note: r.note,
    checkedBy: r.checkedBy,
    checkerName: names.checkerName,
    certificate: null,
    history: null,
  };
}

/** The scope as a WHERE clause over market checks (by the town the check belongs to). */
export function marketCheckScope(scope: Scope): SQL {
  return placeScope(scope, { ...marketChecks, villageCode: undefined, entityId: marketChecks.marketId });
}

/** China calendar dates as an instant range [from 00:00, to+1 00:00). */
function dateRange(from: string | undefined, to: string | undefined) {
  return and(
    from ? gte(marketChecks.checkedAt, new Date(`${from}T00:00:00+08:00`)) : undefined,
    to ? lt(marketChecks.checkedAt, new Date(`${addDays(to, 1)}T00:00:00+08:00`)) : undefined,
  );
}

export async function searchMarketChecks(db: Db, scope: Scope, q: z.infer<typeof marketCheckQuery>) {
  const where = and(
    marketCheckScope(scope),
    q.result ? eq(marketChecks.result, q.result) : undefined,
    q.townCode ? eq(marketChecks.townCode, q.townCode) : undefined,
    q.marketId ? eq(marketChecks.marketId, q.marketId) : undefined,
    dateRange(q.from, q.to),
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(marketChecks)
      .where(where)
      .orderBy(desc(marketChecks.checkedAt), desc(marketChecks.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(marketChecks).where(where),
  ]);
  return {
    items: await checkViews(db, scope.districtCode, rows),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Views of a page of checks: names and certificates in one query each. */
async function checkViews(db: Db, districtCode: string, rows: CheckRow[]): Promise<MarketCheckView[]> {
  if (rows.length === 0) return [];
  const ids = <K extends keyof CheckRow>(k: K) =>
    [...new Set(rows.map((r) => r[k]).filter((x): x is NonNullable<CheckRow[K]> => !!x))] as string[];
  const certIds = ids('certificateId');
  const checkerIds = ids('checkedBy');
  const [certs, towns, checkers] = await Promise.all([
    certIds.length
      ? db
          .select({
            id: certificates.id,
            certNo: certificates.certNo,
            status: certificates.status,
            productName: certificates.productName,
            quantity: certificates.quantity,
            unit: certificates.unit,
            promiser: certificates.promiser,
            entityName: entities.name,
            origin: certificates.origin,
            issueDate: certificates.issueDate,
            bases: certificates.bases,
            legacyBasis: certificates.legacyBasis,
            revokedAt: certificates.revokedAt,
            revokeReason: certificates.revokeReason,
          })
          .from(certificates)
          .leftJoin(
            entities,
            and(eq(entities.districtCode, certificates.districtCode), eq(entities.id, certificates.entityId)),
          )
          .where(and(eq(certificates.districtCode, districtCode), inArray(certificates.id, certIds)))
      : Promise.resolve([]),
    divisionNames(
      db,
      rows.map((r) => r.townCode),
    ),
    checkerIds.length
      ? db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, checkerIds))
      : Promise.resolve([]),
  ]);
  const marketIds = ids('marketId');
  const markets = marketIds.length
    ? await db
        .select({ id: entities.id, name: entities.name })
        .from(entities)
        .where(and(eq(entities.districtCode, districtCode), inArray(entities.id, marketIds)))
    : [];
  const certById = new Map(certs.map((c) => [c.id, c]));
  const marketName = new Map(markets.map((m) => [m.id, m.name]));
  const checkerName = new Map(checkers.map((u) => [u.id, u.name]));
  return rows.map((r) => {
    const c = r.certificateId ? certById.get(r.certificateId) : undefined;
    return {
      ...baseView(r, {
        marketName: r.marketId ? (marketName.get(r.marketId) ?? null) : null,
        townName: townNameOf(towns, r.townCode),
        checkerName: r.checkedBy ? (checkerName.get(r.checkedBy) ?? null) : null,
      }),
      certificate: c ? summaryOf(c, null) : null,
    };
  });
}

const zeroCounts = () => ({ total: 0, valid: 0, revoked: 0, invalid: 0, unknown: 0, none: 0 });

/** Counts by result and town over China dates from..to (default: the last 30 days). */
export async function marketSummary(db: Db, scope: Scope, q: z.infer<typeof marketSummaryQuery>) {
  const to = q.to ?? chinaDate(new Date());
  const from = q.from ?? addDays(to, -29);
  if (from > to) throw fieldError('from', '开始日期不能晚于结束日期');
  const rows = await db
    .select({ townCode: marketChecks.townCode, result: marketChecks.result, n: sql<number>`count(*)::int` })
    .from(marketChecks)
    .where(and(marketCheckScope(scope), dateRange(from, to)))
    .groupBy(marketChecks.townCode, marketChecks.result);
  const names = await divisionNames(
    db,
    rows.map((r) => r.townCode),
  );
  const total = zeroCounts();
  const byTown = new Map<string, ReturnType<typeof zeroCounts>>();
  for (const r of rows) {
    const t = byTown.get(r.townCode) ?? zeroCounts();
    byTown.set(r.townCode, t);
    const n = Number(r.n);
    t.total += n;
    total.total += n;
    if ((MARKET_RESULTS as readonly string[]).includes(r.result)) {
      t[r.result as Result] += n;
      total[r.result as Result] += n;
    }
  }
  return {
    from,
    to,
    total,
    towns: [...byTown]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([townCode, c]) => ({ townCode, townName: townNameOf(names, townCode), ...c })),
  };
}
