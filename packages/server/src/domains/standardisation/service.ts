import { randomUUID } from 'node:crypto';
import type { Role } from '@nongan/shared/accounts/schemas';
import { chinaToday } from '@nongan/shared/common/dates';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import {
  type BaseCreateBody,
  type BaseDetailView,
  type BaseStatus,
  type BaseView,
  type EvaluationBody,
  type EvaluationResult,
  type HandoutBody,
  STAGES,
  type VersionBody,
  type VersionStatus,
  type VersionView,
} from '@nongan/shared/standardisation/schemas';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { conflict, fieldError, HttpError, notFound } from '../../platform/http-error.ts';
import type { AuthUser, Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { divisionInScopeOr404, entityInScopeOr404, outOfScope } from '../accounts/write-scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { entityNames, iso } from '../campaigns/names.ts';
import { eligibility } from '../dossier/four-links.ts';
import { scopeWhere } from '../entities/repository.ts';
import { entities } from '../entities/table.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { ancestry, reference, resolveProduct } from '../standards/reference.ts';
import {
  canStartDraft,
  currentVersion,
  nextVersionNumber,
  nextVersionStatus,
  publishPlan,
  statusAfterEvaluation,
} from './rules.ts';
import { stdBaseEvaluations, stdBases, stdHandouts, stdProcedures, stdProcedureVersions } from './table.ts';

/** The district office writes procedures, designates bases and sets targets. */
export const STD_OFFICE: readonly Role[] = ['district_admin', 'district_staff'];
/** Hand-outs and evaluations: the office anywhere in the district, a town supervisor in its town. */
export const STD_RECORDERS: readonly Role[] = [...STD_OFFICE, 'town_supervisor'];
/** Staff who read procedures, bases and the reach table (a village coordinator follows its town). */
export const STD_READERS: readonly Role[] = [...STD_RECORDERS, 'village_coordinator'];
/** Entity types that produce (inputs stores and markets receive no procedure). */
export const PRODUCER_TYPES = ['enterprise', 'cooperative', 'family_farm', 'large_grower', 'smallholder'];

export type VersionRow = typeof stdProcedureVersions.$inferSelect;
export type BaseRow = typeof stdBases.$inferSelect;

// --- products ---

export const productRefs = (codes: readonly string[]) =>
  codes.map((code) => ({ code, name: reference.products.get(code)?.name ?? MISSING_NAME.product }));

/** Every code must be a product (or category) of the standards catalogue. */
export function checkProducts(codes: readonly string[], field = 'products'): string[] {
  for (const [i, c] of codes.entries())
    if (!reference.products.has(c)) throw fieldError(`${field}.${i}`, '不是产品目录中的产品');
  return [...new Set(codes)];
}

const codeCache = new Map<string, string[]>();
/** An entity's product names as catalogue codes with their ancestors; a regional name counts for each candidate. */
export function productCodesOf(names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const n of names) {
    let codes = codeCache.get(n);
    if (!codes) {
      const r = resolveProduct(n);
      const items = r.kind === 'found' ? [r.item] : r.kind === 'ambiguous' ? r.candidates : [];
      codes = items.flatMap((p) => ancestry(p.code).map((a) => a.code));
      codeCache.set(n, codes);
    }
    for (const c of codes) out.add(c);
  }
  return [...out];
}

// --- four links hook ---

export interface Eligibility {
  level: 'ok' | 'warn' | 'block';
  reasons: string[];
}

/** Whether an entity may be made a demonstration base under the 四挂钩 rule. */
export async function checkDemonstrationEligibility(
  tx: Db,
  e: typeof entities.$inferSelect,
): Promise<Eligibility> {
  // The district's 四挂钩 rule (dossier/four-links.ts), the same one brand approval and support use.
  const v = await eligibility(tx, e, 'demonstration');
  const level = v.verdict === 'refuse' ? 'block' : v.verdict === 'warn' ? 'warn' : 'ok';
  const reasons = v.reasons.filter((r) => level !== 'block' || r.severity === 'refuse').map((r) => r.text);
  return { level, reasons };
}

