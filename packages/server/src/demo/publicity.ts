import { randomBytes, randomUUID } from 'node:crypto';
import { EVENT_KIND_LABELS, type Question } from '@nongan/shared/publicity/schemas';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { publicityEvents, surveyResponses, surveys } from '../domains/publicity/table.ts';
import { divisions } from '../domains/regions/table.ts';
import { addDays, chinaDate } from '../domains/trace/rules.ts';
import { rng } from './random.ts';

const DEMO = '（演示）';
const QUESTIONS: Question[] = [
  { kind: 'rating', text: '您对本区农产品质量安全状况的总体满意程度', options: [] },
  { kind: 'rating', text: '您对本区农产品质量安全监管工作的满意程度', options: [] },
  {
    kind: 'choice',
    text: '您购买农产品时是否留意食用农产品合格证或追溯码？',
    options: ['经常留意', '偶尔留意', '从不留意', '不了解'],
  },
  { kind: 'text', text: '您对农产品质量安全工作的意见和建议', options: [] },
];
const COMMENTS = [
  '希望多到集市宣传',
  '合格证要更普及',
  '农药残留检测结果希望公开',
  '总体放心',
  '赶场天的宣传很好',
];

/**
 * Synthetic publicity work for the demo district: this year's events in the towns (the two plan
 * weeks, market days, fairs), one open satisfaction survey with answers and one closed last year.
 * Titles say 演示; no answer carries a real device or phone.
 */
export async function seedDemoPublicity(db: Db, districtCode: string, seed: number) {
  const r = rng(seed);
  const today = chinaDate(new Date());
  const year = Number(today.slice(0, 4));
  const towns = await db
    .select({ code: divisions.code, name: divisions.name })
    .from(divisions)
    .where(and(eq(divisions.districtCode, districtCode), eq(divisions.level, 'town')))
    .orderBy(asc(divisions.code));
  if (towns.length === 0) return;
  const start = `${year}-01-01`;
  const span = Math.max(0, Math.round((Date.parse(today) - Date.parse(start)) / 86400_000));
  const events = Array.from({ length: 36 }, () => {
    const kind = r.weighted({
      food_safety_week: 3,
      inputs_week: 3,
      market_day: 5,
      trade_fair: 1,
      field_guidance: 2,
      other: 1,
    });
    const town = r.chance(0.12) ? null : r.pick(towns);
    const startOn = addDays(start, r.int(0, span));
    const leaflets = r.int(2, 30) * 50;
    return {
      districtCode,
      id: randomUUID(),
      townCode: town?.code ?? null,
      kind,
      title: `${town?.name ?? '全区'}${EVENT_KIND_LABELS[kind]}${DEMO}`,
      startOn,
      endOn: startOn,
      place: town
        ? `${town.name}${r.pick(['农贸市场', '场镇街道', '便民服务中心', '农资店门口'])}`
        : '区农业农村委广场',
      organiser: town ? `${town.name}农业服务中心` : '区农产品质量安全监管站',
      materials: [
        { item: '宣传资料（折页）', quantity: leaflets },
        ...(r.chance(0.6) ? [{ item: '横幅', quantity: r.int(1, 3) }] : []),
        ...(r.chance(0.4) ? [{ item: '宣传袋', quantity: r.int(1, 10) * 20 }] : []),
      ],
      peopleReached: Math.round(leaflets * (0.5 + r.next())),
      consultations: r.int(5, 80),
      notes: null,
    };
  }).filter((e) => e.startOn <= today);
  const open = { id: randomUUID(), opensOn: addDays(today, -20), closesOn: addDays(today, 10) };
  const old = { id: randomUUID(), opensOn: `${year - 1}-10-01`, closesOn: `${year - 1}-10-31` };
  const slug = () => randomBytes(5).toString('hex');
  const answers = (n: number, good: number) =>
    Array.from({ length: n }, () => {
      const score = () => (r.chance(good) ? r.int(4, 5) : r.int(1, 3));
      return {
        districtCode,
        id: randomUUID(),
        deviceKey: `demo-${randomBytes(12).toString('hex')}`,
        townCode: r.chance(0.85) ? r.pick(towns).code : null,
        answers: [
          score(),
          score(),
          Number(r.weighted({ 0: 4, 1: 3, 2: 1, 3: 1 })),
          r.chance(0.15) ? r.pick(COMMENTS) : null,
        ],
      };
    });
  await db.transaction(async (tx) => {
    if (events.length) await tx.insert(publicityEvents).values(events);
    for (const [s, title, n, good] of [
      [open, `${year} 年农产品质量安全群众满意度调查${DEMO}`, 160, 0.86],
      [old, `${year - 1} 年农产品质量安全群众满意度调查${DEMO}`, 220, 0.8],
    ] as const) {
      await tx.insert(surveys).values({
        districtCode,
        id: s.id,
        slug: slug(),
        title,
        intro: null,
        opensOn: s.opensOn,
        closesOn: s.closesOn,
        status: 'published',
        questions: QUESTIONS,
      });
      await tx.insert(surveyResponses).values(answers(n, good).map((a) => ({ ...a, surveyId: s.id })));
    }
    await tx
      .update(surveys)
      .set({ status: 'closed' })
      .where(and(eq(surveys.districtCode, districtCode), eq(surveys.id, old.id)));
  });
}
