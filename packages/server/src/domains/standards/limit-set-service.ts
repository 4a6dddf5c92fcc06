/**
 * Imported limits tables: import (validated whole, all or nothing), diff against the district's
 * data in force, activation (listing the past results whose verdict would change, never
 * rewriting them) and withdrawal. Everything is per district and audited.
 */
import { randomUUID } from 'node:crypto';
import type {
  LimitDiffView,
  LimitRowError,
  LimitSetView,
  limitSetImportQuery,
  VerdictChangeView,
} from '@nongan/shared/standards/limit-sets';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { bulkInsert } from '../../platform/bulk-insert.ts';
import { conflict, HttpError, notFound } from '../../platform/http-error.ts';
import { users } from '../accounts/table.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { readRapidFile } from '../sampling/rapid-import.ts';
import { labResults, samples } from '../sampling/sample-table.ts';
import {
  activeSetIds,
  dataWithSets,
  forgetDistrict,
  loadSetRows,
  referenceFor,
} from './district-reference.ts';
import { diffLimits, parseLimitTable } from './limit-table.ts';
import { chinaToday, type ReferenceData, reference } from './reference.ts';
import { storedVerdicts } from './stored-verdict.ts';
import { limitSetChanges, limitSetRows, limitSets } from './table.ts';
import { judgeSample } from './verdict.ts';

type SetRow = typeof limitSets.$inferSelect;
type ImportQuery = z.infer<typeof limitSetImportQuery>;

/** A refused import: the row errors, answered as a 400 with `errors`. */
export class LimitImportError extends HttpError {
  constructor(readonly errors: LimitRowError[]) {
    super(
      400,
      `限量表有 ${new Set(errors.map((e) => e.row)).size} 行错误，未导入任何数据`,
      errors.slice(0, 50).map((e) => ({ field: `第${e.row}行 ${e.field}`, reason: e.reason })),
    );
  }
}

/** The official GB 2763-2026 holds 10,749 limits; a table larger than this is not a limits table. */
const MAX_LIMIT_ROWS = 50_000;

export async function importLimitSet(
  db: Db,
  actor: Actor,
  districtCode: string,
  file: { name: string; buffer: Buffer },
  q: ImportQuery,
): Promise<LimitSetView> {
  const { header, rows } = await readRapidFile(file.buffer, MAX_LIMIT_ROWS);
  const data = await referenceFor(db, districtCode);
  const parsed = parseLimitTable(header, rows, data, q.verification);
  if (parsed.errors.length) throw new LimitImportError(parsed.errors);
  const edition = parsed.edition as string;
  const id = randomUUID();
  const set = {
    districtCode,
    id,
    name: q.name ?? `${edition} 限量表`,
    editionCode: edition,
    status: 'draft' as const,
    fileName: file.name.slice(0, 200),
    rowCount: parsed.rows.length,
    verification: q.verification,
    note: q.note ?? null,
    createdBy: actor.user?.id ?? null,
  };
  await db.transaction(async (tx) => {
    await tx.insert(limitSets).values(set);
    await bulkInsert(
      tx,
      limitSetRows,
      parsed.rows.map((r) => ({
        districtCode,
        setId: id,
        line: r.line,
        analyteCode: r.analyte,
        productCode: r.product,
        limit: r.limit,
        unit: r.unit,
        kind: r.kind,
        standard: r.standard,
        item: r.item,
        excludes: r.excludes.join('|'),
        verification: r.verification,
        source: r.source,
      })),
    );
    await writeAudit(tx, actor, {
      action: 'import',
      subjectType: 'limit_set',
      subjectId: id,
      regionCode: districtCode,
      after: { ...set, rows: parsed.rows.length },
    });
  });
  return getSetView(db, districtCode, id);
}

export async function getSet(db: Db, districtCode: string, id: string): Promise<SetRow> {
  const [s] = await db
    .select()
    .from(limitSets)
    .where(and(eq(limitSets.districtCode, districtCode), eq(limitSets.id, id)));
  if (!s) throw notFound('限量表不存在，或不在您的管辖范围内');
  return s;
}

