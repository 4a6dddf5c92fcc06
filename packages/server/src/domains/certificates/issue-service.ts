import { randomUUID } from 'node:crypto';
import type { Basis, CertificateIssueBody } from '@nongan/shared/certificates/schemas';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type FieldIssue, HttpError } from '../../platform/http-error.ts';
import { formatSerial, reserveSerials } from '../../platform/serials.ts';
import { type AuthUser, inScope, type Scope } from '../accounts/scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { entities } from '../entities/table.ts';
import { divisionNames } from '../regions/repository.ts';
import { labResults, rapidTests, samples } from '../sampling/sample-table.ts';
import { findProduct, productProblem } from '../standards/catalog.ts';
import { lotUses } from '../trace/production-repository.ts';
import { checkLot } from '../trace/production-service.ts';
import { chinaDate, testCoverage } from '../trace/rules.ts';
import { productionLots, traceEvents } from '../trace/table.ts';
import { isUniqueViolation, lockLotRow, lotProblems } from './holdings.ts';
import type { KeyRing } from './keys.ts';
import { issueProblems, retainUntil, TEST_BASES } from './rules.ts';
import { certificates, certificateTests } from './table.ts';
import { newTraceId, signTraceCode } from './trace-code.ts';

type EntityRow = typeof entities.$inferSelect;
type TestRow = Omit<typeof certificateTests.$inferInsert, 'districtCode' | 'certificateId' | 'seq'>;

/** Entity types that produce (and so issue producer certificates). Markets and input stores do not. */
export const PRODUCER_TYPES = [
  'enterprise',
  'cooperative',
  'family_farm',
  'large_grower',
  'smallholder',
  'slaughterhouse',
];
/** Issuers other than the producer itself may only issue on a smallholder's behalf (代开). */
const ON_BEHALF_TYPES = ['smallholder'];

export const failWith = (issues: FieldIssue[], status = 400) =>
  new HttpError(status, issues.map((i) => `${i.field}: ${i.reason}`).join('；'), issues);

const takenReason = (certNo: string) =>
  `该批次已开具合格证 ${certNo}（一批一证；需更多标签请补打，信息有误请先撤销）`;
const LOT_INDEX = 'certificates_lot_valid_uq';

/** The entity a user may issue for, or why not. Out-of-scope entities read as unregistered. */
export async function issuingEntity(
  db: Db,
  user: AuthUser,
  scope: Scope,
  entityId: string,
  allowed: readonly string[],
  /** Types others may issue for on the entity's behalf; null = any (buyers, receipts). */
  onBehalfTypes: readonly string[] | null = ON_BEHALF_TYPES,
): Promise<{ entity: EntityRow | null; issues: FieldIssue[]; onBehalf: boolean }> {
  const [entity] = await db
    .select()
    .from(entities)
    .where(and(eq(entities.districtCode, scope.districtCode), eq(entities.id, entityId)));
  if (!entity || !inScope(scope, entity))
    return {
      entity: null,
      issues: [{ field: 'entityId', reason: '主体未登记或不在本人辖区' }],
      onBehalf: false,
    };
  const issues: FieldIssue[] = [];
  if (!entity.active) issues.push({ field: 'entityId', reason: '主体已停用，不能开具合格证' });
  if (!allowed.includes(entity.type)) issues.push({ field: 'entityId', reason: '该类主体不开具此类合格证' });
  const onBehalf = user.role !== 'producer';
  if (onBehalf && onBehalfTypes && !onBehalfTypes.includes(entity.type))
    issues.push({ field: 'entityId', reason: '监管人员只能为小农户代开合格证，其他主体须自行开具' });
  return { entity, issues, onBehalf };
}

export interface PreparedIssue {
  entity: EntityRow;
  onBehalf: boolean;
  product: { code: string; name: string };
  villageCode: string | null;
  origin: string;
  tests: TestRow[];
  warnings: FieldIssue[];
}

/**
 * Every check before issuing, without writing: entity, product, quantity, date, bases and the
 * test records they rest on, the lot's inputs against bans and intervals, and “test what you
 * used”. Returns the refusals (each naming its field) or what the insert needs.
 */
