/**
 * Production records: lots, input uses, harvest or slaughter, input purchases, and the check of a
 * lot's inputs (bans, safety intervals, withdrawal periods) that the lot detail and
 * GET /production/check share.
 *
 * Records are kept as they happened: a banned input is recorded (and flagged), and a harvest inside
 * an interval is recorded (its check reports the problem). What is refused is data that cannot be
 * true: dates in the future, a use before the lot started or after its harvest, a harvest before a
 * recorded use, a second harvest. The certificate issuer refuses a lot whose check has problems.
 */
import { randomUUID } from 'node:crypto';
import { plausibleDate } from '@nongan/shared/common/dates';
import { convertQuantity, exceeds, formatQuantity, mismatchReason } from '@nongan/shared/common/units';
import { ENTITY_TYPE_LABELS, type EntityType } from '@nongan/shared/entities/schemas';
import {
  type CheckedInput,
  type CheckProblem,
  type harvestBody,
  INPUT_KIND_LABELS,
  type InputKind,
  type InputRefView,
  type inputUsesBody,
  type LotCheckView,
  type LotCreate,
  type LotDetailView,
  type LotProductView,
  type PurchaseCreate,
  type UsesRecordedView,
} from '@nongan/shared/trace/production';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { conflict, type FieldIssue, fieldError, HttpError } from '../../platform/http-error.ts';
import { formatSerial, reserveSerials } from '../../platform/serials.ts';
import type { Scope } from '../accounts/scope.ts';
import { entityInScopeOr404 } from '../accounts/write-scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { certificates } from '../certificates/table.ts';
import { entities } from '../entities/table.ts';
import {
  citation,
  findInput,
  INPUTS_VERSION,
  type Input,
  type InputData,
  inputData,
  intervalFor,
  kindForProduct,
  listInputs,
  useProhibition,
} from '../standards/inputs.ts';
import { findProduct, lookupKey, productProblem } from '../standards/reference.ts';
import { inputBans, type LotRow, lotUses, lotViews, type UseRow, useViews } from './production-repository.ts';
import { checkLotInputs, chinaDate, type LotProblem } from './rules.ts';
import { inputPurchases, inputUses, productionLots } from './table.ts';

type EntityRow = typeof entities.$inferSelect;

const fail = (issues: FieldIssue[]) =>
  new HttpError(400, issues.map((i) => `${i.field}: ${i.reason}`).join('；'), issues);

/** Entity types that do not produce, so get no lots. */
const NOT_PRODUCING: readonly string[] = ['input_store', 'market'];

/** Today's date in China (UTC+8). */
export const todayInChina = (now = new Date()) => chinaDate(now);

/** A plausible calendar date (common/dates.ts: from 2000 to today); pushes an issue otherwise. */
function pastDate(field: string, value: string, today: string, issues: FieldIssue[]): boolean {
  const reason = plausibleDate(value, today);
  if (reason) issues.push({ field, reason });
  return !reason;
}

/** The entity if the scope may see it; a 404 naming the field otherwise. */
const visibleEntity = (db: Db, scope: Scope, id: string, field: string): Promise<EntityRow> =>
  entityInScopeOr404(db, scope, id, field);

async function lockLot(tx: Db, lot: LotRow): Promise<LotRow> {
  const [row] = await tx
    .select()
    .from(productionLots)
    .where(and(eq(productionLots.districtCode, lot.districtCode), eq(productionLots.id, lot.id)))
    .for('update');
  return row ?? lot;
}

// ---- lots ----