// --- procedures ---

const procedureIn = (scope: Scope) => eq(stdProcedures.districtCode, scope.districtCode);

export async function procedureOr404(db: Db, scope: Scope, id: string) {
  const [p] = await db
    .select()
    .from(stdProcedures)
    .where(and(procedureIn(scope), eq(stdProcedures.id, id)));
  if (!p) throw notFound('规程不存在或不在本区');
  return p;
}

export async function versionOr404(db: Db, scope: Scope, id: string): Promise<VersionRow> {
  const [v] = await db
    .select()
    .from(stdProcedureVersions)
    .where(and(eq(stdProcedureVersions.districtCode, scope.districtCode), eq(stdProcedureVersions.id, id)));
  if (!v) throw notFound('规程版本不存在或不在本区');
  return v;
}

const sectionColumns = (b: VersionBody) => ({
  title: b.title,
  products: checkProducts(b.products),
  ...Object.fromEntries(STAGES.map((s) => [s, b.sections[s]])),
  note: b.note,
});

export async function createProcedure(
  db: Db,
  actor: Actor,
  me: AuthUser,
  b: VersionBody & { number: string },
) {
  const id = randomUUID();
  const cols = sectionColumns(b);
  await db.transaction(async (tx) => {
    const [dup] = await tx
      .select({ id: stdProcedures.id })
      .from(stdProcedures)
      .where(and(eq(stdProcedures.districtCode, me.districtCode), eq(stdProcedures.number, b.number)));
    if (dup) throw conflict(`编号“${b.number}”已被其他规程使用`, [{ field: 'number', reason: '编号已存在' }]);
    await tx
      .insert(stdProcedures)
      .values({ districtCode: me.districtCode, id, number: b.number, createdBy: me.id });
    await tx.insert(stdProcedureVersions).values({
      districtCode: me.districtCode,
      id: randomUUID(),
      procedureId: id,
      version: 1,
      ...(cols as Omit<
        typeof stdProcedureVersions.$inferInsert,
        'districtCode' | 'id' | 'procedureId' | 'version'
      >),
      createdBy: me.id,
      createdByName: me.displayName,
    });
    await writeAudit(tx, actor, {
      action: 'create',
      subjectType: 'std_procedure',
      subjectId: id,
      regionCode: me.districtCode,
      after: { number: b.number, title: b.title, products: cols.products },
    });
  });
  return id;
}

async function versionsOf(db: Db, districtCode: string, procedureIds: string[]) {
  if (procedureIds.length === 0) return [];
  return db
    .select()
    .from(stdProcedureVersions)
    .where(
      and(
        eq(stdProcedureVersions.districtCode, districtCode),
        inArray(stdProcedureVersions.procedureId, procedureIds),
      ),
    )
    .orderBy(desc(stdProcedureVersions.version));
}

/** A new draft version; without a body it starts as a copy of the latest version. */
export async function startVersion(
  db: Db,
  actor: Actor,
  me: AuthUser,
  scope: Scope,
  procedureId: string,
  b: VersionBody | null,
) {
  const p = await procedureOr404(db, scope, procedureId);
  return db.transaction(async (tx) => {
    // Lock the procedure so two new drafts cannot both pass the check.
    await tx.execute(
      sql`select 1 from std_procedures where district_code = ${p.districtCode} and id = ${p.id} for update`,
    );
    const vs = await versionsOf(tx, p.districtCode, [p.id]);
    if (!canStartDraft(vs.map((v) => ({ status: v.status as VersionStatus }))))
      throw conflict('已有未发布的草稿版本，请先发布该草稿', [{ field: 'version', reason: '已有草稿' }]);
    const latest = vs[0]!;
    const cols = b
      ? sectionColumns(b)
      : {
          title: latest.title,
          products: latest.products,
          ...Object.fromEntries(STAGES.map((s) => [s, latest[s]])),
          note: null,
        };
    const id = randomUUID();
    const version = nextVersionNumber(vs);
    await tx.insert(stdProcedureVersions).values({
      districtCode: p.districtCode,
      id,
      procedureId: p.id,
      version,
      ...(cols as Omit<
        typeof stdProcedureVersions.$inferInsert,
        'districtCode' | 'id' | 'procedureId' | 'version'
      >),
      createdBy: me.id,
      createdByName: me.displayName,
    });
    await tx
      .update(stdProcedures)
      .set({ updatedAt: new Date() })
      .where(and(eq(stdProcedures.districtCode, p.districtCode), eq(stdProcedures.id, p.id)));
    await writeAudit(tx, actor, {
      action: 'new_version',
      subjectType: 'std_procedure',
      subjectId: p.id,
      regionCode: p.districtCode,
      after: { version, title: cols.title },
    });
    return id;
  });
}

