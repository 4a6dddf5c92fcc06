import type { Db } from '../../db/client.ts';
import { rawQuery } from '../../db/prepared.ts';

/**
 * What makes the public scan cheap (bench/README.md, `scan.ts`):
 *
 * - `rawQuery` (db/prepared.ts): the scan's statements as fixed SQL text; on a PostgreSQL server a named
 *   (prepared) statement, so it is parsed and planned once per pooled connection (and given a
 *   generic plan: scan-cache.int.test.ts checks it).
 * - `Coalescer` (scan-batch.ts, used by `scanReads` in scan-service.ts): scans that arrive while
 *   `SCAN_BATCHES_IN_FLIGHT` statements are running go together in the next one, so a busy server
 *   pays one round trip for many scans and the scans never hold more than that many connections.
 * - `PageCache`: per certificate, the page's reads that change only when the producer's data
 *   changes (tests, sources, brands, reports, colour). An entry is used only while the entity's
 *   `scan_page_versions.version` (bumped by triggers in the same transaction as the change, read
 *   with the certificate on every scan) and the certificate's status are those it was built
 *   from, on the same China day, and for at most `PAGE_TTL_MS` (`pageExpiry`; the colour's window
 *   and the brands' validity move with the clock, not with a write). Nothing is shared between server
 *   processes, and none needs to be: each one compares against the database's version.
 * - `certs`: per trace id, the certificate's fields that never change once it is issued (its
 *   content and its tests). A scan of a cached certificate runs a leaner statement that still
 *   reads, every time, what can change: the status and revocation, the entity's name and page
 *   version, and the scan counts.
 * - `ScanLog`: scan records appended in batches off the response path (every `FLUSH_MS` or
 *   `FLUSH_ROWS` rows, and on close). Records not yet written are counted by the next scan of
 *   the same certificate (passed to its statement), so the counts on the page never lag in this
 *   process; a crash loses at most the records of the last `FLUSH_MS` (and at most
 *   `MAX_PENDING` rows if the database refuses writes).
 */

export const PAGE_TTL_MS = 60_000;
export const PAGE_CACHE_ENTRIES = 20_000;
export const FLUSH_MS = 200;
export const FLUSH_ROWS = 500;
export const MAX_PENDING = 20_000;

/**
 * When a page entry read at `now` expires: after PAGE_TTL_MS at most and half of it at least, at
 * random. Entries read together (a burst of scans, a restart) then run out spread over half a TTL,
 * not all at one moment when every scan would read its page again at once (bench/README.md, the
 * page's p99).
 */
export function pageExpiry(now: number, random = Math.random()): number {
  return now + PAGE_TTL_MS - Math.floor((random * PAGE_TTL_MS) / 2);
}

/** A bounded map, oldest entry out first. */
export class Bounded<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string) {
    return this.map.get(key);
  }
  set(key: string, value: V) {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  delete(key: string) {
    this.map.delete(key);
  }
  clear() {
    this.map.clear();
  }
  get size() {
    return this.map.size;
  }
}

export interface ScanRecord {
  id: string;
  district_code: string;
  certificate_id: string;
  at: string;
  network: string | null;
  place: string | null;
  channel: string;
  /** The certificate's trace id: the next scan of it finds the pending records by it. */
  trace_id: string;
}

const INSERT_SQL = `insert into certificate_scans (id, district_code, certificate_id, at, network, place, channel)
  select r.id, r.district_code, r.certificate_id, r.at, r.network, r.place, r.channel
  from json_to_recordset($1::json) as r(id uuid, district_code text, certificate_id uuid, at timestamptz,
    network text, place text, channel text)
  on conflict do nothing`;

/** Scan records written in batches; pending ones are readable by certificate id. */
export class ScanLog {
  private queue: ScanRecord[] = [];
  /** Records not yet committed (queued or being written), by certificate id. */
  private readonly pending = new Map<string, ScanRecord[]>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  written = 0;
  dropped = 0;

  constructor(private readonly db: Db) {}

  add(r: ScanRecord) {
    if (this.queue.length >= MAX_PENDING) {
      // The database has refused writes for a while: keep memory bounded, say so.
      const old = this.queue.shift() as ScanRecord;
      this.forget(old);
      this.dropped++;
    }
    this.queue.push(r);
    const list = this.pending.get(r.trace_id);
    if (list) list.push(r);
    else this.pending.set(r.trace_id, [r]);
    if (this.closed || this.queue.length >= FLUSH_ROWS) void this.write(false);
    else this.schedule(FLUSH_MS);
  }

  private schedule(ms: number) {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.write(false);
    }, ms);
    this.timer.unref();
  }

  /** The records of a trace id not yet committed (for the scan's statement). */
  pendingOf(traceId: string): ScanRecord[] {
    return this.pending.get(traceId) ?? [];
  }

  get size() {
    return this.queue.length;
  }

  private forget(r: ScanRecord) {
    const list = this.pending.get(r.trace_id);
    if (!list) return;
    const i = list.indexOf(r);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) this.pending.delete(r.trace_id);
  }

  /** Writes everything queued so far (one statement per batch of up to FLUSH_ROWS). */
  flush(): Promise<void> {
    return this.write(true);
  }

  /**
   * One batch, then more only while a full batch waits (or `all`): under steady load rows keep
   * arriving while a batch is written, and writing each trickle at once made batches of 20 to 60
   * rows, each its own commit. The rest waits for the timer that its first row set.
   */
  private async write(all: boolean): Promise<void> {
    if (this.flushing) {
      await this.flushing;
      if (this.queue.length >= (all || this.closed ? 1 : FLUSH_ROWS)) return this.write(all);
      return;
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.flushing = (async () => {
      while (this.queue.length) {
        const batch = this.queue.splice(0, FLUSH_ROWS);
        try {
          await rawQuery(this.db, 'scan_log_insert', INSERT_SQL, [JSON.stringify(batch)]);
          this.written += batch.length;
          for (const r of batch) this.forget(r);
        } catch (err) {
          // Keep them for the next attempt (ids make a retry idempotent), unless closing.
          this.queue.unshift(...batch);
          console.error(`扫码记录写入失败：${(err as Error).message}`);
          this.schedule(1000);
          return;
        }
        if (!all && !this.closed && this.queue.length < FLUSH_ROWS) break;
      }
      if (this.queue.length) this.schedule(FLUSH_MS);
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  /** On app close: no more timers, everything written. */
  async close() {
    this.closed = true;
    await this.flush();
  }
}

export interface ScanState {
  pages: Bounded<unknown>;
  /** Per trace id: what a certificate never changes once issued (see scan-service.ts). */
  certs: Bounded<unknown>;
  log: ScanLog;
}

const states = new WeakMap<object, ScanState>();

/** The cache and the scan log of one database (one per app; tests open many). */
export function scanState(db: Db): ScanState {
  let s = states.get(db);
  if (!s) {
    s = {
      pages: new Bounded(PAGE_CACHE_ENTRIES),
      certs: new Bounded(PAGE_CACHE_ENTRIES),
      log: new ScanLog(db),
    };
    states.set(db, s);
  }
  return s;
}

const codeCaches = new WeakMap<object, Bounded<unknown>>();

/** Codes whose signature already verified under this key ring (genuine ones only). */
export function verifiedCodes(ring: object): Bounded<unknown> {
  let c = codeCaches.get(ring);
  if (!c) {
    c = new Bounded(PAGE_CACHE_ENTRIES);
    codeCaches.set(ring, c);
  }
  return c;
}