/** Creates a lot numbered SC<district>-<year>-<serial> (year of entry, China time). */
export async function createLot(
  db: Db,
  actor: Actor,
  scope: Scope,
  body: LotCreate,
  now = new Date(),
): Promise<string> {
  const entity = await visibleEntity(db, scope, body.entityId, 'entityId');
  const issues: FieldIssue[] = [];
  const today = todayInChina(now);
  if (!entity.active) issues.push({ field: 'entityId', reason: '主体已停用，不能新建生产批次' });
  else if (NOT_PRODUCING.includes(entity.type))
    issues.push({
      field: 'entityId',
      reason: `${ENTITY_TYPE_LABELS[entity.type as EntityType]}不是生产主体，不能新建生产批次`,
    });
  const product = findProduct(body.product);
  const kind = product ? kindForProduct(product.code) : null;
  if (!product) issues.push({ field: 'product', reason: productProblem(body.product) });
  else if (!kind)
    issues.push({ field: 'product', reason: `“${product.name}”不是种植或养殖产品，请选择具体产品` });
  if (kind === 'pesticide') {
    if (body.area === undefined) issues.push({ field: 'area', reason: '种植批次须填写面积（亩）' });
    if (body.animals !== undefined) issues.push({ field: 'animals', reason: '种植批次不填写养殖数量' });
  }
  pastDate('startedOn', body.startedOn, today, issues);
  if (issues.length || !product) throw fail(issues);

  const year = Number(today.slice(0, 4));
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const n = await reserveSerials(tx, scope.districtCode, 'production_lot', year);
    const row = {
      id,
      districtCode: scope.districtCode,
      lotNo: formatSerial('SC', scope.districtCode, year, n),
      entityId: entity.id,
      townCode: entity.townCode,
      villageCode: entity.villageCode,
      productCode: product.code,
      plot: body.plot || null,
      area: body.area ?? null,
      animals: body.animals ?? null,
      startedOn: body.startedOn,
      status: 'growing',
      note: body.note || null,
      createdBy: actor.user?.id ?? null,
    };
    await tx.insert(productionLots).values(row);
    await writeAudit(tx, actor, {
      action: 'create',
      subjectType: 'production_lot',
      subjectId: id,
      regionCode: row.townCode,
      after: row,
    });
  });
  return id;
}

/**
 * Records input uses on a lot, all or none. A banned or unknown input is recorded as given (the
 * record must be true) and flagged by the caller from the lot's check.
 */
export async function addUses(
  db: Db,
  actor: Actor,
  lot: LotRow,
  body: z.infer<typeof inputUsesBody>,
  now = new Date(),
): Promise<string[]> {
  const today = todayInChina(now);
  const lotKind = kindForProduct(lot.productCode);
  return db.transaction(async (tx) => {
    // Locked so a harvest recorded at the same time cannot fall before these uses.
    const current = await lockLot(tx, lot);
    const issues: FieldIssue[] = [];
    const rows = body.uses.map((u, i) => {
      const at = `uses.${i}`;
      const input = findInput(u.input);
      const kind: InputKind | undefined = u.kind ?? lotKind ?? input?.kind;
      if (!kind) issues.push({ field: `${at}.kind`, reason: '请选择投入品类别（农药或兽药）' });
      else if (lotKind && kind !== lotKind)
        issues.push({
          field: `${at}.kind`,
          reason: `${lotKind === 'pesticide' ? '种植' : '养殖'}批次应记录${INPUT_KIND_LABELS[lotKind]}，不是${INPUT_KIND_LABELS[kind]}`,
        });
      if (kind === 'pesticide' && u.area === undefined)
        issues.push({ field: `${at}.area`, reason: '农药须填写施用面积（亩）' });
      if (kind === 'vet_drug' && u.animals === undefined)
        issues.push({ field: `${at}.animals`, reason: '兽药须填写用药动物数' });
      if (u.area !== undefined && current.area !== null && u.area > current.area)
        issues.push({ field: `${at}.area`, reason: `施用面积不能超过批次面积（${current.area}亩）` });
      if (u.animals !== undefined && current.animals !== null && u.animals > current.animals)
        issues.push({ field: `${at}.animals`, reason: `用药动物数不能超过批次数量（${current.animals}）` });
      if (pastDate(`${at}.usedOn`, u.usedOn, today, issues)) {
        if (current.startedOn && u.usedOn < current.startedOn)
          issues.push({ field: `${at}.usedOn`, reason: `不能早于批次开始日期（${current.startedOn}）` });
        if (current.harvestDate && u.usedOn > current.harvestDate)
          issues.push({ field: `${at}.usedOn`, reason: `不能晚于采收/屠宰日期（${current.harvestDate}）` });
      }
      return {
        id: randomUUID(),
        districtCode: current.districtCode,
        lotId: current.id,
        entityId: current.entityId,
        input: u.input,
        inputCode: input?.code ?? null,
        kind: kind ?? 'pesticide',
        usedOn: u.usedOn,
        dose: u.dose || null,
        area: u.area ?? null,
        animals: u.animals ?? null,
        operator: u.operator,
        createdBy: actor.user?.id ?? null,
      };
    });
    if (issues.length) throw fail(issues);
    await tx.insert(inputUses).values(rows);
    await tx
      .update(productionLots)
      .set({ version: current.version + 1 })
      .where(and(eq(productionLots.districtCode, current.districtCode), eq(productionLots.id, current.id)));
    await writeAudit(
      tx,
      actor,
      rows.map(({ id, districtCode: _d, createdBy: _c, ...after }) => ({
        action: 'create',
        subjectType: 'input_use',
        subjectId: id,
        regionCode: current.townCode,
        after: { ...after, lotNo: current.lotNo },
      })),
    );
    return rows.map((r) => r.id);
  });
}

