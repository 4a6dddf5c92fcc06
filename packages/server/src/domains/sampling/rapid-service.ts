import { randomUUID } from 'node:crypto';
import { type RapidTestInput, rapidTestBody } from '@nongan/shared/sampling/tests';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bulkInsert, inList } from '../../platform/bulk-insert.ts';
import { type FieldIssue, HttpError } from '../../platform/http-error.ts';
import { pacer } from '../../platform/pace.ts';
import { formatSerial, reserveSerials } from '../../platform/serials.ts';
import { codeInScope, type Scope } from '../accounts/scope.ts';
import { entitiesInScope } from '../accounts/write-scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { findProduct, productProblem } from '../standards/catalog.ts';
import { emitEvents } from './events.ts';
import { getPlanByYear } from './plan-repository.ts';
import { judgeRapid } from './rapid.ts';
import { lotHolds, rapidTests, samplingTasks } from './sample-table.ts';
import { addStats, cstDay, cstMonth } from './stats-rows.ts';

export interface RowIssue extends FieldIssue {
  row: number;
}

type RapidRow = typeof rapidTests.$inferInsert;

/** Checks one rapid test against scope, directory and catalogue; returns the row to insert or issues. */
function prepare(
  input: RapidTestInput,
  scope: Scope,
  known: Map<string, { active: boolean }>,
): { row?: Omit<RapidRow, 'testNo' | 'planId'>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const holderOk =
    input.holderCode === scope.districtCode
      ? scope.kind === 'district'
      : codeInScope(scope, input.holderCode) && input.holderCode.length === 9;
  if (!holderOk) issues.push({ field: 'holderCode', reason: '承担单位不在本人辖区' });
  if (!codeInScope(scope, input.townCode)) issues.push({ field: 'townCode', reason: '镇街不在本人辖区' });
  const product = findProduct(input.product);
  if (!product) issues.push({ field: 'product', reason: productProblem(input.product) });
  if (input.entityId) {
    const e = known.get(input.entityId);
    if (!e) issues.push({ field: 'entityId', reason: '主体不存在或不在本人辖区' });
    else if (!e.active) issues.push({ field: 'entityId', reason: '主体已停用' });
  }
  const verdict =
    input.method === 'enzyme_inhibition'
      ? judgeRapid({ method: input.method, inhibitionRate: input.inhibitionRate ?? Number.NaN })
      : judgeRapid({ method: input.method, result: input.result ?? ('' as 'positive') });
  if (!verdict.ok) issues.push({ field: verdict.field, reason: verdict.reason });
  if (issues.length || !product || !verdict.ok) return { issues };
  return {
    issues,
    row: {
      id: randomUUID(),
      districtCode: scope.districtCode,
      holderCode: input.holderCode,
      townCode: input.townCode,
      entityId: input.entityId ?? null,
      sampledParty: input.sampledParty ?? null,
      productCode: product.code,
      link: input.link,
      method: input.method,
      target: input.target,
      inhibitionRate: input.inhibitionRate ?? null,
      result: verdict.result,
      testedAt: new Date(input.testedAt),
      tester: input.tester,
      instrument: input.instrument ?? null,
      followUp: verdict.result === 'positive' ? 'pending_lab' : null,
    },
  };
}

export interface RapidBatchResult {
  total: number;
  created: number;
  positive: number;
  committed: boolean;
  ids: string[];
  errors: RowIssue[];
}

/**
 * Records rapid tests: every row is checked first; strict mode commits nothing when any row
 * fails, lenient commits the good rows. One transaction either way.
 */