export async function prepareIssue(
  db: Db,
  user: AuthUser,
  scope: Scope,
  body: CertificateIssueBody,
  today = chinaDate(new Date()),
): Promise<{ problems: FieldIssue[]; warnings: FieldIssue[]; prepared: PreparedIssue | null }> {
  const { entity, issues, onBehalf } = await issuingEntity(db, user, scope, body.entityId, PRODUCER_TYPES);
  const problems = [...issues];
  const warnings: FieldIssue[] = [];
  problems.push(
    ...issueProblems({
      quantity: body.quantity,
      issueDate: body.issueDate,
      today,
      bases: body.bases as Basis[],
      tests: body.tests.length,
      entityActive: entity ? entity.active : null,
    }).filter((p) => p.field !== 'entityId'),
  );
  const testBasis = body.bases.some((b) => TEST_BASES.includes(b as Basis));
  const product = findProduct(body.product);
  if (!product) problems.push({ field: 'product', reason: productProblem(body.product) });
  if (!entity || !product) return { problems, warnings, prepared: null };

  // Origin: the given village (of the entity's town) or the entity's own.
  const villageCode = body.originVillageCode ?? entity.villageCode;
  // The template wants the origin down to the village; an entity registered without one can
  // still issue (smallholders often are), but the form says so.
  if (!villageCode)
    warnings.push({ field: 'originVillageCode', reason: '产地未具体到村：主体未登记所在村，请选择产地村' });
  if (body.originVillageCode && !body.originVillageCode.startsWith(entity.townCode))
    problems.push({ field: 'originVillageCode', reason: '产地村须在主体所在镇街' });
  const names = await divisionNames(db, [entity.districtCode, entity.townCode, villageCode ?? '']);
  if (body.originVillageCode && !names.has(body.originVillageCode))
    problems.push({ field: 'originVillageCode', reason: '村不存在' });
  const origin = [
    names.get(entity.districtCode) ?? '',
    names.get(entity.townCode) ?? '',
    villageCode ? (names.get(villageCode) ?? '') : '',
  ].join('');

  const tests = await loadTests(db, entity, body, problems);

  // The lot: its inputs against bans and intervals, and the test items against the inputs.
  if (body.lotId) {
    const [lot] = await db
      .select()
      .from(productionLots)
      .where(and(eq(productionLots.districtCode, entity.districtCode), eq(productionLots.id, body.lotId)));
    if (!lot || lot.entityId !== entity.id)
      problems.push({ field: 'lotId', reason: '生产批次不存在或不属于该主体' });
    else {
      if (lot.productCode !== product.code)
        problems.push({ field: 'product', reason: '产品与生产批次的产品不一致' });
      // One certificate per lot (a second needs the first revoked), its dates and quantity
      // against the lot; insertCertificates checks again under a row lock.
      const held = await lotProblems(db, lot, body);
      if (held.taken) problems.push({ field: 'lotId', reason: takenReason(held.taken) });
      problems.push(...held.problems);
      const uses = await lotUses(db, lot);
      // Not yet recorded as harvested: the lot is taken to leave on the issue date.
      const check = checkLot(lot, uses, { date: body.issueDate });
      for (const p of check.problems) problems.push({ field: 'lotId', reason: p.reason });
      for (const w of check.warnings) warnings.push({ field: 'lotId', reason: w.reason });
      if (testBasis && uses.length > 0) {
        const uncovered = testCoverage(
          uses.map((u) => u.inputCode ?? u.input),
          tests.flatMap((t) => t.items),
        );
        for (const u of uncovered)
          problems.push({ field: 'tests', reason: `检测项目应覆盖所用投入品：${u.reason}` });
      }
    }
  }
  if (problems.length) return { problems, warnings, prepared: null };
  return {
    problems,
    warnings,
    prepared: { entity, onBehalf, product, villageCode, origin, tests, warnings },
  };
}