async function views(db: Db, districtCode: string, sets: SetRow[]): Promise<LimitSetView[]> {
  const userIds = [...new Set(sets.flatMap((s) => [s.createdBy, s.activatedBy].filter((x) => x !== null)))];
  const names = new Map(
    userIds.length
      ? (
          await db
            .select({ id: users.id, name: users.displayName })
            .from(users)
            .where(inArray(users.id, userIds))
        ).map((u) => [u.id, u.name])
      : [],
  );
  const ids = sets.map((s) => s.id);
  const counts = new Map(
    ids.length
      ? (
          await db
            .select({ setId: limitSetChanges.setId, n: sql<number>`count(*)::int` })
            .from(limitSetChanges)
            .where(and(eq(limitSetChanges.districtCode, districtCode), inArray(limitSetChanges.setId, ids)))
            .groupBy(limitSetChanges.setId)
        ).map((c) => [c.setId, Number(c.n)])
      : [],
  );
  const supersededIds = sets.flatMap((s) => (s.supersededBy ? [s.supersededBy] : []));
  const setNames = new Map(
    supersededIds.length
      ? (
          await db
            .select({ id: limitSets.id, name: limitSets.name })
            .from(limitSets)
            .where(and(eq(limitSets.districtCode, districtCode), inArray(limitSets.id, supersededIds)))
        ).map((s) => [s.id, s.name])
      : [],
  );
  return sets.map((s) => ({
    id: s.id,
    name: s.name,
    editionCode: s.editionCode,
    status: s.status,
    fileName: s.fileName,
    rowCount: s.rowCount,
    verification: s.verification,
    note: s.note,
    createdByName: s.createdBy ? (names.get(s.createdBy) ?? null) : null,
    createdAt: s.createdAt.toISOString(),
    activatedByName: s.activatedBy ? (names.get(s.activatedBy) ?? null) : null,
    activatedAt: s.activatedAt?.toISOString() ?? null,
    withdrawnAt: s.withdrawnAt?.toISOString() ?? null,
    supersededByName: s.supersededBy ? (setNames.get(s.supersededBy) ?? null) : null,
    // Counted only once activated (a draft has no list yet).
    changeCount: s.activatedAt ? (counts.get(s.id) ?? 0) : null,
  }));
}

export async function getSetView(db: Db, districtCode: string, id: string): Promise<LimitSetView> {
  return (await views(db, districtCode, [await getSet(db, districtCode, id)]))[0] as LimitSetView;
}

export async function listSets(db: Db, districtCode: string): Promise<LimitSetView[]> {
  const rows = await db
    .select()
    .from(limitSets)
    .where(eq(limitSets.districtCode, districtCode))
    .orderBy(desc(limitSets.createdAt))
    .limit(500);
  return views(db, districtCode, rows);
}

/** The set's rows against the district's data in force now (without this set). */
export async function diffSet(db: Db, districtCode: string, id: string): Promise<LimitDiffView> {
  await getSet(db, districtCode, id);
  const others = (await activeSetIds(db, districtCode)).filter((x) => x !== id);
  const current = await dataWithSets(db, districtCode, others);
  return diffLimits(await loadSetRows(db, districtCode, [id]), current);
}

type Change = typeof limitSetChanges.$inferInsert;

/**
 * Re-judges every stored lab result of the district under `next`, at its sample's sampling day,
 * and returns those whose verdict (or provisional mark) would differ from the stored one.
 */
export async function verdictChanges(
  db: Db,
  districtCode: string,
  setId: string,
  next: ReferenceData,
): Promise<Change[]> {
  const rows = await db
    .select({
      sampleId: samples.id,
      sampleNo: samples.sampleNo,
      productCode: samples.productCode,
      sampledAt: samples.sampledAt,
      analyteCode: labResults.analyteCode,
      value: labResults.value,
      unit: labResults.unit,
      lod: labResults.lod,
      verdict: labResults.verdict,
      citation: labResults.limitCitation,
      provisional: labResults.provisional,
    })
    .from(labResults)
    .innerJoin(
      samples,
      and(eq(samples.districtCode, labResults.districtCode), eq(samples.id, labResults.sampleId)),
    )
    .where(eq(labResults.districtCode, districtCode))
    .orderBy(asc(samples.sampledAt), asc(samples.sampleNo), asc(labResults.analyteCode));
  const bySample = new Map<string, typeof rows>();
  for (const r of rows) bySample.set(r.sampleId, [...(bySample.get(r.sampleId) ?? []), r]);
  const out: Change[] = [];
  for (const results of bySample.values()) {
    const s = results[0] as (typeof rows)[number];
    const judged = judgeSample(
      s.productCode,
      results.map((r) => ({ analyte: r.analyteCode, value: r.value, unit: r.unit, lod: r.lod })),
      next,
      chinaToday(s.sampledAt),
    );
    if (judged.results.some((v) => v.verdict === 'error')) continue;
    storedVerdicts(judged).forEach((now, i) => {
      const was = results[i] as (typeof rows)[number];
      // Leads come from bans, which a limits table does not change: only verdicts and marks can.
      const wasProvisional = was.provisional;
      if (now.verdict === was.verdict && now.provisional === wasProvisional) return;
      out.push({
        districtCode,
        setId,
        sampleId: s.sampleId,
        analyteCode: was.analyteCode,
        sampleNo: s.sampleNo,
        productCode: s.productCode,
        sampledAt: s.sampledAt,
        value: was.value,
        unit: was.unit,
        oldVerdict: was.verdict,
        newVerdict: now.verdict,
        oldCitation: was.citation,
        newCitation: now.limitCitation,
        oldProvisional: wasProvisional,
        newProvisional: now.provisional,
      });
    });
  }
  return out;
}