/**
 * Records the harvest (or slaughter) once. Inside an interval it is still recorded, since it
 * happened; the returned check shows the problem and the certificate issuer refuses the lot.
 */
/**
 * A harvest recorded after a certificate was issued on the lot (before harvest) must cover it:
 * the same kind of unit, at least the quantity certified, not after the certificate's date.
 */
async function certifiedProblems(tx: Db, lot: LotRow, body: z.infer<typeof harvestBody>) {
  const valid = await tx
    .select({
      certNo: certificates.certNo,
      quantity: certificates.quantity,
      unit: certificates.unit,
      issueDate: certificates.issueDate,
    })
    .from(certificates)
    .where(
      and(
        eq(certificates.districtCode, lot.districtCode),
        eq(certificates.lotId, lot.id),
        eq(certificates.status, 'valid'),
      ),
    );
  const issues: FieldIssue[] = [];
  let certified = 0;
  for (const c of valid) {
    const q = convertQuantity(c.quantity, c.unit, body.unit);
    if (q === null)
      issues.push({ field: 'unit', reason: mismatchReason(body.unit, c.unit, `合格证 ${c.certNo}`) });
    else certified += q;
    if (body.harvestDate > c.issueDate)
      issues.push({
        field: 'harvestDate',
        reason: `不能晚于已开具的合格证 ${c.certNo} 的开具日期（${c.issueDate}）`,
      });
  }
  if (exceeds(certified, body.quantity))
    issues.push({
      field: 'quantity',
      reason: `少于已开具合格证的数量（${formatQuantity(certified, body.unit)}）`,
    });
  return issues;
}

