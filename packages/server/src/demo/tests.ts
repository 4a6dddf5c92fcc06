import type { Link } from '@nongan/shared/sampling/tests';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { Scope } from '../domains/accounts/scope.ts';
import type { Actor } from '../domains/audit/audit.ts';
import { entities } from '../domains/entities/table.ts';
import { listDivisions } from '../domains/regions/repository.ts';
import { verifyResults } from '../domains/sampling/lab-flow.ts';
import { createSample, recordLabResults } from '../domains/sampling/lab-service.ts';
import { recordRapidTests } from '../domains/sampling/rapid-service.ts';
import { rapidTests, samplingTasks } from '../domains/sampling/sample-table.ts';
import { productName } from '../domains/standards/catalog.ts';
import { limitsFor } from '../domains/standards/reference.ts';
import { allocate, type Quota } from './allocation.ts';
import { rng } from './random.ts';

/** Products by industry, named as the catalogue names them. */
export const PRODUCTS_BY_INDUSTRY: Record<string, string[]> = {
  vegetables: ['普通白菜', '大白菜', '菠菜', '芹菜', '萝卜', '番茄', '茄子', '辣椒', '黄瓜', '豇豆', '莲藕'],
  fruit: ['柑橘', '柚', '葡萄', '桃', '梨', '枇杷'],
  grain_oil: ['大米', '稻谷'],
  livestock: ['猪肉', '牛肉'],
  poultry: ['鸡肉', '鸡蛋'],
  aquatic: ['草鱼', '鲫鱼', '鲤鱼'],
};
const RAPID_PRODUCTS = [...PRODUCTS_BY_INDUSTRY.vegetables!, ...PRODUCTS_BY_INDUSTRY.fruit!];

export interface DemoTestOptions {
  districtCode: string;
  year: number;
  /** Last moment tests may carry (now, for the current year). */
  until: Date;
  /** The year's quotas, and the share of the year the tests cover (1 for a past year). */
  quotas: Quota[];
  share: number;
  /** Totals instead of the quotas' pace (small districts for tests). */
  rapid?: number;
  samples?: number;
  seed: number;
}

const cst = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19);

/**
 * Synthetic rapid tests and lab samples for a year, through the same services as real entries
 * (so verdicts, follow-ups, serial numbers, statistics and audit are the real ones).
 */