/** Makes a draft set the district's data for its edition; the earlier active set of the edition is withdrawn. */
export async function activateSet(
  db: Db,
  actor: Actor,
  districtCode: string,
  id: string,
): Promise<{ set: LimitSetView; changes: VerdictChangeView[] }> {
  const set = await getSet(db, districtCode, id);
  if (set.status !== 'draft')
    throw conflict(`限量表“${set.name}”${set.status === 'active' ? '已启用' : '已停用'}`);
  const active = await db
    .select({ id: limitSets.id, editionCode: limitSets.editionCode, name: limitSets.name })
    .from(limitSets)
    .where(and(eq(limitSets.districtCode, districtCode), eq(limitSets.status, 'active')))
    .orderBy(asc(limitSets.activatedAt), asc(limitSets.id));
  const replaced = active.filter((s) => s.editionCode === set.editionCode);
  const nextIds = [...active.filter((s) => s.editionCode !== set.editionCode).map((s) => s.id), id];
  const next = await dataWithSets(db, districtCode, nextIds);
  const changes = await verdictChanges(db, districtCode, id, next);
  const now = new Date();
  await db.transaction(async (tx) => {
    for (const old of replaced) {
      await tx
        .update(limitSets)
        .set({ status: 'withdrawn', withdrawnAt: now, withdrawnBy: actor.user?.id ?? null, supersededBy: id })
        .where(and(eq(limitSets.districtCode, districtCode), eq(limitSets.id, old.id)));
      await writeAudit(tx, actor, {
        action: 'supersede',
        subjectType: 'limit_set',
        subjectId: old.id,
        regionCode: districtCode,
        before: { status: 'active' },
        after: { status: 'withdrawn', supersededBy: id, name: old.name },
      });
    }
    const done = await tx
      .update(limitSets)
      .set({ status: 'active', activatedAt: now, activatedBy: actor.user?.id ?? null })
      .where(
        and(eq(limitSets.districtCode, districtCode), eq(limitSets.id, id), eq(limitSets.status, 'draft')),
      )
      .returning({ id: limitSets.id });
    if (done.length === 0) throw conflict(`限量表“${set.name}”已被他人处理`);
    await bulkInsert(tx, limitSetChanges, changes);
    await writeAudit(tx, actor, {
      action: 'activate',
      subjectType: 'limit_set',
      subjectId: id,
      regionCode: districtCode,
      before: { status: 'draft' },
      after: {
        status: 'active',
        edition: set.editionCode,
        replaced: replaced.map((s) => s.id),
        verdictChanges: changes.length,
      },
    });
  });
  forgetDistrict(districtCode);
  return { set: await getSetView(db, districtCode, id), changes: changes.map((c) => changeView(c)) };
}

export async function withdrawSet(
  db: Db,
  actor: Actor,
  districtCode: string,
  id: string,
): Promise<LimitSetView> {
  const set = await getSet(db, districtCode, id);
  if (set.status === 'withdrawn') throw conflict(`限量表“${set.name}”已停用`);
  await db.transaction(async (tx) => {
    const done = await tx
      .update(limitSets)
      .set({ status: 'withdrawn', withdrawnAt: new Date(), withdrawnBy: actor.user?.id ?? null })
      .where(
        and(eq(limitSets.districtCode, districtCode), eq(limitSets.id, id), eq(limitSets.status, set.status)),
      )
      .returning({ id: limitSets.id });
    if (done.length === 0) throw conflict(`限量表“${set.name}”已被他人处理`);
    await writeAudit(tx, actor, {
      action: 'withdraw',
      subjectType: 'limit_set',
      subjectId: id,
      regionCode: districtCode,
      before: { status: set.status },
      after: { status: 'withdrawn', edition: set.editionCode },
    });
  });
  forgetDistrict(districtCode);
  return getSetView(db, districtCode, id);
}

const productName = (data: ReferenceData, code: string) => data.products.get(code)?.name ?? code;

function changeView(c: Change): VerdictChangeView {
  const data = reference;
  return {
    sampleId: c.sampleId,
    sampleNo: c.sampleNo,
    sampledAt: c.sampledAt.toISOString(),
    productName: productName(data, c.productCode),
    analyteName: data.analytes.get(c.analyteCode)?.name ?? c.analyteCode,
    value: c.value ?? null,
    unit: c.unit,
    oldVerdict: c.oldVerdict,
    newVerdict: c.newVerdict,
    oldCitation: c.oldCitation ?? null,
    newCitation: c.newCitation ?? null,
    oldProvisional: c.oldProvisional,
    newProvisional: c.newProvisional,
  };
}

export async function setChanges(db: Db, districtCode: string, id: string): Promise<VerdictChangeView[]> {
  await getSet(db, districtCode, id);
  const rows = await db
    .select()
    .from(limitSetChanges)
    .where(and(eq(limitSetChanges.districtCode, districtCode), eq(limitSetChanges.setId, id)))
    .orderBy(asc(limitSetChanges.sampledAt), asc(limitSetChanges.sampleNo), asc(limitSetChanges.analyteCode));
  return rows.map((r) => changeView(r));
}
