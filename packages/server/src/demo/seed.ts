import type { TaskKind } from '@nongan/shared/sampling/plans';
import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { generatePassword } from '../domains/accounts/passwords.ts';
import { createUser } from '../domains/accounts/service.ts';
import { users } from '../domains/accounts/table.ts';
import { type Actor, writeAudit } from '../domains/audit/audit.ts';
import { type KeyRing, memoryKeyRing } from '../domains/certificates/keys.ts';
import { refreshRisk } from '../domains/dossier/risk-store.ts';
import { auditShape, newEntityRow } from '../domains/entities/service.ts';
import { entities } from '../domains/entities/table.ts';
import { listDivisions } from '../domains/regions/repository.ts';
import { divisions } from '../domains/regions/table.ts';
import { getPlanByYear, insertPlan, planQuotaRows } from '../domains/sampling/plan-repository.ts';
import { yearElapsed } from '../domains/sampling/progress.ts';
import { seedDemoAssessment } from './assessment.ts';
import { seedDemoBrands } from './brands.ts';
import { seedDemoBulletins } from './bulletins.ts';
import { seedDemoCases } from './cases.ts';
import { seedDemoCertificates } from './certificates.ts';
import { demoEntities, demoVillages, rng } from './generate.ts';
import { seedDemoInspections } from './inspections.ts';
import { seedDemoPublicity } from './publicity.ts';
import { seedDemoStandardisation } from './standardisation.ts';
import { seedDemoSupervision } from './supervision.ts';
import { seedDemoTests } from './tests.ts';
import { seedDemoTraining } from './training.ts';
import { seedDemoWarnings } from './warnings.ts';

// Shown wherever a source is shown, so it reads in the UI's language.
export const DEMO_SOURCE = '合成演示数据（非真实数据）';
const DEMO_ACTOR: Actor = { user: null, ip: null };

export interface DemoCredential {
  username: string;
  password: string;
  role: string;
  scope: string;
}

export interface DemoOptions {
  districtCode?: string;
  entities?: number;
  seed?: number;
  progress?: (done: number, total: number, stage: string) => void;
  /** Synthetic rapid tests and lab samples per year (2021 and the current year); default: the plan's pace. */
  rapidTests?: number;
  labSamples?: number;
  /** Certificates over the last 90 days. */
  certificates?: number;
  /** The ring the server signs with, so demo trace codes verify (a throw-away one when absent). */
  keyRing?: KeyRing;
}

export async function hasEntities(db: Db): Promise<boolean> {
  const [r] = await db.select({ n: count() }).from(entities);
  return Number(r?.n ?? 0) > 0;
}

/**
 * Fills an empty database with a synthetic district: villages and grids, entities, and one user
 * per role with a fresh random password. Everything it writes is marked synthetic.
 */
export async function seedDemo(db: Db, opts: DemoOptions = {}): Promise<DemoCredential[]> {
  const districtCode = opts.districtCode ?? '500151';
  const total = opts.entities ?? 1600;
  const seed = opts.seed ?? 2021;
  const progress = opts.progress ?? (() => {});
  if (await hasEntities(db)) throw new Error('数据库中已有主体数据，演示数据只能写入空库');
  const towns = await listDivisions(db, { districtCode, level: 'town' });
  if (towns.length === 0) throw new Error(`区县 ${districtCode} 没有镇街数据`);

  const villages = demoVillages(towns, rng(seed));
  await db.transaction(async (tx) => {
    for (let i = 0; i < villages.length; i += 500) {
      await tx
        .insert(divisions)
        .values(villages.slice(i, i + 500).map((v) => ({ ...v, districtCode, source: DEMO_SOURCE })))
        .onConflictDoNothing();
    }
  });
  progress(villages.length, villages.length, '村和网格');

  const list = demoEntities(towns, villages, total, seed + 1);
  const chunk = 250;
  for (let i = 0; i < list.length; i += chunk) {
    const rows = list.slice(i, i + chunk).map(({ createdAt, ...e }) => ({
      ...newEntityRow(districtCode, e, true),
      createdAt,
      updatedAt: createdAt,
    }));
    await db.transaction(async (tx) => {
      await tx.insert(entities).values(rows);
      await writeAudit(
        tx,
        DEMO_ACTOR,
        rows.map((r) => ({
          action: 'demo_seed',
          subjectType: 'entity',
          subjectId: r.id as string,
          regionCode: r.townCode,
          after: auditShape(r as never),
        })),
      );
    });
    progress(Math.min(i + chunk, list.length), list.length, '生产经营主体');
  }

  const creds = await seedDemoUsers(db, districtCode, towns);
  await seedDemoYears(db, districtCode, seed, opts, progress);
  const made = await seedDemoCertificates(db, {
    districtCode,
    buyerId: (await demoBuyer(db, districtCode))?.id,
    checkerId: (await db.select({ id: users.id }).from(users).where(eq(users.username, 'market1')))[0]?.id,
    ring: opts.keyRing ?? memoryKeyRing(),
    seed: seed + 30,
    count: opts.certificates ?? 1200,
  });
  progress(made.certificates, made.certificates, '合格证');
  await seedDemoInspections(db, districtCode, seed + 40);
  progress(1, 1, '日常巡查');
  await seedDemoSupervision(db, districtCode, seed + 50);
  await seedDemoPublicity(db, districtCode, seed + 60);
  const caseCount = await seedDemoCases(db, districtCode);
  progress(caseCount, caseCount, '案件');
  // Risk levels follow the generated record (dossier/risk.ts), as they do for real data.
  const risky = await refreshRisk(db, districtCode);
  progress(risky, risky, '风险等级');
  await seedDemoBrands(db, districtCode);
  await seedDemoStandardisation(db, districtCode, seed + 60);
  await seedDemoTraining(db, districtCode, seed + 70);
  const warned = await seedDemoWarnings(db, districtCode);
  progress(warned, warned, '预警');
  const thisYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  const scored = await seedDemoAssessment(db, districtCode, thisYear, seed + 80);
  progress(scored, scored, '考核');
  const issued = await seedDemoBulletins(db, districtCode);
  progress(issued, issued, '季度通报');
  return creds;
}

