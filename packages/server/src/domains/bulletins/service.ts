import { randomUUID } from 'node:crypto';
import {
  type BulletinDetailView,
  type BulletinFigures,
  type BulletinSections,
  type BulletinView,
  quarterLabel,
} from '@nongan/shared/bulletins/schemas';
import { chinaToday } from '@nongan/shared/common/dates';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { conflict, HttpError, notFound } from '../../platform/http-error.ts';
import type { AuthUser } from '../accounts/scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { iso } from '../campaigns/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { computeFigures } from './figures.ts';
import { allowed, issueRefusal, pct, quarterRefusal } from './rules.ts';
import { bulletins } from './table.ts';

export type BulletinRow = typeof bulletins.$inferSelect;

/** Bulletins a user reads: all of his district's for the office, the issued ones for a town. */
export function bulletinScope(me: AuthUser): SQL {
  const district = eq(bulletins.districtCode, me.districtCode);
  if (me.role === 'district_admin' || me.role === 'district_staff') return district;
  if (me.role === 'town_supervisor') return and(district, eq(bulletins.state, 'issued')) as SQL;
  return sql`false`;
}

export async function getBulletin(db: Db, me: AuthUser, id: string, lock = false): Promise<BulletinRow> {
  const q = db
    .select()
    .from(bulletins)
    .where(and(bulletinScope(me), eq(bulletins.id, id)));
  const [b] = lock ? await q.for('update') : await q;
  if (!b) throw notFound('通报不存在或无权查看');
  return b;
}

export function bulletinView(b: BulletinRow): BulletinView {
  return {
    id: b.id,
    year: b.year,
    quarter: b.quarter,
    periodLabel: quarterLabel(b.year, b.quarter),
    title: b.title,
    state: b.state as BulletinView['state'],
    computedAt: iso(b.computedAt),
    issuedAt: b.issuedAt ? iso(b.issuedAt) : null,
    issuedByName: b.issuedByName,
    updatedAt: iso(b.updatedAt),
    version: b.version,
  };
}

export async function districtName(db: Db, districtCode: string): Promise<string> {
  return (await divisionNames(db, [districtCode])).get(districtCode) ?? '本区';
}

export async function bulletinDetail(db: Db, b: BulletinRow): Promise<BulletinDetailView> {
  return {
    ...bulletinView(b),
    districtName: await districtName(db, b.districtCode),
    sections: b.sections as BulletinSections,
    figures: b.figures as BulletinFigures,
  };
}

/** The text a new draft starts with: the headline figures in sentences, for the office to rewrite. */
export function starterSections(f: BulletinFigures, period: string): BulletinSections {
  const r = f.results;
  const p = f.problems;
  const rapid = f.progress.find((k) => k.taskKind === 'rapid_test');
  return {
    intro: `${period}，全区农产品质量安全监管工作按年度实施方案推进。${
      rapid
        ? `本季度完成定性快检 ${rapid.doneQuarter} 批次，全年累计 ${rapid.doneToDate} 批次，完成年度任务的 ${pct(rapid.rate)}。`
        : ''
    }`,
    results: `本季度定量抽检 ${r.labSamples} 批次，不合格 ${r.labFailed} 批次，合格率 ${pct(r.passRate, 2)}${
      f.targetPassRate !== null ? `（年度目标 ${f.targetPassRate}%）` : ''
    }；定性快检 ${r.rapidTests} 批次，阳性 ${r.rapidPositive} 批次；禁限用药物检出 ${r.bannedDetections} 批次。`,
    problems: `本季度巡查 ${p.inspections} 次，发现问题 ${p.inspectionsWithProblems} 次，下达整改 ${p.rectificationsOpened} 件、完成整改 ${p.rectificationsClosed} 件；立案 ${p.casesOpened} 件、结案 ${p.casesClosed} 件；控制问题批次 ${p.holdsOpened} 批、处置 ${p.holdsDisposed} 批。`,
    nextSteps: '',
  };
}