export async function recordRapidTests(
  db: Db,
  actor: Actor,
  scope: Scope,
  raw: unknown[],
  mode: 'strict' | 'lenient',
  /** Row numbers to report (a file's own), when not 1..n; earlier errors (from reading a file) join the report. */
  rowNumbers?: number[],
  earlier: RowIssue[] = [],
): Promise<RapidBatchResult> {
  const errors: RowIssue[] = [...earlier];
  const parsed: { row: number; input: RapidTestInput }[] = [];
  const pace = pacer();
  for (const [i, r] of raw.entries()) {
    if (pace.due()) await pace.pause();
    const row = rowNumbers?.[i] ?? i + 1;
    const p = rapidTestBody.safeParse(r);
    if (p.success) parsed.push({ row, input: p.data });
    else
      for (const is of p.error.issues)
        errors.push({ row, field: is.path.join('.') || 'row', reason: is.message });
  }
  // Only entities the recorder may see: a test must not colour another region's producer.
  const known = await entitiesInScope(
    db,
    scope,
    parsed.map((p) => p.input.entityId).filter((x): x is string => !!x),
  );
  const given = parsed.map((p) => p.input.testNo).filter((x): x is string => !!x);
  const taken = new Set(
    given.length
      ? (
          await db
            .select({ no: rapidTests.testNo })
            .from(rapidTests)
            .where(and(eq(rapidTests.districtCode, scope.districtCode), inList(rapidTests.testNo, given)))
        ).map((r) => r.no)
      : [],
  );
  const seenNos = new Set<string>();
  const good: { row: number; input: RapidTestInput; data: Omit<RapidRow, 'testNo' | 'planId'> }[] = [];
  for (const p of parsed) {
    if (pace.due()) await pace.pause();
    const { row, issues } = prepare(p.input, scope, known);
    const no = p.input.testNo;
    if (no && (taken.has(no) || seenNos.has(no)))
      issues.push({ field: 'testNo', reason: `检测编号 ${no} 已存在` });
    if (no) seenNos.add(no);
    if (issues.length || !row) for (const is of issues) errors.push({ row: p.row, ...is });
    else good.push({ row: p.row, input: p.input, data: row });
  }
  errors.sort((a, b) => a.row - b.row);
  const result: RapidBatchResult = {
    total: raw.length + new Set(earlier.map((e) => e.row)).size,
    created: 0,
    positive: 0,
    committed: false,
    ids: [],
    errors,
  };
  if (good.length === 0 || (mode === 'strict' && errors.length)) return result;

  await db.transaction(async (tx) => {
    const years = new Map<number, string | null>();
    for (const g of good) {
      if (pace.due()) await pace.pause();
      const y = Number(cstDay(g.data.testedAt as Date).slice(0, 4));
      if (!years.has(y)) years.set(y, (await getPlanByYear(tx, scope.districtCode, y))?.id ?? null);
    }
    const needNos = good.filter((g) => !g.input.testNo);
    const byYear = new Map<number, typeof needNos>();
    for (const g of needNos) {
      const y = Number(cstDay(g.data.testedAt as Date).slice(0, 4));
      const list = byYear.get(y);
      if (list) list.push(g);
      else byYear.set(y, [g]);
    }
    const nos = new Map<(typeof good)[number], string>();
    for (const [y, list] of byYear) {
      const first = await reserveSerials(tx, scope.districtCode, 'rapid_test', y, list.length);
      list.forEach((g, i) => {
        nos.set(g, formatSerial('KJ', scope.districtCode, y, first + i));
      });
    }
    const rows: RapidRow[] = good.map((g) => ({
      ...g.data,
      testNo: g.input.testNo ?? (nos.get(g) as string),
      planId: years.get(Number(cstDay(g.data.testedAt as Date).slice(0, 4))) ?? null,
      createdBy: actor.user?.id ?? null,
    }));
    await bulkInsert(tx, rapidTests, rows);
    await addStats(
      tx,
      rows.map((r) => ({
        districtCode: r.districtCode,
        month: cstMonth(r.testedAt as Date),
        townCode: r.townCode,
        holderCode: r.holderCode,
        taskKind: 'rapid_test',
        productCode: r.productCode,
        analyteCode: `rapid:${r.method}`,
        link: r.link,
        total: 1,
        failed: r.result === 'positive' ? 1 : 0,
      })),
    );
    await followUpPositives(
      tx,
      rows.filter((x) => x.result === 'positive'),
    );
    await writeAudit(
      tx,
      actor,
      rows.map((r) => ({
        action: 'create',
        subjectType: 'rapid_test',
        subjectId: r.id as string,
        regionCode: r.townCode,
        after: {
          testNo: r.testNo,
          product: r.productCode,
          result: r.result,
          inhibitionRate: r.inhibitionRate,
        },
      })),
    );
    result.created = rows.length;
    result.positive = rows.filter((r) => r.result === 'positive').length;
    result.ids = rows.map((r) => r.id as string);
    result.committed = true;
  });
  return result;
}

/** Positive screens: each lot is held and a lab confirmation sample falls due (in bulk, one insert per table). */
async function followUpPositives(tx: Db, positives: RapidRow[]) {
  if (positives.length === 0) return;
  await bulkInsert(
    tx,
    lotHolds,
    positives.map((r) => ({
      id: randomUUID(),
      districtCode: r.districtCode,
      entityId: r.entityId ?? null,
      townCode: r.townCode,
      productCode: r.productCode,
      sourceType: 'rapid_test',
      sourceId: r.id as string,
      reason: `快检阳性（${r.testNo}），待定量检测确认`,
    })),
  );
  await bulkInsert(
    tx,
    samplingTasks,
    positives.map((r) => ({
      id: randomUUID(),
      districtCode: r.districtCode,
      kind: 'supervisory_sampling',
      title: `快检阳性复检：${r.testNo}`,
      townCode: r.townCode,
      entityId: r.entityId ?? null,
      productCode: r.productCode,
      origin: 'rapid_positive',
      sourceRef: r.id as string,
      dueDate: cstDay(new Date((r.testedAt as Date).getTime() + 3 * 86400_000)),
    })),
  );
  await emitEvents(
    tx,
    positives.map((r) => ({
      districtCode: r.districtCode,
      type: 'rapid.positive',
      subjectId: r.id as string,
      payload: { testNo: r.testNo, entityId: r.entityId, townCode: r.townCode, productCode: r.productCode },
    })),
  );
}

export function batchError(result: RapidBatchResult): HttpError {
  return new HttpError(
    400,
    result.errors.map((e) => `第${e.row}行 ${e.field}: ${e.reason}`).join('；'),
    result.errors.map((e) => ({ field: `rows.${e.row - 1}.${e.field}`, reason: e.reason })),
  );
}
