import { randomUUID } from 'node:crypto';
import { PLAN_TARGETS, STAGES, type Stage } from '@nongan/shared/standardisation/schemas';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { entities } from '../domains/entities/table.ts';
import { PRODUCER_TYPES, productCodesOf } from '../domains/standardisation/service.ts';
import {
  stdBaseEvaluations,
  stdBases,
  stdHandouts,
  stdProcedures,
  stdProcedureVersions,
  stdTargets,
} from '../domains/standardisation/table.ts';
import { addDays, chinaDate } from '../domains/trace/rules.ts';
import { rng } from './random.ts';

const DEMO = '（演示）';

/** Section texts: short, plausible, and marked as demo. */
function sections(crop: string): Record<Stage, string> {
  const text: Record<Stage, string> = {
    siteEnvironment: `${crop}产地远离工矿企业和生活垃圾场，灌溉水、土壤定期监测。`,
    inputs: '使用登记在有效期内的农药、肥料；建立购买和使用台账，禁用药品不入库。',
    processControl: '按农事记录组织生产，优先绿色防控，严格执行农药安全间隔期。',
    harvest: '安全间隔期满后采收，采收前自检或送检，开具承诺达标合格证。',
    storage: '产品与农资分区存放，库房清洁、防鼠，冷藏品记录温度。',
    transport: '清洁专用车辆运输，不与有毒有害物品混装，随货附合格证和追溯码。',
  };
  return Object.fromEntries(STAGES.map((s) => [s, `${text[s]}${DEMO}`])) as Record<Stage, string>;
}

/**
 * Synthetic standardised production for the demo district: four procedures (one revised, one
 * still a draft), hand-outs reaching most covered producers (more in some towns than others),
 * six demonstration bases with evaluations, and this year's targets (the plan's figures).
 */