export async function recordHarvest(
  db: Db,
  actor: Actor,
  lot: LotRow,
  body: z.infer<typeof harvestBody>,
  now = new Date(),
): Promise<void> {
  const today = todayInChina(now);
  await db.transaction(async (tx) => {
    const current = await lockLot(tx, lot);
    if (current.status === 'harvested')
      throw conflict('该批次已记录采收/屠宰', [
        { field: 'harvestDate', reason: `已于${current.harvestDate}记录采收/屠宰，不能重复记录` },
      ]);
    const issues: FieldIssue[] = [];
    if (pastDate('harvestDate', body.harvestDate, today, issues)) {
      if (current.startedOn && body.harvestDate < current.startedOn)
        issues.push({ field: 'harvestDate', reason: `不能早于批次开始日期（${current.startedOn}）` });
      const later = (await lotUses(tx, current)).filter((u) => u.usedOn > body.harvestDate);
      if (later.length)
        issues.push({
          field: 'harvestDate',
          reason: `早于投入品使用记录：${later.map((u) => `${u.input}（${u.usedOn}）`).join('、')}`,
        });
    }
    issues.push(...(await certifiedProblems(tx, current, body)));
    if (issues.length) throw fail(issues);
    const set = {
      status: 'harvested',
      harvestDate: body.harvestDate,
      harvestQuantity: body.quantity,
      harvestUnit: body.unit,
      note: body.note ? [current.note, `采收/屠宰：${body.note}`].filter(Boolean).join('；') : current.note,
      version: current.version + 1,
    };
    await tx
      .update(productionLots)
      .set(set)
      .where(and(eq(productionLots.districtCode, current.districtCode), eq(productionLots.id, current.id)));
    await writeAudit(tx, actor, {
      action: 'harvest',
      subjectType: 'production_lot',
      subjectId: current.id,
      regionCode: current.townCode,
      before: { status: current.status, harvestDate: current.harvestDate },
      after: set,
    });
  });
}

// ---- the check ----

function problemView(p: LotProblem, uses: readonly UseRow[]): CheckProblem {
  const useIds = (p.uses ?? []).map((i) => uses[i]?.id).filter((x): x is string => !!x);
  const first = p.uses?.[0] !== undefined ? uses[p.uses[0]] : undefined;
  return {
    severity: p.severity,
    code: p.code,
    field: p.field,
    reason: p.reason,
    input: first?.input ?? p.input,
    useIds,
    ...(p.inputCode !== undefined ? { inputCode: p.inputCode } : {}),
    ...(p.inputName !== undefined ? { inputName: p.inputName } : {}),
    ...(p.lastUse !== undefined ? { lastUse: p.lastUse } : {}),
    ...(p.days !== undefined ? { days: p.days } : {}),
    ...(p.daysSinceUse !== undefined ? { daysSinceUse: p.daysSinceUse } : {}),
    ...(p.earliestDate !== undefined ? { earliestDate: p.earliestDate } : {}),
    ...(p.basis !== undefined ? { basis: p.basis } : {}),
    ...(p.item !== undefined ? { item: p.item } : {}),
    ...(p.verification !== undefined ? { verification: p.verification } : {}),
  };
}

/**
 * A lot's inputs against bans and intervals (trace/rules.ts `checkLotInputs`), on the recorded
 * harvest date, else the given date, else today in China. Uses must be in `lotUses` order: the
 * problems' field paths (uses[i]) index into it. Each input is given as its resolved code when
 * known, as the certificate issuer does, so both reach the same verdict.
 */
export function checkLot(
  lot: Pick<LotRow, 'id' | 'productCode' | 'harvestDate'>,
  uses: readonly UseRow[],
  opts: { date?: string; now?: Date } = {},
): LotCheckView {
  const dateSource = lot.harvestDate ? 'harvest' : opts.date ? 'query' : 'today';
  const date = lot.harvestDate ?? opts.date ?? todayInChina(opts.now);
  const r = checkLotInputs({
    product: lot.productCode,
    harvestDate: date,
    uses: uses.map((u) => ({
      input: u.inputCode ?? u.input,
      date: u.usedOn,
      kind: u.kind as InputKind,
      ...(u.dose ? { dose: u.dose } : {}),
      ...(u.area !== null ? { area: u.area } : {}),
      ...(u.animals !== null ? { animals: u.animals } : {}),
    })),
  });
  const problems = r.ok ? [] : r.problems.map((p) => problemView(p, uses));
  const checked: CheckedInput[] = r.checked.map((c) => ({
    input: (c.uses[0] !== undefined ? uses[c.uses[0]]?.input : undefined) ?? c.input,
    inputCode: c.inputCode,
    inputName: c.inputName,
    kind: c.kind,
    useIds: c.uses.map((i) => uses[i]?.id).filter((x): x is string => !!x),
    lastUse: c.lastUse,
    daysSinceUse: c.daysSinceUse,
    days: c.days,
    earliestDate: c.earliestDate,
    via: c.via,
    basis: c.basis,
    item: c.item,
    verification: c.verification,
  }));
  const dates = [
    ...problems.filter((p) => p.code === 'within_interval').map((p) => p.earliestDate),
    ...checked.map((c) => c.earliestDate),
  ].filter((d): d is string => !!d);
  return {
    lotId: lot.id,
    date,
    dateSource,
    ok: r.ok,
    problems,
    warnings: r.warnings.map((w) => problemView(w, uses)),
    checked,
    earliestDate: dates.sort().at(-1) ?? null,
    banned: problems.some((p) => p.code === 'banned'),
    dataVersion: INPUTS_VERSION,
  };
}

