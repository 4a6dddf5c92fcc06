/**
 * The outbox runner: domain_events written in a domain's transaction are handed, after commit, to
 * the consumers registered for their type, in this process.
 *
 * Why consumed_by plus a cursor: the event's `consumed_by` array is the truth. A consumer's effect
 * and the mark are written in one transaction, with the event row locked (FOR UPDATE SKIP LOCKED),
 * so an event is applied exactly once per consumer even with several app processes, and a crash
 * between the domain's commit and the consumer loses nothing: the event simply stays unmarked and
 * the next run (start-up, the timer, the next write) takes it. A cursor alone would skip events
 * whose transaction commits after a later id was read (identity ids are not commit order); so the
 * per-consumer cursor in outbox_cursors is only a lower bound that keeps the scan short: it moves
 * past events that are both consumed and older than CURSOR_HORIZON_MS, long after any transaction
 * that could still commit an earlier id.
 */
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { domainEvents } from '../domains/sampling/sample-table.ts';
import { outboxCursors } from './outbox-table.ts';

export interface OutboxEvent {
  id: number;
  districtCode: string;
  type: string;
  subjectId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface Consumer {
  /** Stable name, written into consumed_by: renaming it replays every event of its types. */
  name: string;
  types: readonly string[];
  /** Runs in the transaction that marks the event consumed; throwing leaves it for the next run. */
  handle(tx: Db, event: OutboxEvent): Promise<void>;
  /**
   * Optional: one district's pending events at once, in the transaction that marks them all.
   * For consumers whose work per event is mostly shared (a re-evaluation): a 3,000-row import
   * with 3,000 positives is then a few evaluations, not 3,000. If it throws, the events are
   * handed to `handle` one by one, so one bad event still cannot hold up the others.
   */
  handleBatch?(tx: Db, districtCode: string, events: OutboxEvent[]): Promise<void>;
}

/** A periodic job (e.g. generating the quarter's duties), run at start-up and every `everyMs`. */
export interface Job {
  name: string;
  everyMs: number;
  run(db: Db): Promise<void>;
}

/**
 * A count of events written by this process: a write request that emitted one kicks the runner
 * before its response (see app.ts), others cost nothing. Global on purpose: a kick too many is harmless.
 */
let emitted = 0;
export const noteEmitted = () => {
  emitted++;
};

export const CURSOR_HORIZON_MS = 60 * 60_000;
const BATCH = 500;

export class OutboxRunner {
  private consumers: Consumer[] = [];
  private jobs: (Job & { lastRun: number })[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private seen = 0;

  constructor(
    private readonly db: Db,
    private readonly log: (msg: string, err?: unknown) => void = (m, e) => console.error(m, e ?? ''),
  ) {}

  register(c: Consumer) {
    if (this.consumers.some((x) => x.name === c.name))
      throw new Error(`outbox consumer ${c.name} registered twice`);
    this.consumers.push(c);
  }

  addJob(job: Job) {
    this.jobs.push({ ...job, lastRun: 0 });
  }

  get consumerNames() {
    return this.consumers.map((c) => c.name);
  }

  /** Starts the timer; the first run (jobs, then pending events) happens at once. */
  start(intervalMs = 30_000) {
    this.stopped = false;
    void this.kick({ jobs: true });
    this.timer = setInterval(() => void this.kick({ jobs: true }), intervalMs);
    this.timer.unref();
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain.catch(() => undefined);
  }

  /** Whether events were emitted in this process since the last run started. */
  get dirty() {
    return emitted !== this.seen;
  }

  /** Queues a run after any run in progress; resolves with the number of events consumed. */
  kick(opts: { jobs?: boolean; forceJobs?: boolean } = {}): Promise<number> {
    const next = this.chain.then(async () => {
      if (this.stopped) return 0;
      this.seen = emitted;
      if (opts.jobs || opts.forceJobs) await this.runJobs(!!opts.forceJobs);
      return this.runConsumers();
    });
    this.chain = next.catch(() => undefined);
    return next.catch((err) => {
      this.log('事件处理失败', err);
      return 0;
    });
  }

  /** Runs everything now and until nothing is pending: for tests and the CLI. */
  async drain(opts: { jobs?: boolean } = {}): Promise<number> {
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const n = await this.kick({ forceJobs: opts.jobs && i === 0 });
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  private async runJobs(force: boolean) {
    const now = Date.now();
    for (const job of this.jobs) {
      if (!force && now - job.lastRun < job.everyMs) continue;
      job.lastRun = now;
      try {
        await job.run(this.db);
      } catch (err) {
        this.log(`定时任务 ${job.name} 失败`, err);
      }
    }
  }

  private async runConsumers(): Promise<number> {
    let done = 0;
    for (const c of this.consumers) done += await this.runConsumer(c);
    return done;
  }

  private async runConsumer(c: Consumer): Promise<number> {
    const [cur] = await this.db.select().from(outboxCursors).where(eq(outboxCursors.consumer, c.name));
    const from = cur?.lastId ?? 0;
    let done = 0;
    let failedAt: number | null = null;
    let after = from;
    for (;;) {
      const pending = await this.db
        .select({ id: domainEvents.id, districtCode: domainEvents.districtCode })
        .from(domainEvents)
        .where(
          and(
            inArray(domainEvents.type, [...c.types]),
            gt(domainEvents.id, after),
            sql`not (${c.name} = any(${domainEvents.consumedBy}))`,
          ),
        )
        .orderBy(domainEvents.id)
        .limit(BATCH);
      const batched = await this.consumeBatches(c, pending);
      done += batched.done;
      for (const p of batched.left) {
        try {
          if (await this.consumeOne(c, p.districtCode, p.id)) done++;
        } catch (err) {
          failedAt ??= p.id;
          this.log(`事件消费者 ${c.name} 处理事件 ${p.id} 失败，稍后重试`, err);
        }
      }
      if (pending.length < BATCH) break;
      after = pending[pending.length - 1]!.id;
    }
    await this.advanceCursor(c, from, failedAt);
    return done;
  }

  /**
   * The pending events per district in one transaction each: lock those not yet consumed (others
   * skipped), hand them to handleBatch, mark them. Answers how many were consumed, and the events
   * left for one-by-one handling: those of a batch that failed, or all of them when the consumer has
   * no handleBatch.
   */
  private async consumeBatches(
    c: Consumer,
    pending: { id: number; districtCode: string }[],
  ): Promise<{ done: number; left: { id: number; districtCode: string }[] }> {
    const batch = c.handleBatch;
    if (!batch) return { done: 0, left: pending };
    let done = 0;
    const byDistrict = new Map<string, number[]>();
    for (const p of pending) {
      const ids = byDistrict.get(p.districtCode);
      if (ids) ids.push(p.id);
      else byDistrict.set(p.districtCode, [p.id]);
    }
    const left: { id: number; districtCode: string }[] = [];
    for (const [districtCode, ids] of byDistrict) {
      try {
        done += await this.consume(c, districtCode, ids, (tx, events) => batch(tx, districtCode, events));
      } catch (err) {
        this.log(`事件消费者 ${c.name} 批量处理失败，逐条重试`, err);
        left.push(...ids.map((id) => ({ id, districtCode })));
      }
    }
    return { done, left };
  }

  /** One event in one transaction: lock it, skip it if consumed (or locked by another process), apply, mark. */
  private async consumeOne(c: Consumer, districtCode: string, id: number): Promise<boolean> {
    return (await this.consume(c, districtCode, [id], (tx, [e]) => c.handle(tx, e as OutboxEvent))) > 0;
  }

  /**
   * One transaction: lock the district's events among `ids` that this consumer has not consumed
   * (those another process holds are skipped), apply them, mark them consumed. Answers how many.
   */
  private async consume(
    c: Consumer,
    districtCode: string,
    ids: number[],
    apply: (tx: Db, events: OutboxEvent[]) => Promise<void>,
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(domainEvents)
        .where(
          and(
            eq(domainEvents.districtCode, districtCode),
            inArray(domainEvents.id, ids),
            sql`not (${c.name} = any(${domainEvents.consumedBy}))`,
          ),
        )
        .orderBy(domainEvents.id)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      await apply(
        tx,
        rows.map((row) => ({ ...row, payload: row.payload as Record<string, unknown> })),
      );
      await tx
        .update(domainEvents)
        .set({ consumedBy: sql`array_append(${domainEvents.consumedBy}, ${c.name}::text)` })
        .where(
          and(
            eq(domainEvents.districtCode, districtCode),
            inArray(
              domainEvents.id,
              rows.map((r) => r.id),
            ),
          ),
        );
      return rows.length;
    });
  }

