import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { copyChunk, runCopy } from '../../platform/bulk-copy.ts';
import { bulkInsert, rowsSource } from '../../platform/bulk-insert.ts';
import { pacedEach, pacer } from '../../platform/pace.ts';
import { formatSerial, reserveSerials } from '../../platform/serials.ts';
import { UPLOAD_CHUNK } from '../../platform/upload-parse.ts';
import { WriteQueue } from '../../platform/write-queue.ts';
import type { Scope } from '../accounts/scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { auditLog } from '../audit/table.ts';
import { emitEvents } from './events.ts';
import { getPlanByYear } from './plan-repository.ts';
import { lotHolds, rapidTests, samplingTasks } from './sample-table.ts';
import { addStats, cstDay, StatTally } from './stats-rows.ts';

export type RapidRow = typeof rapidTests.$inferInsert;
/** A checked test: the row to write (completed when written), the number given, its year and month. */
export type Good = { testNo: string | undefined; data: RapidRow; year: number; month: string };

/**
 * Tests written per round (insert, follow-ups): keeps each statement small. One upload chunk is one
 * round, so a file's next chunk is checked while the whole of this one is written (at half a chunk,
 * this thread waited for each chunk's first round: bench/README, the thirteenth machine).
 */
const WRITE_BATCH = UPLOAD_CHUNK;

/** What a batch's audit row says besides who and when. */
export interface BatchSummary {
  source: 'file' | 'bulk';
  fileName?: string;
  mode: 'strict' | 'lenient';
  total: number;
  failed: number;
}

/**
 * The writes of checked rapid tests in one transaction, given once or chunk by chunk (a file
 * import writes each chunk while the next is read and checked). Each call numbers its tests
 * without one (reserved per year in one step), then writes them in rounds of WRITE_BATCH,
 * pipelined: while one round runs on the server, the next is built here, so both cores work.
 * Rounds still run one after another, in order. `finish` adds the statistics and the batch's one
 * audit row.
 */
export class TestWriter {
  /** Names a batch: its audit row, and `batch_id` on each of its tests. */
  readonly batchId: string | null;
  readonly ids: string[] = [];
  positive = 0;
  private readonly pace = pacer();
  private readonly plans = new Map<number, string | null>();
  private readonly tally = new StatTally();
  private readonly queue = new WriteQueue();

  constructor(
    private readonly tx: Db,
    private readonly actor: Actor,
    private readonly scope: Scope,
    batch: boolean,
  ) {
    this.batchId = batch ? randomUUID() : null;
  }

  get created(): number {
    return this.ids.length;
  }

  /** Writes these tests (returns once the last round has started). */
  async write(good: Good[]): Promise<void> {
    if (good.length === 0) return;
    // Its lookups (the year's plan, serials) share the transaction with the round before.
    await this.queue.guard(this.writeRounds(good));
  }

  /** Waits for the last round; then, if anything was written, the statistics and the audit row. */
  async finish(summary: BatchSummary | null): Promise<void> {
    await this.queue.finish();
    if (this.created === 0) return;
    await addStats(this.tx, this.tally.deltas());
    if (!this.batchId || !summary) return;
    const { scope } = this;
    await writeAudit(this.tx, this.actor, {
      action: 'import',
      subjectType: 'rapid_import',
      subjectId: this.batchId,
      regionCode: scope.kind === 'town' ? scope.townCode : scope.districtCode,
      after: {
        source: summary.source,
        ...(summary.fileName ? { fileName: summary.fileName.slice(0, 200) } : {}),
        mode: summary.mode,
        total: summary.total,
        created: this.created,
        positive: this.positive,
        failed: summary.failed,
      },
    });
  }

  /** Waits for the round going on, whatever its outcome (before leaving the transaction). */
  settled(): Promise<void> {
    return this.queue.settled();
  }

  private async writeRounds(good: Good[]): Promise<void> {
    const { tx, scope, actor, pace } = this;
    for (const y of new Set(good.map((g) => g.year)))
      if (!this.plans.has(y)) this.plans.set(y, (await getPlanByYear(tx, scope.districtCode, y))?.id ?? null);
    const nos = await this.serials(good);
    for (let i = 0; i < good.length; i += WRITE_BATCH) {
      const rows: RapidRow[] = [];
      await pacedEach(
        good.slice(i, i + WRITE_BATCH),
        (g) => {
          // The checked row itself (it is not used again), completed in place.
          const r = g.data;
          r.testNo = g.testNo ?? (nos.get(g) as string);
          r.planId = this.plans.get(g.year) ?? null;
          r.createdBy = actor.user?.id ?? null;
          rows.push(r);
          this.ids.push(r.id as string);
          if (r.result === 'positive') this.positive++;
          this.tally.add({
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
      const insert = rapidInsert(tx, actor, this.batchId, rows);
      const positives = rows.filter((x) => x.result === 'positive');
      await this.queue.next(() => insert().then(() => followUpPositives(tx, positives)));
    }
  }

  /**
   * Serial numbers for the tests without one, reserved per year in one step each (the year's
   * counter then stays locked until the transaction ends).
   */
  private async serials(good: Good[]): Promise<Map<Good, string>> {
    const { districtCode } = this.scope;
    const nos = new Map<Good, string>();
    const byYear = new Map<number, Good[]>();
    for (const g of good) {
      if (g.testNo) continue;
      const list = byYear.get(g.year);
      if (list) list.push(g);
      else byYear.set(g.year, [g]);
    }
    // Years in ascending order: two imports locking two years' counters in opposite orders would
    // deadlock.
    for (const [y, list] of [...byYear].sort((a, b) => a[0] - b[0])) {
      const first = await reserveSerials(this.tx, districtCode, 'rapid_test', y, list.length);
      list.forEach((g, i) => {
        nos.set(g, formatSerial('KJ', districtCode, y, first + i));
      });
    }
    return nos;
  }
}

/**
 * One round's insert, built now and run when called. A batch's tests go by COPY
 * (platform/bulk-copy.ts), each naming the batch, whose one audit row (who, when, file, counts)
 * records them; the row itself keeps the recorder and the time. A test recorded alone goes from one
 * JSON parameter (rowsSource) with its own audit row, made in the same statement from the inserted
 * row: action create, the test number, product, result and rate.
 */
function rapidInsert(tx: Db, actor: Actor, batchId: string | null, rows: RapidRow[]): () => Promise<unknown> {
  if (batchId) {
    for (const r of rows) r.batchId = batchId;
    const chunk = copyChunk(rapidTests, rows);
    return () => runCopy(tx, chunk);
  }
  const { names, source } = rowsSource(rapidTests, rows);
  const statement = sql`with ins as (
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
  return () => tx.execute(statement);
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
