import { randomUUID } from 'node:crypto';
import type { PlanView, QuotaInput } from '@nongan/shared/sampling/plans';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { holderName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { monitoringPlans, planQuotas } from './plan-table.ts';
import { totalsByKind } from './plans.ts';

type PlanRow = typeof monitoringPlans.$inferSelect;

export async function getPlan(db: Db, districtCode: string, id: string): Promise<PlanRow | null> {
  const [p] = await db
    .select()
    .from(monitoringPlans)
    .where(and(eq(monitoringPlans.districtCode, districtCode), eq(monitoringPlans.id, id)));
  return p ?? null;
}

export async function getPlanByYear(db: Db, districtCode: string, year: number): Promise<PlanRow | null> {
  const [p] = await db
    .select()
    .from(monitoringPlans)
    .where(and(eq(monitoringPlans.districtCode, districtCode), eq(monitoringPlans.year, year)));
  return p ?? null;
}

export async function listPlans(db: Db, districtCode: string): Promise<PlanRow[]> {
  return db
    .select()
    .from(monitoringPlans)
    .where(eq(monitoringPlans.districtCode, districtCode))
    .orderBy(desc(monitoringPlans.year));
}

export async function planQuotaRows(db: Db, districtCode: string, planId: string) {
  return db
    .select()
    .from(planQuotas)
    .where(and(eq(planQuotas.districtCode, districtCode), eq(planQuotas.planId, planId)))
    .orderBy(asc(planQuotas.taskKind), asc(planQuotas.holderCode));
}

export async function planView(db: Db, p: PlanRow): Promise<PlanView> {
  const quotas = await planQuotaRows(db, p.districtCode, p.id);
  const names = await divisionNames(
    db,
    quotas.map((q) => q.holderCode),
  );
  return {
    id: p.id,
    districtCode: p.districtCode,
    year: p.year,
    name: p.name,
    targetPassRate: Number(p.targetPassRate),
    status: p.status as PlanView['status'],
    source: p.source,
    version: p.version,
    quotas: quotas.map((q) => ({
      taskKind: q.taskKind as QuotaInput['taskKind'],
      holderCode: q.holderCode,
      quota: q.quota,
      holderName: holderName(names, q.holderCode, p.districtCode),
    })),
    totals: totalsByKind(quotas),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function insertPlan(
  tx: Db,
  p: {
    districtCode: string;
    year: number;
    name: string;
    targetPassRate: number;
    status?: string;
    source?: string | null;
  },
  quotas: QuotaInput[],
): Promise<string> {
  const id = randomUUID();
  await tx
    .insert(monitoringPlans)
    .values({ id, ...p, status: p.status ?? 'draft', source: p.source ?? null });
  await replaceQuotas(tx, p.districtCode, id, quotas);
  return id;
}

export async function replaceQuotas(tx: Db, districtCode: string, planId: string, quotas: QuotaInput[]) {
  await tx
    .delete(planQuotas)
    .where(and(eq(planQuotas.districtCode, districtCode), eq(planQuotas.planId, planId)));
  if (quotas.length) await tx.insert(planQuotas).values(quotas.map((q) => ({ ...q, districtCode, planId })));
}
