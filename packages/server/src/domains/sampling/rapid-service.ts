import { randomUUID } from 'node:crypto';
import { type RapidTestInput, rapidTestBody } from '@nongan/shared/sampling/tests';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bulkInsert, inList, rowsSource } from '../../platform/bulk-insert.ts';
import { type FieldIssue, HttpError } from '../../platform/http-error.ts';
import { timeOrderedId } from '../../platform/ids.ts';
import { pacedEach, pacer } from '../../platform/pace.ts';
import { formatSerial, reserveSerials } from '../../platform/serials.ts';
import { codeInScope, type Scope } from '../accounts/scope.ts';
import { entitiesInScope } from '../accounts/write-scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { auditLog } from '../audit/table.ts';
import { isUniqueViolation } from '../certificates/holdings.ts';
import { findProduct, productProblem } from '../standards/catalog.ts';
import { emitEvents } from './events.ts';
import { getPlanByYear } from './plan-repository.ts';
import { judgeRapid } from './rapid.ts';
import { lotHolds, rapidTests, samplingTasks } from './sample-table.ts';
import { addStats, cstDay, StatTally } from './stats-rows.ts';

export interface RowIssue extends FieldIssue {
  row: number;
}

type RapidRow = typeof rapidTests.$inferInsert;

/** Checks one rapid test against scope, directory and catalogue; returns the row to insert or issues. */
function prepare(
  input: RapidTestInput,
  scope: Scope,
  known: Map<string, { active: boolean }>,
): { row?: RapidRow; issues: FieldIssue[] } {
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
      // Time-ordered (UUIDv7): an import's tests and their audit rows go to the right edge of the
      // id indexes instead of random pages (100,000-row import, interleaved A/B: 20,164 rows/s
      // against 18,003 with random ids; bench/README.md).
      id: timeOrderedId(),
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
      clientId: input.clientId ?? null,
      // Filled when written (serial, the year's plan, the recorder): the row keeps one shape.
      testNo: '',
      planId: null,
      createdBy: null,
    },
  };
}

export interface RapidBatchResult {
  /** Names a batch: its audit row, and `batch_id` on each of its tests; null when nothing was written or no batch was asked for. */
  batchId: string | null;
  total: number;
  created: number;
  positive: number;
  /** Rows with at least one error. */
  failed: number;
  committed: boolean;
  /** The created tests' ids, for the single-test route; the batch routes answer with counts only. */
  ids: string[];
  /** Rows sent before (same clientId, same recorder): not created again; their tests' ids. */
  replayedIds: string[];
  errors: RowIssue[];
}

export interface RecordOptions {
  /** Row numbers to report (a file's own), when not 1..n. */
  rowNumbers?: number[];
  /** Errors found earlier (reading a file); they join the report. */
  earlier?: RowIssue[];
  /** An import or bulk call: one audit row for the batch, whose id each test carries. */
  batch?: { source: 'file' | 'bulk'; fileName?: string };
  /** Set on the second run after a concurrent twin took a clientId first (no third run). */
  retried?: boolean;
}

/** Tests written per round (insert, follow-ups): keeps each statement and its JSON small. */
const WRITE_BATCH = 1000;
/** Test numbers or entity ids per lookup. */
const LOOKUP_SLICE = 5000;

/**
 * Records rapid tests: every row is checked first; strict mode commits nothing when any row
 * fails, lenient commits the good rows. One transaction either way. Every loop is paced and the
 * writes go in rounds of WRITE_BATCH rows, so a 100,000-row import leaves other requests a turn.
 */
export async function recordRapidTests(
  db: Db,
  actor: Actor,
  scope: Scope,
  raw: unknown[],
  mode: 'strict' | 'lenient',
  opts: RecordOptions = {},
): Promise<RapidBatchResult> {
  const checks = new RapidChecks(db, actor, scope, opts.earlier);
  await checks.add(raw, opts.rowNumbers);
  try {
    return await recordChecked(db, actor, scope, checks, mode, opts);
  } catch (e) {
    // A twin request (same clientId) committed between our check and our insert: run once more,
    // which now finds it and answers with the first test.
    if (opts.retried || !isUniqueViolation(e, 'rapid_tests_client_uq')) throw e;
    return recordRapidTests(db, actor, scope, raw, mode, { ...opts, retried: true });
  }
}

/**
 * Rows checked as they come (a file's rows arrive in chunks while the worker still reads the
 * rest): against the API schema, the recorder's scope, the directory and catalogue, test numbers
 * already used (in the database or earlier in the batch) and client ids sent before. Keeps only
 * what the writes need (`good`) and the errors; nothing is written here.
 */
