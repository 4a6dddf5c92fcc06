import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { HttpError } from '../../platform/http-error.ts';
import { loginFailures } from './table.ts';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

/** The key failures are counted under: the same for every spelling of a name, known or not. */
export const usernameKey = (username: string) => username.normalize('NFKC').trim().toLowerCase();

/** Refuses a login while the name is locked: the same answer whether or not the user exists. */
export async function assertNotLocked(db: Db, key: string): Promise<void> {
  const [r] = await db
    .select({ lockedUntil: loginFailures.lockedUntil })
    .from(loginFailures)
    .where(eq(loginFailures.usernameKey, key));
  if (r?.lockedUntil && r.lockedUntil > new Date()) throw lockedError(r.lockedUntil);
}

export const lockedError = (until: Date) =>
  new HttpError(429, `登录失败次数过多，账号锁定至 ${until.toLocaleTimeString('zh-CN')}`);

/**
 * Counts one failure in a single atomic upsert, so N concurrent wrong guesses count N. Failures
 * more than LOCK_MINUTES apart start the count again; the MAX_FAILURES-th locks the name.
 */
export async function recordFailure(db: Db, key: string): Promise<void> {
  const lock = sql.raw(`${LOCK_MINUTES} * interval '1 minute'`);
  const next = sql`case when f.last_failure_at < now() - ${lock} then 1 else f.failures + 1 end`;
  await db.execute(sql`
    insert into login_failures as f (username_key, failures, locked_until, last_failure_at)
    values (${key}, 1, null, now())
    on conflict (username_key) do update set
      failures = ${next},
      locked_until = case when ${next} >= ${MAX_FAILURES} then now() + ${lock} else f.locked_until end,
      last_failure_at = now()`);
}

/** After a successful login or a password reset; also sweeps stale rows of other names. */
export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.usernameKey, key));
  await db.execute(
    sql`delete from ${loginFailures} where ${loginFailures.lastFailureAt} < now() - interval '1 day' and (${loginFailures.lockedUntil} is null or ${loginFailures.lockedUntil} < now())`,
  );
}
