import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/client.ts';
import { FLUSH_MS, FLUSH_ROWS, ScanLog, type ScanRecord } from './scan-cache.ts';

// The batched scan log against a stand-in pg pool whose insert takes 30 ms: rows that arrive
// while a batch is written wait for their timer unless a full batch is waiting, so a steady
// stream of scans is written in large batches, and flush() still writes everything.
// Fake timers: the log's timers and the pool's 30 ms run on the test's clock, not the machine's.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});
const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);

function fakeDb(batches: number[]) {
  const client = {
    totalCount: 1,
    query: async (q: { name: string; values: unknown[] }) => {
      if (q.name === 'scan_log_insert') {
        await new Promise((done) => setTimeout(done, 30));
        batches.push((JSON.parse(q.values[0] as string) as unknown[]).length);
      }
      return { rows: [] };
    },
  };
  return { $client: client } as unknown as Db;
}

let n = 0;
const scan = (traceId = 'T1'): ScanRecord => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  district_code: '500151',
  certificate_id: '00000000-0000-4000-8000-000000000001',
  at: new Date().toISOString(),
  network: null,
  place: null,
  channel: 'other',
  trace_id: traceId,
});

describe('ScanLog batches', () => {
  it('leaves rows that arrive during a write to their timer, and writes full batches at once', async () => {
    expect(FLUSH_ROWS).toBe(500);
    const batches: number[] = [];
    const log = new ScanLog(fakeDb(batches));
    log.add(scan());
    await sleep(FLUSH_MS + 10); // the timer has started the write of that one row
    for (let i = 0; i < 50; i++) log.add(scan('T2'));
    expect(log.pendingOf('T2')).toHaveLength(50);
    await sleep(80); // the one-row write is done; the 50 wait for their own timer
    expect(batches).toEqual([1]);
    await sleep(FLUSH_MS + 60);
    expect(batches).toEqual([1, 50]);
    expect(log.pendingOf('T2')).toEqual([]);

    // 1,200 at once: a full batch goes at once, a second full one right after it, the rest on time.
    for (let i = 0; i < 1200; i++) log.add(scan('T3'));
    await sleep(100);
    expect(batches).toEqual([1, 50, 500, 500]);
    expect(log.pendingOf('T3')).toHaveLength(200);
    const flushed = log.flush();
    await sleep(30);
    await flushed;
    expect(batches).toEqual([1, 50, 500, 500, 200]);
    expect(log.written).toBe(1251);
    expect(log.size).toBe(0);
  });

  it('writes everything on close, in full batches', async () => {
    const batches: number[] = [];
    const log = new ScanLog(fakeDb(batches));
    for (let i = 0; i < 499; i++) log.add(scan());
    expect(batches).toEqual([]);
    const closed = log.close();
    await sleep(30);
    await closed;
    expect(batches).toEqual([499]);
    expect(log.size).toBe(0);
  });
});