/** The lot with its uses and its check: the detail page, and what writes answer with. */
export async function lotDetail(db: Db, lot: LotRow, opts: { date?: string } = {}): Promise<LotDetailView> {
  const [[view], uses] = await Promise.all([lotViews(db, [lot]), lotUses(db, lot)]);
  return { ...view!, uses: useViews(uses), check: checkLot(lot, uses, opts) };
}

/** Flags for the uses just recorded: banned or unknown inputs, by the request's field. */
export function flagsFor(detail: LotDetailView, added: readonly string[]): UsesRecordedView['flags'] {
  const index = new Map(added.map((id, i) => [id, i]));
  const flags: UsesRecordedView['flags'] = [];
  for (const p of [...detail.check.problems, ...detail.check.warnings]) {
    if (p.code !== 'banned' && p.code !== 'unknown_input' && p.code !== 'kind_mismatch') continue;
    for (const id of p.useIds) {
      const i = index.get(id);
      if (i !== undefined)
        flags.push({ field: `uses.${i}.input`, severity: p.severity, code: p.code, reason: p.reason });
    }
  }
  return flags.sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));
}

// ---- purchases ----

/**
 * Records a purchase. Writers record for buyers in their scope; a producer whose entity is an input
 * store may also record its own sale to any entity of the district (its sales ledger).
 */
export async function createPurchase(
  db: Db,
  actor: Actor,
  scope: Scope,
  body: PurchaseCreate,
  now = new Date(),
): Promise<string> {
  const issues: FieldIssue[] = [];
  const ownSale = scope.kind === 'entity' && body.storeId === scope.entityId;
  const buyer = await visibleEntity(
    db,
    ownSale ? { kind: 'district', districtCode: scope.districtCode } : scope,
    body.entityId,
    'entityId',
  );
  let storeName = body.storeName || null;
  if (body.storeId) {
    const [store] = await db
      .select()
      .from(entities)
      .where(and(eq(entities.districtCode, scope.districtCode), eq(entities.id, body.storeId)));
    if (!store) issues.push({ field: 'storeId', reason: '农资店不存在' });
    else if (store.type !== 'input_store')
      issues.push({ field: 'storeId', reason: `“${store.name}”不是农资店（主体类型应为农资店）` });
    else if (store.id === buyer.id) issues.push({ field: 'storeId', reason: '购买方与农资店不能是同一主体' });
    else storeName = store.name;
  }
  const input = findInput(body.input);
  const kind = body.kind ?? input?.kind;
  if (!kind) issues.push({ field: 'kind', reason: `未知投入品“${body.input}”，请选择类别（农药或兽药）` });
  pastDate('purchasedOn', body.purchasedOn, todayInChina(now), issues);
  if (issues.length || !kind) throw fail(issues);
  const row = {
    id: randomUUID(),
    districtCode: scope.districtCode,
    entityId: buyer.id,
    input: body.input,
    inputCode: input?.code ?? null,
    kind,
    quantity: body.quantity,
    unit: body.unit,
    storeId: body.storeId ?? null,
    storeName,
    purchasedOn: body.purchasedOn,
    createdBy: actor.user?.id ?? null,
  };
  await db.transaction(async (tx) => {
    await tx.insert(inputPurchases).values(row);
    await writeAudit(tx, actor, {
      action: 'create',
      subjectType: 'input_purchase',
      subjectId: row.id,
      regionCode: buyer.townCode,
      after: row,
    });
  });
  return row.id;
}