export async function seedDemoStandardisation(db: Db, districtCode: string, seed: number) {
  const r = rng(seed);
  const today = chinaDate(new Date());
  const year = Number(today.slice(0, 4));
  const ago = (days: number) => addDays(today, -days);
  const specs = [
    {
      number: 'TL/BZ-01',
      title: '叶菜类蔬菜标准化生产技术规程',
      crop: '叶菜',
      products: ['leafy_vegetable'],
      revised: true,
    },
    {
      number: 'TL/BZ-02',
      title: '柑橘标准化生产技术规程',
      crop: '柑橘',
      products: ['citrus_fruit'],
      revised: false,
    },
    {
      number: 'TL/BZ-03',
      title: '茄果类蔬菜标准化生产技术规程',
      crop: '茄果类蔬菜',
      products: ['solanaceous_vegetable'],
      revised: false,
    },
    {
      number: 'TL/BZ-04',
      title: '稻谷绿色生产技术规程',
      crop: '水稻',
      products: ['paddy_rice'],
      draft: true,
    },
  ];
  const producers = await db
    .select({
      id: entities.id,
      townCode: entities.townCode,
      mainProducts: entities.mainProducts,
      name: entities.name,
    })
    .from(entities)
    .where(
      and(
        eq(entities.districtCode, districtCode),
        eq(entities.active, true),
        inArray(entities.type, PRODUCER_TYPES),
      ),
    );
  const townShare = new Map<string, number>();
  const shareOf = (town: string) => {
    if (!townShare.has(town)) townShare.set(town, 0.45 + r.next() * 0.5);
    return townShare.get(town)!;
  };
  await db.transaction(async (tx) => {
    for (const s of specs) {
      const id = randomUUID();
      await tx.insert(stdProcedures).values({ districtCode, id, number: s.number });
      const base = {
        districtCode,
        procedureId: id,
        title: `${s.title}${DEMO}`,
        products: s.products,
        ...sections(s.crop),
      };
      const first = ago(150 + r.int(0, 60));
      if (s.draft) {
        await tx
          .insert(stdProcedureVersions)
          .values({ ...base, id: randomUUID(), version: 1, createdByName: `区农产品质量安全办${DEMO}` });
        continue;
      }
      const revisedOn = ago(30 + r.int(0, 40));
      const v1 = randomUUID();
      await tx.insert(stdProcedureVersions).values({
        ...base,
        id: v1,
        version: 1,
        status: s.revised ? 'superseded' : 'published',
        publishedOn: first,
        endedOn: s.revised ? revisedOn : null,
        createdByName: `区农产品质量安全办${DEMO}`,
      });
      let current = v1;
      let currentOn = first;
      if (s.revised) {
        current = randomUUID();
        currentOn = revisedOn;
        await tx.insert(stdProcedureVersions).values({
          ...base,
          id: current,
          version: 2,
          status: 'published',
          publishedOn: revisedOn,
          note: `按 GB 2763 新版调整安全间隔期要求${DEMO}`,
          createdByName: `区农产品质量安全办${DEMO}`,
        });
      }
      const covered = producers.filter((e) => {
        const own = productCodesOf(e.mainProducts);
        return s.products.some((c) => own.includes(c));
      });
      const rows = covered
        .filter((e) => r.next() < shareOf(e.townCode))
        .map((e) => ({
          districtCode,
          id: randomUUID(),
          procedureId: id,
          versionId: current,
          entityId: e.id,
          townCode: e.townCode,
          handedOn: addDays(currentOn, r.int(0, Math.max(0, Math.min(20, daysBetween(currentOn, today))))),
          handedByName: `镇街监管员${DEMO}`,
        }));
      // The superseded first version had been handed out too (kept as history).
      if (s.revised)
        for (const e of covered.filter(() => r.next() < 0.6))
          rows.push({
            districtCode,
            id: randomUUID(),
            procedureId: id,
            versionId: v1,
            entityId: e.id,
            townCode: e.townCode,
            handedOn: addDays(first, r.int(0, 20)),
            handedByName: `镇街监管员${DEMO}`,
          });
      for (let i = 0; i < rows.length; i += 500) await tx.insert(stdHandouts).values(rows.slice(i, i + 500));
    }
    // Six bases: each a different entity (or type) with a product that fits the type.
    const pick = (names: string[]) => producers.filter((e) => e.mainProducts.some((p) => names.includes(p)));
    const plans = [
      {
        type: 'vegetable_garden',
        from: pick(['辣椒', '番茄', '茄子', '菠菜']),
        products: ['solanaceous_vegetable'],
        word: '蔬菜标准园',
      },
      {
        type: 'vegetable_garden',
        from: pick(['白菜', '芹菜', '菜心']),
        products: ['leafy_vegetable'],
        word: '叶菜示范园',
      },
      {
        type: 'orchard',
        from: pick(['柑橘', '柚子', '柠檬']),
        products: ['citrus_fruit'],
        word: '柑橘标准园',
      },
      { type: 'tea_garden', from: pick(['绿茶', '红茶']), products: ['tea'], word: '生态茶园' },
      { type: 'livestock_farm', from: pick(['生猪']), products: ['pork'], word: '生猪标准化示范场' },
      {
        type: 'aquaculture_farm',
        from: pick(['草鱼', '鲫鱼', '鲤鱼']),
        products: ['freshwater_fish'],
        word: '健康养殖示范场',
      },
    ];
    const used = new Set<string>();
    for (const [n, p] of plans.entries()) {
      const e = p.from.find((x) => !used.has(x.id));
      if (!e) continue;
      used.add(e.id);
      const id = randomUUID();
      const designatedYear = n < 5 ? year : year - 1;
      await tx.insert(stdBases).values({
        districtCode,
        id,
        entityId: e.id,
        townCode: e.townCode,
        type: p.type,
        name: `${e.name.replace(/(有限公司|专业合作社|家庭农场)$/, '')}${p.word}${DEMO}`,
        products: p.products,
        area: p.type === 'livestock_farm' ? null : r.int(50, 600),
        designatedYear,
        status: n === 2 ? 'rectifying' : 'designated',
        statusReason: n === 2 ? `评价结果：投入品使用记录不全${DEMO}` : null,
      });
      await tx.insert(stdBaseEvaluations).values({
        districtCode,
        id: randomUUID(),
        baseId: id,
        evaluatedOn: ago(r.int(5, 60)),
        score: n === 2 ? 68 : r.int(82, 96),
        result: n === 2 ? 'rectify' : 'pass',
        evaluator: `区农技推广站${DEMO}`,
        findings:
          n === 2 ? `投入品使用记录不全，限期一个月整改${DEMO}` : `生产记录完整，质量控制措施落实${DEMO}`,
        recordedByName: `镇街监管员${DEMO}`,
      });
    }
    await tx
      .insert(stdTargets)
      .values({
        districtCode,
        year,
        procedures: PLAN_TARGETS.procedures,
        bases: PLAN_TARGETS.bases,
        reachRate: null,
        source: `沿用${PLAN_TARGETS.source}${DEMO}`,
      })
      .onConflictDoNothing();
  });
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