export class RapidChecks {
  readonly errors: RowIssue[];
  readonly good: Good[] = [];
  readonly replayedIds: string[] = [];
  private readonly pace = pacer();
  private rows = 0;
  private readonly errorRows = new Set<number>();
  private readonly seenClientIds = new Set<string>();
  private readonly seenNos = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
    private readonly scope: Scope,
    earlier: RowIssue[] = [],
  ) {
    this.errors = [];
    this.addEarlier(earlier);
  }

  /** Rows found wrong before the schema (reading a file), named by file row. */
  addEarlier(issues: RowIssue[]) {
    for (const e of issues) {
      this.errors.push(e);
      this.errorRows.add(e.row);
    }
  }

  /** Rows in the file or request: every input given plus rows that failed before the schema. */
  get total() {
    return this.rows + this.errorRows.size;
  }

  /** Checks one chunk of inputs (row numbers are the file's, or 1.. in the order given). */
  async add(raw: unknown[], rowNumbers?: number[]) {
    const { db, scope, pace } = this;
    const parsed: { row: number; input: RapidTestInput }[] = [];
    const entityIds: string[] = [];
    const given: string[] = [];
    const clientIds: string[] = [];
    for (const [i, r] of raw.entries()) {
      if (pace.due()) await pace.pause();
      this.rows++;
      const row = rowNumbers?.[i] ?? this.rows;
      const p = rapidTestBody.safeParse(r);
      if (p.success) {
        parsed.push({ row, input: p.data });
        if (p.data.entityId) entityIds.push(p.data.entityId);
        if (p.data.testNo) given.push(p.data.testNo);
        if (p.data.clientId) clientIds.push(p.data.clientId);
      } else
        for (const is of p.error.issues)
          this.errors.push({ row, field: is.path.join('.') || 'row', reason: is.message });
    }
    // Only entities the recorder may see: a test must not colour another region's producer.
    const known = new Map<string, { active: boolean }>();
    const distinct = [...new Set(entityIds)];
    for (let i = 0; i < distinct.length; i += LOOKUP_SLICE)
      for (const [id, e] of await entitiesInScope(db, scope, distinct.slice(i, i + LOOKUP_SLICE)))
        known.set(id, e);
    // Numbers already used, asked in slices so no statement carries 100,000 of them.
    const taken = new Set<string>();
    for (let i = 0; i < given.length; i += LOOKUP_SLICE) {
      const found = await db
        .select({ no: rapidTests.testNo })
        .from(rapidTests)
        .where(
          and(
            eq(rapidTests.districtCode, scope.districtCode),
            inList(rapidTests.testNo, given.slice(i, i + LOOKUP_SLICE)),
          ),
        );
      for (const r of found) taken.add(r.no);
    }
    const earlierSends = await sentBefore(db, scope.districtCode, clientIds);
    const me = this.actor.user?.id ?? null;
    for (const p of parsed) {
      if (pace.due()) await pace.pause();
      const cid = p.input.clientId;
      if (cid) {
        const before = earlierSends.get(cid);
        if (this.seenClientIds.has(cid) || (before && before.createdBy !== me)) {
          // Another recorder's id (or twice in one batch): say so, never show their record.
          this.errors.push({ row: p.row, field: 'clientId', reason: '提交编号重复，请重新录入后提交' });
          continue;
        }
        this.seenClientIds.add(cid);
        if (before) {
          this.replayedIds.push(before.id);
          continue;
        }
      }
      const { row, issues } = prepare(p.input, scope, known);
      const no = p.input.testNo;
      if (no && (taken.has(no) || this.seenNos.has(no)))
        issues.push({ field: 'testNo', reason: `检测编号 ${no} 已存在` });
      if (no) this.seenNos.add(no);
      if (issues.length || !row) for (const is of issues) this.errors.push({ row: p.row, ...is });
      else {
        const day = cstDay(row.testedAt as Date);
        this.good.push({
          testNo: p.input.testNo,
          data: row,
          year: Number(day.slice(0, 4)),
          month: day.slice(0, 7),
        });
      }
    }
  }
}

/** recordRapidTests once every row is checked (see RapidChecks): strict writes nothing if any failed. */
export async function recordChecked(
  db: Db,
  actor: Actor,
  scope: Scope,
  checks: RapidChecks,
  mode: 'strict' | 'lenient',
  opts: RecordOptions = {},
): Promise<RapidBatchResult> {
  const { good, replayedIds } = checks;
  const errors = [...checks.errors].sort((a, b) => a.row - b.row);
  const failedRows = new Set(errors.map((e) => e.row));
  const result: RapidBatchResult = {
    batchId: null,
    total: checks.total,
    created: 0,
    positive: 0,
    failed: failedRows.size,
    committed: false,
    ids: [],
    replayedIds,
    errors,
  };
  if (mode === 'strict' && errors.length) return result;
  if (good.length === 0) {
    result.committed = replayedIds.length > 0;
    return result;
  }
  await writeTests(db, actor, scope, mode, opts, good, result);
  return result;
}

type Good = { testNo: string | undefined; data: RapidRow; year: number; month: string };

/** Tests sent before under these clientIds in the district: id and recorder. */
async function sentBefore(db: Db, districtCode: string, clientIds: string[]) {
  const found = new Map<string, { id: string; createdBy: string | null }>();
  for (let i = 0; i < clientIds.length; i += LOOKUP_SLICE) {
    const rows = await db
      .select({ id: rapidTests.id, clientId: rapidTests.clientId, createdBy: rapidTests.createdBy })
      .from(rapidTests)
      .where(
        and(
          eq(rapidTests.districtCode, districtCode),
          inList(rapidTests.clientId, clientIds.slice(i, i + LOOKUP_SLICE), 'uuid'),
        ),
      );
    for (const r of rows) found.set(r.clientId as string, { id: r.id, createdBy: r.createdBy });
  }
  return found;
}

