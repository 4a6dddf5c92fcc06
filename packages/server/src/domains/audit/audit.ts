import type { Db } from '../../db/client.ts';
import { bulkInsert } from '../../platform/bulk-insert.ts';
import { pacedMap } from '../../platform/pace.ts';
import type { AuthUser } from '../accounts/scope.ts';
import { auditLog } from './table.ts';

export interface Actor {
  user: AuthUser | null;
  ip: string | null;
}

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes audit rows in the caller's transaction, so a change and its record commit together. */
export async function writeAudit(tx: Db, actor: Actor, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await bulkInsert(
    tx,
    auditLog,
    // Paced: an import audits 100,000 rows at once.
    await pacedMap(list, (e) => ({
      userId: actor.user?.id ?? null,
      username: actor.user?.username ?? null,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId ?? null,
      regionCode: e.regionCode ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
      ip: actor.ip,
    })),
  );
}

/** Only the fields that changed, for a compact before/after pair. */
export function diff<T extends Record<string, unknown>>(
  before: T,
  after: T,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