export async function createBulletin(
  db: Db,
  actor: Actor,
  me: AuthUser,
  input: { year: number; quarter: number; title?: string | undefined },
): Promise<BulletinRow> {
  const refusal = quarterRefusal(input.year, input.quarter, chinaToday());
  if (refusal) throw new HttpError(400, refusal, [{ field: 'quarter', reason: refusal }]);
  const period = quarterLabel(input.year, input.quarter);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: bulletins.id, state: bulletins.state })
      .from(bulletins)
      .where(
        and(
          eq(bulletins.districtCode, me.districtCode),
          eq(bulletins.year, input.year),
          eq(bulletins.quarter, input.quarter),
        ),
      );
    if (existing)
      throw conflict(`${period}的通报已存在`, [{ field: 'quarter', reason: `${period}的通报已存在` }]);
    const now = new Date();
    const figures = await computeFigures(tx, me.districtCode, input.year, input.quarter, now);
    const name = await districtName(tx, me.districtCode);
    const row = {
      districtCode: me.districtCode,
      id: randomUUID(),
      year: input.year,
      quarter: input.quarter,
      title: input.title ?? `${name}农产品质量安全监管工作${period}通报`,
      state: 'draft',
      sections: starterSections(figures, period),
      figures,
      computedAt: now,
      createdBy: me.id,
      createdAt: now,
      updatedAt: now,
    };
    const [inserted] = await tx.insert(bulletins).values(row).returning();
    await writeAudit(tx, actor, {
      action: 'create',
      subjectType: 'bulletin',
      subjectId: row.id,
      regionCode: me.districtCode,
      after: { year: row.year, quarter: row.quarter, title: row.title },
    });
    return inserted!;
  });
}

function draftOnly(b: BulletinRow, action: 'edit' | 'recompute' | 'issue', version?: number) {
  if (!allowed(b.state, action))
    throw conflict('通报已签发，不能再修改', [{ field: 'state', reason: '已签发的通报按签发时的内容存档' }]);
  if (version !== undefined && version !== b.version) throw conflict('该记录已被他人修改，请刷新后重试');
}

export async function editBulletin(
  db: Db,
  actor: Actor,
  me: AuthUser,
  id: string,
  input: { version: number; title?: string | undefined; sections?: Partial<BulletinSections> | undefined },
): Promise<BulletinRow> {
  return db.transaction(async (tx) => {
    const b = await getBulletin(tx, me, id, true);
    draftOnly(b, 'edit', input.version);
    const sections = { ...(b.sections as BulletinSections), ...input.sections };
    const [updated] = await tx
      .update(bulletins)
      .set({
        title: input.title ?? b.title,
        sections,
        updatedAt: new Date(),
        version: b.version + 1,
      })
      .where(and(eq(bulletins.districtCode, b.districtCode), eq(bulletins.id, b.id)))
      .returning();
    await writeAudit(tx, actor, {
      action: 'update',
      subjectType: 'bulletin',
      subjectId: b.id,
      regionCode: b.districtCode,
      before: { title: b.title, sections: b.sections },
      after: { title: updated!.title, sections },
    });
    return updated!;
  });
}

/** Computes a draft's figures again from the data as it is now. */
export async function recomputeBulletin(
  db: Db,
  actor: Actor,
  me: AuthUser,
  id: string,
  version: number,
): Promise<BulletinRow> {
  return db.transaction(async (tx) => {
    const b = await getBulletin(tx, me, id, true);
    draftOnly(b, 'recompute', version);
    const now = new Date();
    const figures = await computeFigures(tx, b.districtCode, b.year, b.quarter, now);
    const [updated] = await tx
      .update(bulletins)
      .set({ figures, computedAt: now, updatedAt: now, version: b.version + 1 })
      .where(and(eq(bulletins.districtCode, b.districtCode), eq(bulletins.id, b.id)))
      .returning();
    await writeAudit(tx, actor, {
      action: 'recompute',
      subjectType: 'bulletin',
      subjectId: b.id,
      regionCode: b.districtCode,
      before: { computedAt: iso(b.computedAt) },
      after: { computedAt: now.toISOString() },
    });
    return updated!;
  });
}

/** Issues a draft: the figures are computed a last time and frozen with the text. */
export async function issueBulletin(
  db: Db,
  actor: Actor,
  me: AuthUser,
  id: string,
  version: number,
): Promise<BulletinRow> {
  return db.transaction(async (tx) => {
    const b = await getBulletin(tx, me, id, true);
    draftOnly(b, 'issue', version);
    const refusal = issueRefusal(b.year, b.quarter, chinaToday());
    if (refusal) throw conflict(refusal, [{ field: 'quarter', reason: refusal }]);
    const now = new Date();
    const figures = await computeFigures(tx, b.districtCode, b.year, b.quarter, now);
    const [updated] = await tx
      .update(bulletins)
      .set({
        state: 'issued',
        figures,
        computedAt: now,
        issuedAt: now,
        issuedBy: me.id,
        issuedByName: me.displayName,
        updatedAt: now,
        version: b.version + 1,
      })
      .where(and(eq(bulletins.districtCode, b.districtCode), eq(bulletins.id, b.id)))
      .returning();
    await writeAudit(tx, actor, {
      action: 'issue',
      subjectType: 'bulletin',
      subjectId: b.id,
      regionCode: b.districtCode,
      before: { state: 'draft' },
      after: { state: 'issued', issuedAt: now.toISOString(), title: b.title },
    });
    return updated!;
  });
}