/** The linked test records: on the platform (must belong to the entity and have passed) or a report. */
async function loadTests(
  db: Db,
  entity: EntityRow,
  body: CertificateIssueBody,
  problems: FieldIssue[],
): Promise<TestRow[]> {
  const out: TestRow[] = [];
  const d = entity.districtCode;
  for (const [i, t] of body.tests.entries()) {
    const field = `tests.${i}`;
    if (t.kind === 'rapid') {
      const [r] = await db
        .select()
        .from(rapidTests)
        .where(and(eq(rapidTests.districtCode, d), eq(rapidTests.id, t.refId as string)));
      if (!r || r.entityId !== entity.id) {
        problems.push({ field: `${field}.refId`, reason: '快检记录不存在或不属于该主体' });
        continue;
      }
      if (r.result !== 'negative' && r.followUp !== 'cleared')
        problems.push({ field: `${field}.refId`, reason: '快检结果为阳性，不能作为检测合格的依据' });
      const testedOn = chinaDate(r.testedAt);
      if (testedOn > body.issueDate)
        problems.push({ field: `${field}.refId`, reason: '检测日期晚于开具日期' });
      out.push({
        kind: 'rapid',
        refId: r.id,
        refNo: r.testNo,
        items: [r.target],
        result: 'pass',
        testedOn,
        lab: null,
      });
    } else if (t.kind === 'sample') {
      const [s] = await db
        .select()
        .from(samples)
        .where(and(eq(samples.districtCode, d), eq(samples.id, t.refId as string)));
      if (!s || s.entityId !== entity.id) {
        problems.push({ field: `${field}.refId`, reason: '抽样检测记录不存在或不属于该主体' });
        continue;
      }
      if (s.verdict !== 'pass')
        problems.push({
          field: `${field}.refId`,
          reason: s.verdict === 'fail' ? '该样品检测不合格，不能作为依据' : '该样品尚无合格结论',
        });
      const items = await db
        .select({ a: labResults.analyteCode })
        .from(labResults)
        .where(and(eq(labResults.districtCode, d), eq(labResults.sampleId, s.id)));
      const testedOn = chinaDate(s.judgedAt ?? s.sampledAt);
      if (testedOn > body.issueDate)
        problems.push({ field: `${field}.refId`, reason: '检测日期晚于开具日期' });
      out.push({
        kind: 'sample',
        refId: s.id,
        refNo: s.sampleNo,
        items: items.map((x) => x.a),
        result: 'pass',
        testedOn,
        lab: '区农产品质量安全检测中心',
      });
    } else {
      if (t.testedOn && t.testedOn > body.issueDate)
        problems.push({ field: `${field}.testedOn`, reason: '检测日期晚于开具日期' });
      out.push({
        kind: 'report',
        refId: null,
        refNo: t.refNo ?? '',
        items: t.items ?? [],
        result: 'pass',
        testedOn: t.testedOn ?? null,
        lab: t.lab ?? null,
      });
    }
  }
  return out;
}

export interface NewCertificate {
  id: string;
  certNo: string;
}

/** Inserts prepared certificates with consecutive numbers from the district's counter. */
export async function insertCertificates(
  tx: Db,
  ring: KeyRing,
  actor: Actor,
  items: {
    body: Omit<CertificateIssueBody, 'tests' | 'bases'> & { bases: Basis[] };
    prepared: PreparedIssue;
    style: 'producer' | 'buyer';
    source?: 'issued' | 'legacy';
    certNo?: string;
    legacyBasis?: string | null;
    synthetic?: boolean;
    at?: Date;
    /** Prefix of the fields a refusal names (`certificates.2.` in a batch). */
    field?: string;
  }[],
): Promise<NewCertificate[]> {
  if (items.length === 0) return [];
  const districtCode = items[0]!.prepared.entity.districtCode;
  await holdLots(tx, districtCode, items);
  const year = Number(chinaDate(new Date()).slice(0, 4));
  const numbered = items.filter((i) => !i.certNo).length;
  const first = numbered ? await reserveSerials(tx, districtCode, 'certificate', year, numbered) : 0;
  let n = first;
  const out: NewCertificate[] = [];
  for (const item of items) {
    const { body, prepared } = item;
    const id = randomUUID();
    const traceId = newTraceId();
    const certNo = item.certNo ?? formatSerial('HGZ', districtCode, year, n++);
    const row = {
      id,
      districtCode,
      certNo,
      traceId,
      traceCode: signTraceCode(ring, traceId),
      style: item.style,
      source: item.source ?? 'issued',
      entityId: prepared.entity.id,
      townCode: prepared.entity.townCode,
      villageCode: prepared.villageCode,
      lotId: body.lotId ?? null,
      productCode: prepared.product.code,
      productName: prepared.product.name,
      quantity: body.quantity,
      unit: body.unit,
      origin: prepared.origin,
      promiser: prepared.entity.name,
      contact: body.contact,
      issueDate: body.issueDate,
      bases: body.bases,
      legacyBasis: item.legacyBasis ?? null,
      gtin: body.gtin ?? null,
      labelCount: body.labelCount ?? 1,
      onBehalf: prepared.onBehalf,
      retainUntil: retainUntil(body.issueDate, 2),
      synthetic: item.synthetic ?? false,
      issuedBy: actor.user?.id ?? null,
      ...(item.at ? { createdAt: item.at } : {}),
    };
    await tx.insert(certificates).values(row);
    if (prepared.tests.length)
      await tx
        .insert(certificateTests)
        .values(prepared.tests.map((t, seq) => ({ ...t, districtCode, certificateId: id, seq })));
    await tx.insert(traceEvents).values({
      id: randomUUID(),
      districtCode,
      certificateId: id,
      type: item.style === 'buyer' ? 'transform' : 'commission',
      at: item.at ?? new Date(),
      placeId: prepared.villageCode ?? prepared.entity.townCode,
      placeName: prepared.origin,
      townCode: prepared.entity.townCode,
      toEntityId: prepared.entity.id,
      quantity: body.quantity,
      unit: body.unit,
      detail: { certNo },
      recordedBy: actor.user?.id ?? null,
    });
    await writeAudit(tx, actor, {
      action: item.source === 'legacy' ? 'certificate.import' : 'certificate.issue',
      subjectType: 'certificate',
      subjectId: id,
      regionCode: prepared.entity.townCode,
      after: { ...row, traceCode: undefined, tests: prepared.tests, warnings: prepared.warnings },
    });
    out.push({ id, certNo });
  }
  return out;
}