export async function seedDemoTests(db: Db, o: DemoTestOptions): Promise<{ rapid: number; samples: number }> {
  const r = rng(o.seed);
  const scope: Scope = { kind: 'district', districtCode: o.districtCode };
  const actor: Actor = { user: null, ip: null };
  const towns = await listDivisions(db, { districtCode: o.districtCode, level: 'town' });
  const start = new Date(`${o.year}-01-01T00:00:00+08:00`).getTime();
  const end =
    Math.min(o.until.getTime(), new Date(`${o.year + 1}-01-01T00:00:00+08:00`).getTime()) - 3600_000;
  const when = () => new Date(start + r.next() * (end - start));
  const rapidQuotas = o.quotas.filter((q) => q.taskKind === 'rapid_test');
  const rapidCounts = allocate(rapidQuotas, o.share, r, { behind: 2, total: o.rapid });
  const holders = rapidQuotas.flatMap((q) =>
    Array.from({ length: rapidCounts.get(`rapid_test|${q.holderCode}`) ?? 0 }, () => q.holderCode),
  );
  const rows = holders.map((holder) => {
    const town = holder === o.districtCode ? (r.pick(towns)?.code as string) : holder;
    const positive = r.chance(0.008);
    return {
      holderCode: holder,
      townCode: town,
      sampledParty: `${r.pick(['农贸市场', '生产基地', '超市'])}${r.int(1, 40)}号（演示）`,
      product: r.pick(RAPID_PRODUCTS),
      link: r.pick(['pre_harvest_base', 'wholesale_market', 'retail_market'] as Link[]),
      method: 'enzyme_inhibition',
      inhibitionRate: positive ? r.int(50, 90) : Number((r.next() * 40).toFixed(1)),
      testedAt: `${cst(when())}+08:00`,
      tester: '演示检测员',
    };
  });
  await recordRapidTests(db, actor, scope, rows, 'lenient');

  const producers = await db
    .select({ id: entities.id, townCode: entities.townCode, industries: entities.industries })
    .from(entities)
    .where(and(eq(entities.districtCode, o.districtCode), eq(entities.active, true)))
    // A stated order (the same picks whatever index the planner reads): by town, then in the order
    // the entities were made (their ids are time-ordered).
    .orderBy(entities.townCode, entities.id)
    .limit(2000);
  const candidates = producers.filter((p) => p.industries.some((i) => PRODUCTS_BY_INDUSTRY[i]));
  // A healthy district confirms its positive screens: those older than three weeks have had their
  // lab sample (the lot released when it passes); only recent ones are still waiting.
  const waiting = await db
    .select({ task: samplingTasks, rapid: rapidTests })
    .from(samplingTasks)
    .innerJoin(
      rapidTests,
      and(
        eq(rapidTests.districtCode, samplingTasks.districtCode),
        eq(sql`${rapidTests.id}::text`, samplingTasks.sourceRef),
      ),
    )
    .where(
      and(
        eq(samplingTasks.districtCode, o.districtCode),
        eq(samplingTasks.origin, 'rapid_positive'),
        eq(samplingTasks.status, 'proposed'),
        gte(rapidTests.testedAt, new Date(start)),
        lt(rapidTests.testedAt, new Date(Math.min(end, o.until.getTime() - 21 * 86400_000))),
      ),
    );
  // Lab samples of products at the quotas' pace; input inspections (samples of pesticides and
  // fertilisers, not produce) are not generated, so that line of the plan shows as behind.
  const labQuotas = o.quotas.filter(
    (q) => q.taskKind === 'supervisory_sampling' || q.taskKind === 'routine_monitoring',
  );
  const labCounts = allocate(labQuotas, o.share, r, { total: o.samples });
  // The confirmations of positive screens below are supervisory samples of the same quota.
  let confirmations = waiting.length;
  const kinds = labQuotas
    .flatMap((q) =>
      Array.from(
        { length: labCounts.get(`${q.taskKind}|${q.holderCode}`) ?? 0 },
        () => q.taskKind as 'supervisory_sampling' | 'routine_monitoring',
      ),
    )
    .filter((k) => !(k === 'supervisory_sampling' && confirmations-- > 0));
  let samples = 0;
  const seedSample = async (
    where: { townCode: string; entityId?: string; sampledParty?: string },
    product: string,
    link: Link,
    kind: 'supervisory_sampling' | 'routine_monitoring',
    at: Date,
    opts: { taskId?: string; mayFail: boolean },
  ) => {
    // Substances banned somewhere are left out: a detection of one would fail the sample outright.
    const limits = limitsFor(product).filter((l) => l.analyte.prohibitedOn.length === 0);
    if (limits.length === 0) return;
    const id = await createSample(db, actor, scope, {
      taskKind: kind,
      ...where,
      taskId: opts.taskId,
      product,
      link,
      sampler: '演示抽样员',
      sampledAt: `${cst(at)}+08:00`,
      quantity: 1,
      quantityUnit: 'kg',
    });
    const picked = [...new Set(Array.from({ length: 3 }, () => r.pick(limits)))];
    const failing = opts.mayFail && r.chance(0.03) ? picked[0] : null;
    await recordLabResults(db, actor, scope, id, {
      testedAt: `${cst(new Date(Math.min(at.getTime() + 2 * 86400_000, end)))}+08:00`,
      results: picked.map((l) => {
        const limit = l.row.limitMgKg;
        const value =
          l === failing
            ? limit * (1.2 + r.next())
            : r.chance(0.5)
              ? null
              : Number((limit * r.next() * 0.6).toPrecision(3));
        return {
          analyte: l.analyte.code,
          value: value === null ? 'ND' : Number(value.toPrecision(4)),
          unit: 'mg/kg',
          lod: Number((limit / 20).toPrecision(2)),
          methodStandard: l.analyte.kind === 'contaminant' ? 'GB 5009 系列' : 'GB 23200.113-2018',
        };
      }),
    });
    // The demo's results are the testing centre's verified ones, so the district shows them.
    await verifyResults(db, actor, scope, id, { system: true });
    samples++;
  };
  for (let i = 0; i < kinds.length && candidates.length; i++) {
    const e = r.pick(candidates);
    const industry = e.industries.find((x) => PRODUCTS_BY_INDUSTRY[x]) as string;
    const product = r.pick(PRODUCTS_BY_INDUSTRY[industry] ?? []);
    const link = industry === 'livestock' || industry === 'poultry' ? 'slaughter' : 'pre_harvest_base';
    await seedSample({ townCode: e.townCode, entityId: e.id }, product, link, kinds[i]!, when(), {
      mayFail: true,
    });
  }
  for (const { task, rapid } of waiting) {
    const product = productName(rapid.productCode);
    if (!product) continue;
    await seedSample(
      {
        townCode: rapid.townCode,
        entityId: rapid.entityId ?? undefined,
        sampledParty: rapid.sampledParty ?? undefined,
      },
      product,
      rapid.link as Link,
      'supervisory_sampling',
      new Date(Math.min(rapid.testedAt.getTime() + 86400_000, end)),
      { taskId: task.id, mayFail: false },
    );
  }
  return { rapid: rows.length, samples };
}
