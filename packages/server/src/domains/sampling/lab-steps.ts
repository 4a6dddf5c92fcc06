import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { conflict } from '../../platform/http-error.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { isLabState, type LabAction, type LabState, transition } from './lab-states.ts';
import { labSteps, samples } from './sample-table.ts';

type SampleRow = typeof samples.$inferSelect;

/**
 * The one way a sample changes lab state: checks the move, updates the row only if nobody moved
 * it meanwhile (409 otherwise), and records who, when and why in lab_steps and the audit log.
 */
export async function moveSample(
  tx: Db,
  actor: Actor,
  s: SampleRow,
  action: LabAction,
  opts: {
    reason?: string | null;
    set?: Partial<typeof samples.$inferInsert>;
    detail?: unknown;
    /** The state the row is in now when an earlier step in this transaction moved it. */
    fromState?: LabState;
  } = {},
): Promise<LabState> {
  const from = opts.fromState ?? s.status;
  if (!isLabState(from)) throw conflict(`样品 ${s.sampleNo} 状态异常`);
  const move = transition(from, action, opts.reason);
  if (!move.ok) throw conflict(`样品 ${s.sampleNo}：${move.reason}`);
  const now = new Date();
  const done = await tx
    .update(samples)
    .set({ ...opts.set, status: move.to, stateAt: now, version: s.version + 1 })
    .where(and(eq(samples.districtCode, s.districtCode), eq(samples.id, s.id), eq(samples.status, from)))
    .returning({ id: samples.id });
  if (done.length === 0) throw conflict(`样品 ${s.sampleNo} 已被他人处理，请刷新`);
  await tx.insert(labSteps).values({
    id: randomUUID(),
    districtCode: s.districtCode,
    sampleId: s.id,
    action,
    fromState: from,
    toState: move.to,
    userId: actor.user?.id ?? null,
    userName: actor.user?.displayName ?? null,
    reason: opts.reason?.trim() || null,
    detail: opts.detail ?? null,
    at: now,
  });
  await writeAudit(tx, actor, {
    action: `lab_${action}`,
    subjectType: 'sample',
    subjectId: s.id,
    regionCode: s.townCode,
    before: { status: from },
    after: { status: move.to, reason: opts.reason ?? null },
  });
  return move.to;
}