/** A draft's text is corrected in place; a published version is changed only by a new version. */
export async function editDraft(db: Db, actor: Actor, v: VersionRow, b: VersionBody) {
  const cols = sectionColumns(b);
  await db.transaction(async (tx) => {
    const done = await tx
      .update(stdProcedureVersions)
      .set(cols as Partial<typeof stdProcedureVersions.$inferInsert>)
      .where(
        and(
          eq(stdProcedureVersions.districtCode, v.districtCode),
          eq(stdProcedureVersions.id, v.id),
          eq(stdProcedureVersions.status, 'draft'),
        ),
      )
      .returning({ id: stdProcedureVersions.id });
    if (done.length === 0)
      throw conflict('只有草稿可以修改；已发布的版本请新建版本', [{ field: 'status', reason: '不是草稿' }]);
    await writeAudit(tx, actor, {
      action: 'update',
      subjectType: 'std_procedure',
      subjectId: v.procedureId,
      regionCode: v.districtCode,
      before: { version: v.version, title: v.title, products: v.products },
      after: { version: v.version, title: cols.title, products: cols.products },
    });
  });
}

/** Publish a draft (superseding the current version) or withdraw the current one. */
export async function changeVersion(
  db: Db,
  actor: Actor,
  scope: Scope,
  versionId: string,
  action: 'publish' | 'withdraw',
) {
  const v = await versionOr404(db, scope, versionId);
  const today = chinaToday();
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`select 1 from std_procedures where district_code = ${v.districtCode} and id = ${v.procedureId} for update`,
    );
    const vs = await versionsOf(tx, v.districtCode, [v.procedureId]);
    const here = vs.find((x) => x.id === v.id)!;
    const to = nextVersionStatus(here.status as VersionStatus, action);
    if (!to)
      throw conflict(action === 'publish' ? '只有草稿可以发布' : '只有现行版本可以废止', [
        { field: 'status', reason: '与当前状态不符' },
      ]);
    const key = (id: string) =>
      and(eq(stdProcedureVersions.districtCode, v.districtCode), eq(stdProcedureVersions.id, id));
    let superseded: string | null = null;
    if (action === 'publish') {
      const plan = publishPlan(
        vs.map((x) => ({ id: x.id, status: x.status as VersionStatus })),
        v.id,
      )!;
      superseded = plan.supersede;
      if (superseded)
        await tx
          .update(stdProcedureVersions)
          .set({ status: 'superseded', endedOn: today })
          .where(key(superseded));
      await tx.update(stdProcedureVersions).set({ status: 'published', publishedOn: today }).where(key(v.id));
    } else {
      await tx.update(stdProcedureVersions).set({ status: 'withdrawn', endedOn: today }).where(key(v.id));
    }
    await tx
      .update(stdProcedures)
      .set({ updatedAt: new Date() })
      .where(and(eq(stdProcedures.districtCode, v.districtCode), eq(stdProcedures.id, v.procedureId)));
    await writeAudit(tx, actor, {
      action,
      subjectType: 'std_procedure',
      subjectId: v.procedureId,
      regionCode: v.districtCode,
      before: { version: v.version, status: here.status },
      after: {
        version: v.version,
        status: to,
        ...(superseded ? { supersededVersion: vs.find((x) => x.id === superseded)?.version } : {}),
      },
    });
  });
}