/** The writes of recordRapidTests, in one transaction; fills `result` as it commits. */
async function writeTests(
  db: Db,
  actor: Actor,
  scope: Scope,
  mode: 'strict' | 'lenient',
  opts: RecordOptions,
  good: Good[],
  result: RapidBatchResult,
) {
  const pace = pacer();
  const batchId = opts.batch ? randomUUID() : null;
  await db.transaction(async (tx) => {
    const plans = new Map<number, string | null>();
    for (const y of new Set(good.map((g) => g.year)))
      plans.set(y, (await getPlanByYear(tx, scope.districtCode, y))?.id ?? null);
    // Serial numbers for rows without one, reserved per year in one step each.
    const nos = new Map<Good, string>();
    const byYear = new Map<number, Good[]>();
    for (const g of good) {
      if (g.testNo) continue;
      const list = byYear.get(g.year);
      if (list) list.push(g);
      else byYear.set(g.year, [g]);
    }
    for (const [y, list] of byYear) {
      const first = await reserveSerials(tx, scope.districtCode, 'rapid_test', y, list.length);
      list.forEach((g, i) => {
        nos.set(g, formatSerial('KJ', scope.districtCode, y, first + i));
      });
    }
    const tally = new StatTally();
    const ids: string[] = [];
    let positive = 0;
    const insert = rapidInsert(actor, batchId);
    // Pipelined: while one round's statement runs on the server, the next round's rows are built
    // here, so the two cores work at once. Rounds still run one after another, in order.
    let running: Promise<unknown> | null = null;
    for (let i = 0; i < good.length; i += WRITE_BATCH) {
      const rows: RapidRow[] = [];
      await pacedEach(
        good.slice(i, i + WRITE_BATCH),
        (g) => {
          // The checked row itself (it is not used again), completed in place.
          const r = g.data;
          r.testNo = g.testNo ?? (nos.get(g) as string);
          r.planId = plans.get(g.year) ?? null;
          r.createdBy = actor.user?.id ?? null;
          rows.push(r);
          ids.push(r.id as string);
          if (r.result === 'positive') positive++;
          tally.add({
            districtCode: r.districtCode,
            month: g.month,
            townCode: r.townCode,
            holderCode: r.holderCode,
            taskKind: 'rapid_test',
            productCode: r.productCode,
            analyteCode: `rapid:${r.method}`,
            link: r.link,
            total: 1,
            failed: r.result === 'positive' ? 1 : 0,
          });
        },
        pace,
      );
      const statement = insert(rows);
      const positives = rows.filter((x) => x.result === 'positive');
      if (running) await running;
      running = tx.execute(statement).then(() => followUpPositives(tx, positives));
      // Awaited above or below; this only keeps a failure meanwhile from counting as unhandled.
      running.catch(() => undefined);
    }
    await running;
    await addStats(tx, tally.deltas());
    result.created = good.length;
    result.positive = positive;
    result.ids = ids;
    result.committed = true;
    if (batchId && opts.batch) {
      result.batchId = batchId;
      await writeAudit(tx, actor, {
        action: 'import',
        subjectType: 'rapid_import',
        subjectId: batchId,
        regionCode: scope.kind === 'town' ? scope.townCode : scope.districtCode,
        after: {
          source: opts.batch.source,
          ...(opts.batch.fileName ? { fileName: opts.batch.fileName.slice(0, 200) } : {}),
          mode,
          total: result.total,
          created: result.created,
          positive: result.positive,
          failed: result.failed,
        },
      });
    }
  });
}

/**
 * One round's insert: the tests from one JSON parameter (rowsSource). A batch's tests name the batch, whose one
 * audit row (who, when, file, counts) records them; the row itself keeps the recorder and the time.
 * A test recorded alone gets its own audit row, made in the same statement from the inserted row:
 * action create, the test number, product, result and rate.
 */
function rapidInsert(actor: Actor, batchId: string | null) {
  return (rows: RapidRow[]) => {
    const { names, source } = rowsSource(rapidTests, rows);
    if (batchId)
      return sql`insert into ${rapidTests} (${names}, batch_id)
        select ${names}, ${batchId}::uuid from ${source}`;
    return sql`with ins as (
      insert into ${rapidTests} (${names}) select ${names} from ${source}
      returning id, test_no, product_code, result, inhibition_rate, town_code
    )
    insert into ${auditLog} (user_id, username, action, subject_type, subject_id, region_code, after, ip)
    select ${actor.user?.id ?? null}::uuid, ${actor.user?.username ?? null}::text, 'create', 'rapid_test',
      ins.id::text, ins.town_code,
      jsonb_build_object('testNo', ins.test_no, 'product', ins.product_code, 'result', ins.result,
        'inhibitionRate', ins.inhibition_rate),
      ${actor.ip}::text
    from ins`;
  };
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