/** Items of one batch that name a lot an earlier item already names (`<field>lotId`). */
function repeatedLots(items: { lotId?: string; field: string }[]): FieldIssue[] {
  const first = new Map<string, number>();
  const out: FieldIssue[] = [];
  for (const [i, it] of items.entries()) {
    if (!it.lotId) continue;
    const f = first.get(it.lotId);
    if (f === undefined) first.set(it.lotId, i);
    else
      out.push({
        field: `${it.field}lotId`,
        reason: `与第 ${f + 1} 张合格证为同一生产批次（一批一证；需更多标签请设置标签数量）`,
      });
  }
  return out;
}

/**
 * The per-lot rules under row locks, whoever inserts (issue, batch, import, demo): each lot is
 * named once, carries no other valid certificate (409) and holds the quantity. The partial
 * unique index certificates_lot_valid_uq holds the first rule even without this.
 */
async function holdLots(
  tx: Db,
  districtCode: string,
  items: { body: { lotId?: string; quantity: number; unit: string; issueDate: string }; field?: string }[],
) {
  const duplicates = repeatedLots(items.map((it) => ({ lotId: it.body.lotId, field: it.field ?? '' })));
  if (duplicates.length) throw failWith(duplicates);
  const seen = new Map<string, number>();
  for (const [i, it] of items.entries())
    if (it.body.lotId && !seen.has(it.body.lotId)) seen.set(it.body.lotId, i);
  // Lock in a fixed order, so two batches naming the same lots cannot deadlock.
  const order = [...seen.entries()].sort(([a], [b]) => a.localeCompare(b));
  const conflicts: FieldIssue[] = [];
  const problems: FieldIssue[] = [];
  for (const [lotId, i] of order) {
    const item = items[i]!;
    const prefix = item.field ?? '';
    const lot = await lockLotRow(tx, districtCode, lotId);
    if (!lot) continue;
    const held = await lotProblems(tx, lot, item.body);
    if (held.taken) conflicts.push({ field: `${prefix}lotId`, reason: takenReason(held.taken) });
    problems.push(...held.problems.map((p) => ({ field: prefix + p.field, reason: p.reason })));
  }
  if (conflicts.length) throw failWith(conflicts, 409);
  if (problems.length) throw failWith(problems);
}

/** A concurrent issue that raced past the locks still meets the unique index: a 409 naming the lot. */
export async function withLotConflict<T>(
  run: () => Promise<T>,
  fieldOf: (lotId: string | undefined) => string = () => 'lotId',
): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const hit = isUniqueViolation(e, LOT_INDEX);
    if (hit)
      throw failWith(
        [{ field: fieldOf(hit.key), reason: '该批次刚被开具了合格证（一批一证），请刷新后查看' }],
        409,
      );
    throw e;
  }
}

/** Issues one or more producer certificates, all or nothing. */
export async function issueCertificates(
  db: Db,
  ring: KeyRing,
  actor: Actor & { user: AuthUser },
  scope: Scope,
  bodies: CertificateIssueBody[],
  fieldPrefix = (i: number) => (bodies.length > 1 ? `certificates.${i}.` : ''),
): Promise<NewCertificate[]> {
  const prepared: PreparedIssue[] = [];
  const problems: FieldIssue[] = [];
  for (const [i, body] of bodies.entries()) {
    const r = await prepareIssue(db, actor.user, scope, body);
    problems.push(...r.problems.map((p) => ({ field: fieldPrefix(i) + p.field, reason: p.reason })));
    if (r.prepared) prepared.push(r.prepared);
  }
  // The batch against itself: a lot named twice is refused before any write.
  problems.push(...repeatedLots(bodies.map((b, i) => ({ lotId: b.lotId, field: fieldPrefix(i) }))));
  if (problems.length) throw failWith(problems);
  const fieldOfLot = (lotId: string | undefined) => {
    const i = bodies.findIndex((b) => b.lotId && b.lotId === lotId);
    return `${fieldPrefix(Math.max(0, i))}lotId`;
  };
  return withLotConflict(
    () =>
      db.transaction((tx) =>
        insertCertificates(
          tx,
          ring,
          actor,
          bodies.map((body, i) => ({
            body: { ...body, bases: body.bases as Basis[] },
            prepared: prepared[i]!,
            style: 'producer',
            field: fieldPrefix(i),
          })),
        ),
      ),
    fieldOfLot,
  );
}