export async function attachFile(
  db: Db,
  actor: Actor,
  v: VersionRow,
  f: { fileName: string; contentType: string; size: number; sha256: string; bytes: Buffer },
) {
  if (v.status !== 'draft')
    throw conflict('只能给草稿版本上传文件；已发布的版本请新建版本', [
      { field: 'file', reason: '版本已发布' },
    ]);
  await db.transaction(async (tx) => {
    await tx
      .update(stdProcedureVersions)
      .set({
        fileName: f.fileName,
        fileType: f.contentType,
        fileSize: f.size,
        fileSha256: f.sha256,
        fileBytes: f.bytes,
      })
      .where(
        and(
          eq(stdProcedureVersions.districtCode, v.districtCode),
          eq(stdProcedureVersions.id, v.id),
          eq(stdProcedureVersions.status, 'draft'),
        ),
      );
    await writeAudit(tx, actor, {
      action: 'attach',
      subjectType: 'std_procedure',
      subjectId: v.procedureId,
      regionCode: v.districtCode,
      after: {
        version: v.version,
        fileName: f.fileName,
        contentType: f.contentType,
        size: f.size,
        sha256: f.sha256,
      },
    });
  });
}

async function handoutCounts(db: Db, scope: Scope, versionIds: string[]) {
  if (versionIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ versionId: stdHandouts.versionId, n: sql<number>`count(*)::int` })
    .from(stdHandouts)
    .where(and(handoutScope(scope), inArray(stdHandouts.versionId, versionIds)))
    .groupBy(stdHandouts.versionId);
  return new Map(rows.map((r) => [r.versionId, Number(r.n)]));
}

export function handoutScope(scope: Scope): SQL {
  return placeScope(scope, stdHandouts);
}

export function versionViewOf(v: VersionRow, handedOut: number): VersionView {
  return {
    id: v.id,
    procedureId: v.procedureId,
    version: v.version,
    status: v.status as VersionStatus,
    title: v.title,
    products: productRefs(v.products),
    sections: Object.fromEntries(STAGES.map((s) => [s, v[s]])) as VersionView['sections'],
    note: v.note,
    publishedOn: v.publishedOn,
    endedOn: v.endedOn,
    createdByName: v.createdByName,
    createdAt: iso(v.createdAt),
    file: v.fileSha256
      ? { fileName: v.fileName!, contentType: v.fileType!, size: v.fileSize!, sha256: v.fileSha256 }
      : null,
    handedOut,
  };
}

export async function procedureViews(db: Db, scope: Scope, rows: (typeof stdProcedures.$inferSelect)[]) {
  const vs = await versionsOf(
    db,
    scope.districtCode,
    rows.map((r) => r.id),
  );
  const counts = await handoutCounts(
    db,
    scope,
    vs.map((v) => v.id),
  );
  return rows.map((p) => {
    const mine = vs.filter((v) => v.procedureId === p.id);
    const latest = mine[0]!;
    const cur = currentVersion(mine.map((v) => ({ ...v, status: v.status as VersionStatus })));
    return {
      id: p.id,
      number: p.number,
      title: latest.title,
      products: productRefs(latest.products),
      latestVersion: latest.version,
      latestStatus: latest.status as VersionStatus,
      currentVersion: cur?.version ?? null,
      publishedOn: cur?.publishedOn ?? null,
      handedOut: cur ? (counts.get(cur.id) ?? 0) : 0,
      updatedAt: iso(p.updatedAt),
    };
  });
}

export async function procedureDetail(db: Db, scope: Scope, id: string) {
  const p = await procedureOr404(db, scope, id);
  const vs = await versionsOf(db, p.districtCode, [p.id]);
  const counts = await handoutCounts(
    db,
    scope,
    vs.map((v) => v.id),
  );
  return { id: p.id, number: p.number, versions: vs.map((v) => versionViewOf(v, counts.get(v.id) ?? 0)) };
}