  /** Moves the cursor past events consumed and older than the horizon, never past a pending one. */
  private async advanceCursor(c: Consumer, from: number, failedAt: number | null) {
    const horizon = new Date(Date.now() - CURSOR_HORIZON_MS);
    const [firstPending] = await this.db
      .select({ id: sql<number>`min(${domainEvents.id})` })
      .from(domainEvents)
      .where(
        and(
          inArray(domainEvents.type, [...c.types]),
          gt(domainEvents.id, from),
          sql`(not (${c.name} = any(${domainEvents.consumedBy})) or ${domainEvents.createdAt} >= ${horizon.toISOString()}::timestamptz)`,
        ),
      );
    const limit = Math.min(
      Number(firstPending?.id ?? Number.MAX_SAFE_INTEGER),
      failedAt ?? Number.MAX_SAFE_INTEGER,
    );
    const [top] = await this.db
      .select({ id: sql<number>`max(${domainEvents.id})` })
      .from(domainEvents)
      .where(
        and(inArray(domainEvents.type, [...c.types]), gt(domainEvents.id, from), lt(domainEvents.id, limit)),
      );
    const to = Number(top?.id ?? 0);
    if (to <= from) return;
    await this.db
      .insert(outboxCursors)
      .values({ consumer: c.name, lastId: to })
      .onConflictDoUpdate({ target: outboxCursors.consumer, set: { lastId: to, updatedAt: new Date() } });
  }
}