/** Tests for the 2021 plan year and for the current year (with a copy of the 2021 plan). */
async function seedDemoYears(
  db: Db,
  districtCode: string,
  seed: number,
  opts: DemoOptions,
  progress: NonNullable<DemoOptions['progress']>,
) {
  const now = new Date();
  const thisYear = Number(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 4));
  const base = await getPlanByYear(db, districtCode, 2021);
  if (base && thisYear !== 2021 && !(await getPlanByYear(db, districtCode, thisYear))) {
    const quotas = (await planQuotaRows(db, districtCode, base.id)).map((q) => ({
      taskKind: q.taskKind as TaskKind,
      holderCode: q.holderCode,
      quota: q.quota,
    }));
    await db.transaction((tx) =>
      insertPlan(
        tx,
        {
          districtCode,
          year: thisYear,
          name: `${base.name.replace('2021', String(thisYear))}（演示）`,
          targetPassRate: Number(base.targetPassRate),
          status: 'active',
          source: DEMO_SOURCE,
        },
        quotas,
      ),
    );
  }
  const years = [...new Set([2021, thisYear])];
  for (const [i, year] of years.entries()) {
    const plan = await getPlanByYear(db, districtCode, year);
    const quotas = plan ? await planQuotaRows(db, districtCode, plan.id) : [];
    await seedDemoTests(db, {
      districtCode,
      year,
      until: now,
      quotas,
      share: year === thisYear ? yearElapsed(year, now) : 1,
      rapid: opts.rapidTests,
      samples: opts.labSamples,
      seed: seed + 10 + i,
    });
    progress(i + 1, years.length, '检测数据（年度）');
  }
}

/** The wholesale enterprise that buys from producers and issues buyer certificates (login buyer1). */
function demoBuyer(db: Db, districtCode: string) {
  return db
    .select({ id: entities.id, name: entities.name })
    .from(entities)
    .where(
      and(
        eq(entities.districtCode, districtCode),
        eq(entities.type, 'enterprise'),
        eq(entities.active, true),
      ),
    )
    .orderBy(entities.createdAt, entities.id)
    .limit(1)
    .then((rows) => rows[0]);
}

async function seedDemoUsers(
  db: Db,
  districtCode: string,
  towns: { code: string; name: string; keyTown: boolean }[],
) {
  const keyTown = towns.find((t) => t.keyTown) ?? towns[0];
  const otherTown = towns.find((t) => t.keyTown && t.code !== keyTown?.code) ?? towns[1];
  const [village] = await listDivisions(db, { districtCode, parentCode: keyTown?.code, level: 'village' });
  const [producerEntity] = await db
    .select({ id: entities.id, name: entities.name })
    .from(entities)
    .where(eq(entities.type, 'cooperative'))
    .limit(1);
  const buyer = await demoBuyer(db, districtCode);
  const plan = [
    {
      username: 'admin',
      displayName: '系统管理员（演示）',
      role: 'district_admin',
      scopeCode: districtCode,
      scope: '全区',
    },
    {
      username: 'office',
      displayName: '区质安办（演示）',
      role: 'district_staff',
      scopeCode: districtCode,
      scope: '全区',
    },
    {
      username: 'lab',
      displayName: '区检测中心（演示）',
      role: 'testing_centre',
      scopeCode: districtCode,
      scope: '全区',
    },
    {
      username: 'town1',
      displayName: `${keyTown?.name}监管员（演示）`,
      role: 'town_supervisor',
      scopeCode: keyTown?.code,
      scope: keyTown?.name,
    },
    {
      username: 'town2',
      displayName: `${otherTown?.name}监管员（演示）`,
      role: 'town_supervisor',
      scopeCode: otherTown?.code,
      scope: otherTown?.name,
    },
    {
      username: 'village1',
      displayName: `${village?.name}协管员（演示）`,
      role: 'village_coordinator',
      scopeCode: village?.code,
      scope: `${keyTown?.name}${village?.name}`,
    },
    {
      username: 'market1',
      displayName: '市场查验员（演示）',
      role: 'market_checker',
      scopeCode: districtCode,
      scope: '全区',
    },
    {
      username: 'producer1',
      displayName: `${producerEntity?.name}（演示）`,
      role: 'producer',
      entityId: producerEntity?.id,
      scope: producerEntity?.name,
    },
    {
      username: 'buyer1',
      displayName: `${buyer?.name}（演示）`,
      role: 'producer',
      entityId: buyer?.id,
      scope: `${buyer?.name}（收购者）`,
    },
  ] as const;
  const creds: DemoCredential[] = [];
  for (const p of plan) {
    const [exists] = await db.select({ id: users.id }).from(users).where(eq(users.username, p.username));
    if (exists) continue;
    const password = generatePassword();
    await createUser(db, DEMO_ACTOR, {
      username: p.username,
      displayName: p.displayName,
      role: p.role,
      scopeCode: 'scopeCode' in p ? p.scopeCode : null,
      entityId: 'entityId' in p ? p.entityId : null,
      password,
    });
    creds.push({ username: p.username, password, role: p.role, scope: p.scope ?? '' });
  }
  return creds;
}
