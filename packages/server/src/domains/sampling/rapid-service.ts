import { type RapidTestInput, rapidTestBody } from '@nongan/shared/sampling/tests';
import { and, eq } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { inList } from '../../platform/bulk-insert.ts';
import { type FieldIssue, HttpError } from '../../platform/http-error.ts';
import { timeOrderedId } from '../../platform/ids.ts';
import { pacer } from '../../platform/pace.ts';
import { codeInScope, type Scope } from '../accounts/scope.ts';
import { entitiesInScope } from '../accounts/write-scope.ts';
import type { Actor } from '../audit/audit.ts';
import { isUniqueViolation } from '../certificates/holdings.ts';
import { findProduct, productProblem } from '../standards/catalog.ts';
import { judgeRapid } from './rapid.ts';
import { type Good, type RapidRow, TestWriter } from './rapid-writer.ts';
import { rapidTests } from './sample-table.ts';
import { cstDay } from './stats-rows.ts';

export interface RowIssue extends FieldIssue {
  row: number;
}

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

/** The answer once every row is checked: the errors in row order, nothing written yet. */
function checkedResult(checks: RapidChecks): RapidBatchResult {
  const errors = [...checks.errors].sort((a, b) => a.row - b.row);
  return {
    batchId: null,
    total: checks.total,
    created: 0,
    positive: 0,
    failed: new Set(errors.map((e) => e.row)).size,
    committed: false,
    ids: [],
    replayedIds: checks.replayedIds,
    errors,
  };
}

/** The answer once the transaction ends: what the writer wrote, or (nothing to write) the replays. */
function settle(result: RapidBatchResult, writer: TestWriter): void {
  if (writer.created === 0) {
    result.committed = result.replayedIds.length > 0;
    return;
  }
  result.created = writer.created;
  result.positive = writer.positive;
  result.ids = writer.ids;
  result.batchId = writer.batchId;
  result.committed = true;
}

/** recordRapidTests once every row is checked (see RapidChecks): strict writes nothing if any failed. */
async function recordChecked(
  db: Db,
  actor: Actor,
  scope: Scope,
  checks: RapidChecks,
  mode: 'strict' | 'lenient',
  opts: RecordOptions = {},
): Promise<RapidBatchResult> {
  const result = checkedResult(checks);
  if (mode === 'strict' && result.errors.length) return result;
  if (checks.good.length === 0) {
    result.committed = result.replayedIds.length > 0;
    return result;
  }
  await db.transaction(async (tx) => {
    const writer = new TestWriter(tx, actor, scope, Boolean(opts.batch));
    try {
      await writer.write(checks.good);
      await writer.finish(
        opts.batch ? { ...opts.batch, mode, total: result.total, failed: result.failed } : null,
      );
    } finally {
      await writer.settled();
    }
    settle(result, writer);
  });
  return result;
}

/** Thrown inside an import's transaction to roll it back: a strict import with failed rows. */
class StrictFailure extends Error {}

/** Gives each chunk of a file's rows, as read: inputs, their row numbers, and rows already found wrong. */
export type ChunkReader = (
  add: (inputs: unknown[], rowNumbers: number[], earlier: RowIssue[]) => Promise<void>,
) => Promise<unknown>;

/**
 * A file's tests, checked and written chunk by chunk as the upload worker reads them, in one
 * transaction: a chunk is written while the next one is read and checked. Nothing is visible or
 * committed before the whole file is read and checked; strict mode stops writing at the first
 * failed row and rolls everything back (it goes on checking, to report every error).
 *
 * The checks read committed rows on a connection of their own (Database.aside, outside the pool,
 * so imports never wait on each other for a pooled one); rows of the file are checked against each
 * other in memory. Tests without a number are written after the read: a year's serial counter is
 * then locked from their numbering to the commit, as in a check-first import, not for the whole
 * read. Without such a connection (PGlite, whose one connection a transaction holds from every
 * other request) the file is checked whole first, then written.
 */
export async function importRapidFile(
  database: Pick<Database, 'db' | 'aside'>,
  actor: Actor,
  scope: Scope,
  mode: 'strict' | 'lenient',
  file: { fileName: string },
  read: ChunkReader,
): Promise<RapidBatchResult> {
  const batch = { source: 'file' as const, fileName: file.fileName };
  const side = database.aside
    ? await database.aside().catch((err: Error) => {
        console.error(`快检导入查重连接未建立，改为先检查全部行再写入：${err.message}`);
        return null;
      })
    : null;
  if (!side) {
    const checks = new RapidChecks(database.db, actor, scope);
    await read(async (inputs, rowNumbers, earlier) => {
      checks.addEarlier(earlier);
      await checks.add(inputs, rowNumbers);
    });
    return recordChecked(database.db, actor, scope, checks, mode, { batch });
  }
  let result: RapidBatchResult | undefined;
  try {
    await database.db.transaction(async (tx) => {
      const checks = new RapidChecks(side.db, actor, scope);
      const writer = new TestWriter(tx, actor, scope, true);
      const writing = () => mode === 'lenient' || checks.errors.length === 0;
      const unnumbered: Good[] = [];
      try {
        await read(async (inputs, rowNumbers, earlier) => {
          checks.addEarlier(earlier);
          await checks.add(inputs, rowNumbers);
          const numbered: Good[] = [];
          for (const g of checks.good.splice(0)) (g.testNo ? numbered : unnumbered).push(g);
          if (writing()) await writer.write(numbered);
        });
        result = checkedResult(checks);
        if (!writing()) throw new StrictFailure();
        await writer.write(unnumbered);
        await writer.finish({ ...batch, mode, total: result.total, failed: result.failed });
      } finally {
        await writer.settled();
      }
      settle(result, writer);
    });
  } catch (err) {
    if (!(err instanceof StrictFailure)) throw err;
  } finally {
    await side.close();
  }
  return result as RapidBatchResult;
}

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

export function batchError(result: RapidBatchResult): HttpError {
  return new HttpError(
    400,
    result.errors.map((e) => `第${e.row}行 ${e.field}: ${e.reason}`).join('；'),
    result.errors.map((e) => ({ field: `rows.${e.row - 1}.${e.field}`, reason: e.reason })),
  );
}