// ---- reference inputs ----

/** Products a lot may be of: every product or category under plant or animal food, in tree order. */
export function lotProducts(data: InputData = inputData): LotProductView[] {
  const all = [...data.reference.products.values()];
  const parents = new Set(all.map((p) => p.parent).filter((x): x is string => x !== null));
  return all.flatMap((p) => {
    const kind = kindForProduct(p.code, data.reference);
    return kind && p.code !== 'plant_food' && p.code !== 'animal_food'
      ? [{ code: p.code, name: p.name, parent: p.parent, kind, category: parents.has(p.code) }]
      : [];
  });
}

/** One input as the form's autocomplete shows it: bans, intervals with citations, and for a product. */
export function inputRef(input: Input, productCode?: string, data: InputData = inputData): InputRefView {
  const products = data.reference.products;
  const rows = [...(data.intervalIndex.get(input.code)?.values() ?? [])];
  const bans = inputBans(input, data);
  let forProduct: InputRefView['forProduct'] = null;
  const product = productCode ? products.get(productCode) : undefined;
  if (product) {
    const ban = useProhibition(input, product, data);
    const iv = ban ? null : intervalFor(input, product, data);
    forProduct = {
      productCode: product.code,
      productName: product.name,
      banned: ban
        ? { scope: ban.scope.name, basis: ban.basis, item: ban.item, verification: ban.verification }
        : null,
      interval: iv
        ? { days: iv.days, via: iv.via.name, citation: iv.citation, verification: iv.row.verification }
        : null,
    };
  }
  return {
    code: input.code,
    name: input.name,
    english: input.english,
    kind: input.kind,
    aliases: input.aliases,
    banned: bans.length > 0,
    bans,
    intervals: rows.map((r) => ({
      productCode: r.product,
      productName: products.get(r.product)?.name ?? r.product,
      kind: r.kind,
      days: r.days,
      citation: citation(r),
      basis: r.basis,
      item: r.item,
      verification: r.verification,
    })),
    forProduct,
  };
}

/**
 * Searches the reference inputs by code, name, English name or alias: exact matches first, then
 * prefixes, then the rest; for a product, inputs with a known interval or ban on it come first.
 */
export function searchInputs(
  q: { q?: string; kind?: InputKind; product?: string; limit: number },
  data: InputData = inputData,
): InputRefView[] {
  let productCode: string | undefined;
  if (q.product) {
    const p = findProduct(q.product, data.reference);
    if (!p) throw fieldError('product', productProblem(q.product, data.reference));
    productCode = p.code;
  }
  const key = q.q ? lookupKey(q.q) : '';
  const ranked: { input: Input; rank: number; known: number }[] = [];
  for (const input of listInputs(data)) {
    if (q.kind && input.kind !== q.kind) continue;
    let rank = 0;
    if (key) {
      const keys = [input.code, input.name, input.english, ...input.aliases].map(lookupKey);
      rank = keys.includes(key)
        ? 0
        : keys.some((k) => k.startsWith(key))
          ? 1
          : keys.some((k) => k.includes(key))
            ? 2
            : -1;
      if (rank < 0) continue;
    }
    const known =
      productCode &&
      (useProhibition(input, productCode, data) !== null || intervalFor(input, productCode, data) !== null)
        ? 0
        : 1;
    ranked.push({ input, rank, known });
  }
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.known - b.known ||
      a.input.name.length - b.input.name.length ||
      a.input.name.localeCompare(b.input.name, 'zh'),
  );
  return ranked.slice(0, q.limit).map((r) => inputRef(r.input, productCode, data));
}
