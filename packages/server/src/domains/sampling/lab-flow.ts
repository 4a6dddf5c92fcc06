import { randomUUID } from 'node:crypto';
import { and, asc, eq, like } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { fieldError, forbidden } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { sampleInScopeOr404 } from '../accounts/write-scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { applyVerified, resultRows, withdrawVerified } from './lab-consequences.ts';
import { DEFAULT_LAB_SETTINGS, mayVerify } from './lab-states.ts';
import { moveSample } from './lab-steps.ts';
import { labSettings, labSteps, samples } from './sample-table.ts';

type SampleRow = typeof samples.$inferSelect;

export interface LabSettings {
  verifierRoles: string[];
  selfVerify: boolean;
  overdueDays: Record<string, number>;
  retestWindowDays: number;
}

export async function getLabSettings(db: Db, districtCode: string): Promise<LabSettings> {
  const [row] = await db.select().from(labSettings).where(eq(labSettings.districtCode, districtCode));
  if (!row)
    return {
      ...DEFAULT_LAB_SETTINGS,
      verifierRoles: [...DEFAULT_LAB_SETTINGS.verifierRoles],
      overdueDays: { ...DEFAULT_LAB_SETTINGS.overdueDays },
    };
  return {
    verifierRoles: row.verifierRoles,
    selfVerify: row.selfVerify,
    overdueDays: row.overdueDays as Record<string, number>,
    retestWindowDays: row.retestWindowDays,
  };
}

export async function saveLabSettings(
  db: Db,
  actor: Actor,
  districtCode: string,
  input: Omit<LabSettings, 'overdueDays'> & { overdueDays: Partial<Record<string, number>> },
) {
  await db.transaction(async (tx) => {
    const before = await getLabSettings(tx, districtCode);
    const values = { ...input, districtCode, updatedBy: actor.user?.id ?? null, updatedAt: new Date() };
    await tx
      .insert(labSettings)
      .values(values)
      .onConflictDoUpdate({ target: labSettings.districtCode, set: values });
    await writeAudit(tx, actor, {
      action: 'update',
      subjectType: 'lab_settings',
      subjectId: null,
      regionCode: districtCode,
      before,
      after: input,
    });
  });
}

const load = (db: Db, scope: Scope, id: string) => sampleInScopeOr404(db, scope, id, 'id');

export async function receiveSample(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  input: { sealIntact: boolean; condition: string; receivedAt?: string | null },
) {
  const s = await load(db, scope, id);
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : new Date();
  if (receivedAt < s.sampledAt) throw fieldError('receivedAt', '接收时间不能早于抽样时间');
  if (!input.sealIntact) throw fieldError('sealIntact', '封条不完整的样品应拒收');
  await db.transaction((tx) =>
    moveSample(tx, actor, s, 'receive', {
      detail: {
        sealIntact: input.sealIntact,
        condition: input.condition,
        receivedAt: receivedAt.toISOString(),
      },
    }),
  );
}

export const REJECT_REASONS = {
  seal_broken: '封条破损',
  spoiled: '样品变质',
  insufficient: '样品量不足',
  other: '其他',
};

export async function rejectSample(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  input: { reason: keyof typeof REJECT_REASONS; note?: string | null },
) {
  const s = await load(db, scope, id);
  if (input.reason === 'other' && !input.note?.trim()) throw fieldError('note', '请说明拒收原因');
  const reason = [REJECT_REASONS[input.reason], input.note?.trim()].filter(Boolean).join('：');
  await db.transaction((tx) =>
    moveSample(tx, actor, s, 'reject', { reason, detail: { code: input.reason } }),
  );
}

/** Accepts entered results: from here (one transaction) they hold, flag, colour, follow up and count. */
export async function verifyResults(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  /** Generated data (the demo) has no people: no second-person check. Never from a request. */
  opts: { system?: boolean } = {},
) {
  const s = await load(db, scope, id);
  const user = actor.user;
  if (!user && !opts.system) throw forbidden();
  if (user && s.status === 'entered') {
    const ok = mayVerify(await getLabSettings(db, s.districtCode), user, s.enteredBy);
    if (!ok.ok) throw forbidden(ok.reason);
  }
  await db.transaction(async (tx) => {
    const rows = await resultRows(tx, s);
    const verdict = s.enteredVerdict ?? 'no_limit';
    const now = new Date();
    await moveSample(tx, actor, s, 'verify', {
      set: {
        verdict,
        hasLead: rows.some((r) => r.leadKind),
        provisional: rows.some((r) => r.provisional),
        judgedAt: now,
        verifiedAt: now,
        verifiedBy: user?.id ?? null,
      },
      detail: { verdict },
    });
    await applyVerified(tx, s, verdict, rows);
  });
}

