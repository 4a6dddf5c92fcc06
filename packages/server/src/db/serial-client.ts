import type pg from 'pg';

/**
 * Makes a pooled client run its promise-style queries one after another. Services gather facts
 * with Promise.all, and inside a transaction those queries share one client; pg 8 queues them
 * itself but warns that this goes away in pg 9. Callback-style calls (the pool's own query) and
 * submittables pass through untouched: the pool never overlaps them.
 */
export function serializeQueries(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let tail: Promise<unknown> = Promise.resolve();
  const serial = (...args: unknown[]) => {
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof args.at(-1) === 'function' || typeof first?.submit === 'function') return query(...args);
    const run = tail.then(() => query(...args));
    tail = run.catch(() => undefined);
    return run;
  };
  client.query = serial as typeof client.query;
}