// --- hand-outs ---

/** Active producing entities of the actor's scope; optionally one town. */
async function producers(db: Db, scope: Scope, townCode?: string) {
  return db
    .select({
      id: entities.id,
      townCode: entities.townCode,
      mainProducts: entities.mainProducts,
      name: entities.name,
    })
    .from(entities)
    .where(
      and(
        scopeWhere(scope),
        eq(entities.active, true),
        inArray(entities.type, PRODUCER_TYPES),
        townCode ? eq(entities.townCode, townCode) : undefined,
      ),
    );
}

const covers = (coverCodes: readonly string[], names: readonly string[]) => {
  const own = new Set(productCodesOf(names));
  return coverCodes.some((c) => own.has(c));
};

/**
 * Records that the current version was handed to entities: listed ones (each in the actor's
 * scope), or every producing entity of a town whose products it covers (optionally one product).
 * An entity that already has this version is counted, not written twice.
 */
export async function handOut(
  db: Db,
  actor: Actor,
  me: AuthUser,
  scope: Scope,
  procedureId: string,
  b: HandoutBody,
) {
  const p = await procedureOr404(db, scope, procedureId);
  const vs = await versionsOf(db, p.districtCode, [p.id]);
  const cur = currentVersion(vs.map((v) => ({ ...v, status: v.status as VersionStatus })));
  if (!cur)
    throw conflict('该规程没有现行版本，发布后才能发放', [{ field: 'procedureId', reason: '无现行版本' }]);
  if (cur.publishedOn && b.handedOn < cur.publishedOn)
    throw fieldError('handedOn', `不能早于本版发布日期（${cur.publishedOn}）`);
  let targets: { id: string; townCode: string }[] = [];
  if (b.entityIds?.length) {
    for (const [i, id] of b.entityIds.entries()) {
      const e = await entityInScopeOr404(db, scope, id, `entityIds.${i}`);
      if (!e.active) throw fieldError(`entityIds.${i}`, `主体“${e.name}”已注销`);
      targets.push({ id: e.id, townCode: e.townCode });
    }
  } else {
    divisionInScopeOr404(scope, b.townCode!, 'townCode');
    if (b.townCode!.length !== 9) throw outOfScope('townCode', '镇街');
    let coverCodes = cur.products;
    if (b.product) {
      if (!cur.products.some((c) => productCodesOfCode(b.product!).includes(c)))
        throw fieldError('product', '不是本规程适用的产品');
      coverCodes = [b.product];
    }
    targets = (await producers(db, scope, b.townCode)).filter((e) => covers(coverCodes, e.mainProducts));
    if (targets.length === 0) throw fieldError('townCode', '该镇街没有生产本规程适用产品的主体');
  }
  const rows = targets.map((e) => ({
    districtCode: p.districtCode,
    id: randomUUID(),
    procedureId: p.id,
    versionId: cur.id,
    entityId: e.id,
    townCode: e.townCode,
    handedOn: b.handedOn,
    handedBy: me.id,
    handedByName: me.displayName,
    note: b.note,
  }));
  return db.transaction(async (tx) => {
    const added = await tx
      .insert(stdHandouts)
      .values(rows)
      .onConflictDoNothing()
      .returning({ entityId: stdHandouts.entityId, townCode: stdHandouts.townCode });
    if (added.length)
      await writeAudit(
        tx,
        actor,
        added.map((a) => ({
          action: 'hand_out',
          subjectType: 'std_procedure',
          subjectId: p.id,
          regionCode: a.townCode,
          after: { version: cur.version, entityId: a.entityId, handedOn: b.handedOn },
        })),
      );
    return { added: added.length, already: rows.length - added.length };
  });
}

/** A product code and its ancestors. */
const productCodesOfCode = (code: string) => ancestry(code).map((a) => a.code);

// --- reach ---

