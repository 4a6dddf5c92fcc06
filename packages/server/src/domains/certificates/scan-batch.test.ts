import { describe, expect, it } from 'vitest';
import { Coalescer } from './scan-batch.ts';

/** A runner whose batches finish only when the test says so. */
function heldRunner() {
  const calls: { queries: number[]; finish: (err?: Error) => void }[] = [];
  const run = (queries: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({
        queries,
        finish: (err) => (err ? reject(err) : resolve(queries.map((q) => `answer ${q}`))),
      });
    });
  return { calls, run };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('Coalescer', () => {
  it('sends a request at once, alone, while a batch is free', async () => {
    const { calls, run } = heldRunner();
    const c = new Coalescer(run, 2, 10);
    const a = c.request(1);
    await tick();
    expect(calls.map((x) => x.queries)).toEqual([[1]]);
    calls[0]?.finish();
    expect(await a).toBe('answer 1');
  });

  it('puts what arrives while every batch is busy into the next one, each answer to its own asker', async () => {
    const { calls, run } = heldRunner();
    const c = new Coalescer(run, 2, 10);
    const answers = [1, 2, 3, 4, 5, 6].map((q) => c.request(q));
    await tick();
    // Two batches in flight, one request each; the other four wait.
    expect(calls.map((x) => x.queries)).toEqual([[1], [2]]);
    calls[1]?.finish();
    await tick();
    expect(calls.map((x) => x.queries)).toEqual([[1], [2], [3, 4, 5, 6]]);
    calls[0]?.finish();
    calls[2]?.finish();
    expect(await Promise.all(answers)).toEqual([1, 2, 3, 4, 5, 6].map((q) => `answer ${q}`));
    expect({ batches: c.batches, requests: c.requests }).toEqual({ batches: 3, requests: 6 });
  });

  it('keeps each batch within its size', async () => {
    const { calls, run } = heldRunner();
    const c = new Coalescer(run, 1, 3);
    const answers = Array.from({ length: 8 }, (_, i) => c.request(i));
    for (let i = 0; i < 4; i++) {
      await tick();
      calls[i]?.finish();
    }
    expect(await Promise.all(answers)).toHaveLength(8);
    expect(calls.map((x) => x.queries)).toEqual([[0], [1, 2, 3], [4, 5, 6], [7]]);
  });

  it('fails every request of a failed batch, and goes on with the next', async () => {
    const { calls, run } = heldRunner();
    const c = new Coalescer(run, 1, 10);
    const first = c.request(1);
    const waiting = [c.request(2), c.request(3)];
    await tick();
    calls[0]?.finish(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await tick();
    calls[1]?.finish(new Error('still lost'));
    for (const w of waiting) await expect(w).rejects.toThrow('still lost');
    const later = c.request(4);
    await tick();
    calls[2]?.finish();
    expect(await later).toBe('answer 4');
  });

  it('fails the batch when the runner throws or answers a wrong number of results', async () => {
    const throwing = new Coalescer<number, string>(
      () => {
        throw new Error('bad statement');
      },
      1,
      10,
    );
    await expect(throwing.request(1)).rejects.toThrow('bad statement');
    // One result too few, whatever the batch.
    const short = new Coalescer<number, string>(async (qs) => qs.slice(1).map(String), 1, 10);
    const answers = await Promise.allSettled([1, 2, 3].map((q) => short.request(q)));
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(answers.map((a) => String((a as PromiseRejectedResult).reason.message))).toEqual([
      'a batch of 1 got 0 results',
      'a batch of 2 got 1 results',
      'a batch of 2 got 1 results',
    ]);
  });
});