/** A verifier sends entered results back to the enterer, with the reason. */
export async function returnResults(db: Db, actor: Actor, scope: Scope, id: string, reason: string) {
  const s = await load(db, scope, id);
  const user = actor.user;
  if (!user) throw forbidden();
  const settings = await getLabSettings(db, s.districtCode);
  if (!settings.verifierRoles.includes(user.role)) throw forbidden('您的角色不能退回检测结果');
  await db.transaction((tx) => moveSample(tx, actor, s, 'return', { reason, set: { returned: true } }));
}

/** Hook for the test report (检验报告): a verified sample becomes 'reported' in the caller's transaction. */
export async function markReported(tx: Db, s: SampleRow, actor: Actor): Promise<void> {
  await moveSample(tx, actor, s, 'report', { set: { reportedAt: new Date() } });
}

/**
 * A verified result is never edited: it is invalidated with the reason, stops counting, and a
 * retest (复检) or corrected entry is opened as a new sample (received, the lab keeps the
 * retained portion) that goes through entered → verified itself and then decides the verdict.
 */
export async function invalidateResult(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  input: { reason: string; kind: 'retest' | 'correction'; requestedAt?: string | null },
): Promise<string> {
  const s = await load(db, scope, id);
  let requestedAt: Date | null = null;
  if (input.requestedAt) {
    if (input.kind !== 'retest') throw fieldError('requestedAt', '只有复检有申请日期');
    requestedAt = new Date(input.requestedAt);
    const from = s.reportedAt ?? s.verifiedAt;
    const { retestWindowDays } = await getLabSettings(db, s.districtCode);
    if (from && requestedAt.getTime() > from.getTime() + retestWindowDays * 86400_000)
      throw fieldError(
        'requestedAt',
        `复检申请已超过检测中心规定的期限（出具结果后 ${retestWindowDays} 日）`,
      );
    if (from && requestedAt < from) throw fieldError('requestedAt', '申请日期不能早于出具结果');
  }
  const newId = randomUUID();
  await db.transaction(async (tx) => {
    const rows = await resultRows(tx, s);
    await moveSample(tx, actor, s, 'invalidate', {
      reason: input.reason,
      set: { verdict: null, hasLead: false, provisional: false, enteredVerdict: s.verdict },
      detail: { kind: input.kind, replacement: newId },
    });
    await withdrawVerified(tx, s, rows);
    const prior = await tx
      .select({ n: samples.sampleNo })
      .from(samples)
      .where(
        and(eq(samples.districtCode, s.districtCode), like(samples.sampleNo, `${rootNo(s.sampleNo)}-F%`)),
      );
    const sampleNo = `${rootNo(s.sampleNo)}-F${prior.length + 1}`;
    const now = new Date();
    await tx.insert(samples).values({
      ...s,
      id: newId,
      sampleNo,
      status: 'received',
      stateAt: now,
      verdict: null,
      enteredVerdict: null,
      hasLead: false,
      provisional: false,
      judgedAt: null,
      enteredBy: null,
      verifiedBy: null,
      verifiedAt: null,
      reportedAt: null,
      returned: false,
      retestOf: s.id,
      retestKind: input.kind,
      retestRequestedAt: requestedAt,
      photo: null,
      version: 1,
      createdBy: actor.user?.id ?? null,
      createdAt: now,
    });
    await tx.insert(labSteps).values({
      id: randomUUID(),
      districtCode: s.districtCode,
      sampleId: newId,
      action: input.kind,
      fromState: null,
      toState: 'received',
      userId: actor.user?.id ?? null,
      userName: actor.user?.displayName ?? null,
      reason: input.reason,
      detail: { retestOf: s.id, sampleNo: s.sampleNo, requestedAt: requestedAt?.toISOString() ?? null },
      at: now,
    });
    await writeAudit(tx, actor, {
      action: input.kind === 'retest' ? 'open_retest' : 'open_correction',
      subjectType: 'sample',
      subjectId: newId,
      regionCode: s.townCode,
      after: { sampleNo, retestOf: s.sampleNo, reason: input.reason },
    });
  });
  return newId;
}

const rootNo = (no: string) => no.replace(/-F\d+$/, '');

export async function labTimeline(db: Db, s: SampleRow) {
  const rows = await db
    .select()
    .from(labSteps)
    .where(and(eq(labSteps.districtCode, s.districtCode), eq(labSteps.sampleId, s.id)))
    .orderBy(asc(labSteps.at), asc(labSteps.id));
  return rows.map((r) => ({
    action: r.action,
    fromState: r.fromState,
    toState: r.toState,
    userName: r.userName,
    reason: r.reason,
    detail: r.detail ?? null,
    at: r.at.toISOString(),
  }));
}