export async function reach(db: Db, scope: Scope, procedureId?: string) {
  const procs = procedureId
    ? [await procedureOr404(db, scope, procedureId)]
    : await db.select().from(stdProcedures).where(procedureIn(scope));
  const vs = await versionsOf(
    db,
    scope.districtCode,
    procs.map((p) => p.id),
  );
  const current = vs.filter((v) => v.status === 'published');
  const received = current.length
    ? await db
        .select({ versionId: stdHandouts.versionId, entityId: stdHandouts.entityId })
        .from(stdHandouts)
        .where(
          and(
            eq(stdHandouts.districtCode, scope.districtCode),
            inArray(
              stdHandouts.versionId,
              current.map((v) => v.id),
            ),
          ),
        )
    : [];
  const procedures = current.map((v) => ({
    covers: v.products,
    receivedBy: new Set(received.filter((r) => r.versionId === v.id).map((r) => r.entityId)),
  }));
  const list = await producers(db, scope);
  return {
    procedures,
    entities: list.map((e) => ({
      id: e.id,
      townCode: e.townCode,
      productCodes: productCodesOf(e.mainProducts),
    })),
  };
}

// --- bases ---

export function baseScope(scope: Scope): SQL {
  return placeScope(scope, stdBases);
}

export async function baseOr404(db: Db, scope: Scope, id: string): Promise<BaseRow> {
  const [b] = await db
    .select()
    .from(stdBases)
    .where(and(baseScope(scope), eq(stdBases.id, id)));
  if (!b) throw notFound('示范基地不存在或不在本人辖区');
  return b;
}

export async function designateBase(db: Db, actor: Actor, me: AuthUser, b: BaseCreateBody) {
  const e = await entityInScopeOr404(db, me, b.entityId);
  if (!e.active) throw fieldError('entityId', `主体“${e.name}”已注销`);
  if (!PRODUCER_TYPES.includes(e.type)) throw fieldError('entityId', '农资店、市场不能认定为示范基地');
  const products = checkProducts(b.products);
  const thisYear = Number(chinaToday().slice(0, 4));
  if (b.designatedYear > thisYear) throw fieldError('designatedYear', `不能晚于今年（${thisYear}）`);
  return db.transaction(async (tx) => {
    const elig = await checkDemonstrationEligibility(tx, e);
    if (elig.level === 'block')
      throw new HttpError(422, `不符合“四挂钩”要求，不能认定为示范基地：${elig.reasons.join('；')}`, [
        { field: 'entityId', reason: elig.reasons.join('；') },
      ]);
    if (elig.level === 'warn' && !b.acknowledged)
      throw new HttpError(422, `追溯记录需确认：${elig.reasons.join('；')}`, [
        { field: 'acknowledged', reason: elig.reasons.join('；') },
      ]);
    const [dup] = await tx
      .select({ id: stdBases.id })
      .from(stdBases)
      .where(
        and(
          eq(stdBases.districtCode, e.districtCode),
          eq(stdBases.entityId, e.id),
          eq(stdBases.type, b.type),
        ),
      );
    if (dup)
      throw conflict('该主体已有同类型的示范基地', [
        { field: 'type', reason: '每个主体每类基地只能认定一个' },
      ]);
    const id = randomUUID();
    await tx.insert(stdBases).values({
      districtCode: e.districtCode,
      id,
      entityId: e.id,
      townCode: e.townCode,
      type: b.type,
      name: b.name,
      products,
      area: b.area,
      designatedYear: b.designatedYear,
      createdBy: me.id,
    });
    await writeAudit(tx, actor, {
      action: 'designate',
      subjectType: 'std_base',
      subjectId: id,
      regionCode: e.townCode,
      after: {
        entityId: e.id,
        type: b.type,
        name: b.name,
        designatedYear: b.designatedYear,
        acknowledged: b.acknowledged,
        eligibility: elig,
      },
    });
    return id;
  });
}

export async function setBaseStatus(db: Db, actor: Actor, base: BaseRow, status: BaseStatus, reason: string) {
  if (base.status === status) throw conflict('状态未改变', [{ field: 'status', reason: '与当前状态相同' }]);
  await db.transaction(async (tx) => {
    await tx
      .update(stdBases)
      .set({ status, statusReason: reason, updatedAt: new Date() })
      .where(and(eq(stdBases.districtCode, base.districtCode), eq(stdBases.id, base.id)));
    await writeAudit(tx, actor, {
      action: 'status',
      subjectType: 'std_base',
      subjectId: base.id,
      regionCode: base.townCode,
      before: { status: base.status },
      after: { status, reason },
    });
  });
}

export async function evaluateBase(db: Db, actor: Actor, me: AuthUser, base: BaseRow, b: EvaluationBody) {
  if (base.status === 'revoked')
    throw conflict('基地已撤销，不能再评价', [{ field: 'result', reason: '基地已撤销' }]);
  const status = statusAfterEvaluation(base.status as BaseStatus, b.result);
  await db.transaction(async (tx) => {
    await tx.insert(stdBaseEvaluations).values({
      districtCode: base.districtCode,
      id: randomUUID(),
      baseId: base.id,
      ...b,
      recordedBy: me.id,
      recordedByName: me.displayName,
    });
    if (status !== base.status)
      await tx
        .update(stdBases)
        .set({ status, statusReason: `评价结果：${b.findings.slice(0, 100)}`, updatedAt: new Date() })
        .where(and(eq(stdBases.districtCode, base.districtCode), eq(stdBases.id, base.id)));
    await writeAudit(tx, actor, {
      action: 'evaluate',
      subjectType: 'std_base',
      subjectId: base.id,
      regionCode: base.townCode,
      before: { status: base.status },
      after: { ...b, status },
    });
  });
}

export async function baseViews(db: Db, rows: BaseRow[]): Promise<BaseView[]> {
  const towns = await divisionNames(
    db,
    rows.map((r) => r.townCode),
  );
  const names = await entityNames(
    db,
    rows.map((r) => r.entityId),
  );
  const last = new Map<string, { on: string; result: string }>();
  if (rows.length) {
    const evs = await db
      .select({
        baseId: stdBaseEvaluations.baseId,
        on: stdBaseEvaluations.evaluatedOn,
        result: stdBaseEvaluations.result,
      })
      .from(stdBaseEvaluations)
      .where(
        and(
          eq(stdBaseEvaluations.districtCode, rows[0]!.districtCode),
          inArray(
            stdBaseEvaluations.baseId,
            rows.map((r) => r.id),
          ),
        ),
      )
      .orderBy(asc(stdBaseEvaluations.evaluatedOn), asc(stdBaseEvaluations.createdAt));
    for (const e of evs) last.set(e.baseId, { on: e.on, result: e.result });
  }
  return rows.map((r) => ({
    id: r.id,
    entityId: r.entityId,
    entityName: names.get(r.entityId) ?? MISSING_NAME.entity,
    townCode: r.townCode,
    townName: townName(towns, r.townCode),
    type: r.type as BaseView['type'],
    name: r.name,
    products: productRefs(r.products),
    area: r.area,
    designatedYear: r.designatedYear,
    status: r.status as BaseStatus,
    lastEvaluatedOn: last.get(r.id)?.on ?? null,
    lastResult: (last.get(r.id)?.result as EvaluationResult) ?? null,
  }));
}

export async function baseDetail(db: Db, base: BaseRow): Promise<BaseDetailView> {
  const [view] = await baseViews(db, [base]);
  const evs = await db
    .select()
    .from(stdBaseEvaluations)
    .where(
      and(eq(stdBaseEvaluations.districtCode, base.districtCode), eq(stdBaseEvaluations.baseId, base.id)),
    )
    .orderBy(desc(stdBaseEvaluations.evaluatedOn), desc(stdBaseEvaluations.createdAt));
  return {
    ...view!,
    statusReason: base.statusReason,
    evaluations: evs.map((e) => ({
      id: e.id,
      evaluatedOn: e.evaluatedOn,
      score: e.score,
      result: e.result as EvaluationResult,
      evaluator: e.evaluator,
      findings: e.findings,
      recordedByName: e.recordedByName,
    })),
  };
}
