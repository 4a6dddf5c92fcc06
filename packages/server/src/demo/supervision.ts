import { randomBytes, randomUUID } from 'node:crypto';
import { formatReference, secretFrom } from '@nongan/shared/complaints/reference';
import { COMPLAINT_STATUSES } from '@nongan/shared/complaints/schemas';
import { and, arrayContains, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { campaignItems, campaigns } from '../domains/campaigns/table.ts';
import { complaints } from '../domains/complaints/table.ts';
import { entities } from '../domains/entities/table.ts';
import { incidentLinks, incidentSteps, incidents, opinions, riskPlans } from '../domains/risk/table.ts';
import { addDays, chinaDate } from '../domains/trace/rules.ts';
import { formatSerial, reserveSerials } from '../platform/serials.ts';
import { rng } from './random.ts';

const DEMO = '（演示）';

/**
 * A little synthetic supervision work for the demo district: two special campaigns with their
 * lists, this year's risk-monitoring plan, two incidents, a few 舆情 items (one overdue) and
 * complaints at every step. Every title or text says 演示.
 */
export async function seedDemoSupervision(db: Db, districtCode: string, seed: number) {
  const r = rng(seed);
  const now = new Date();
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const veg = await db
    .select({ id: entities.id, townCode: entities.townCode, name: entities.name })
    .from(entities)
    .where(and(eq(entities.districtCode, districtCode), arrayContains(entities.industries, ['vegetables'])))
    .limit(40);
  if (veg.length < 6) return;
  await db.transaction(async (tx) => {
    for (const [variety, drugs, issues] of [
      ['豇豆', [], ['快检阳性，未落实安全间隔期', '生产记录不全', '农药库房未分类存放']],
      ['韭菜', [], ['灌根用药记录缺失', '快检阳性，已控制未上市']],
    ] as const) {
      const id = randomUUID();
      await tx.insert(campaigns).values({
        districtCode,
        id,
        year,
        variety,
        title: `${variety}突出问题专项整治${DEMO}`,
        drugs: [...drugs],
        plan: `以镇街为单元，对${variety}种植主体建档立卡、逐户排查用药，上市前快检全覆盖。${DEMO}`,
        measures: '农资店禁限用农药专柜管理；上市开具承诺达标合格证；问题主体“回头看”。',
        startOn: addDays(today, -60),
        endOn: addDays(today, 120),
      });
      for (let i = 0; i < 5; i++) {
        const e = r.pick(veg);
        const rectified = r.next() < 0.5;
        await tx.insert(campaignItems).values({
          districtCode,
          id: randomUUID(),
          campaignId: id,
          entityId: e.id,
          townCode: e.townCode,
          issue: r.pick(issues),
          dueOn: addDays(today, r.int(-20, 30)),
          status: rectified ? 'rectified' : 'open',
          rectifiedOn: rectified ? addDays(today, -r.int(1, 20)) : null,
          note: rectified ? '复查合格' : null,
        });
      }
    }
    await tx
      .insert(riskPlans)
      .values({
        districtCode,
        id: randomUUID(),
        year,
        targets: `掌握本区主要农产品农药兽药残留风险状况，及时发现隐患。${DEMO}`,
        products: ['豇豆', '韭菜', '芹菜', '普通白菜', '鸡蛋'],
        subjects: '蔬菜合作社、家庭农场、种植大户，蛋鸡养殖场，农贸市场',
        keyPoints: '禁限用农药使用、安全间隔期执行、生产记录；贮运环节“三剂”使用。',
      })
      .onConflictDoNothing();
    for (const [title, level, closed] of [
      [`疑似食用韭菜后身体不适${DEMO}`, 'IV', true],
      [`网传某基地使用禁用农药${DEMO}`, 'III', false],
    ] as const) {
      const id = randomUUID();
      const e = r.pick(veg);
      const occurred = new Date(now.getTime() - r.int(3, 20) * 86400_000);
      const n = await reserveSerials(tx, districtCode, 'incident', year);
      await tx.insert(incidents).values({
        districtCode,
        id,
        incidentNo: formatSerial('SJ', districtCode, year, n),
        title,
        level,
        status: closed ? 'closed' : 'responding',
        occurredAt: occurred,
        townCode: e.townCode,
        summary: '接群众反映后上报，详见处置经过。',
        conclusion: closed ? '经抽检未检出禁用农药，系个人体质原因。' : null,
        closedAt: closed ? new Date(occurred.getTime() + 3 * 86400_000) : null,
      });
      const steps = ['接报并核实情况', '到达现场，封存相关产品', '抽样送区检测中心检测'];
      for (const [i, action] of steps.entries())
        await tx.insert(incidentSteps).values({
          districtCode,
          incidentId: id,
          seq: i + 1,
          at: new Date(occurred.getTime() + (i + 1) * 3 * 3600_000),
          actor: i === 2 ? '区检测中心' : '镇街监管员',
          action,
        });
      await tx.insert(incidentLinks).values({ districtCode, incidentId: id, kind: 'entity', refId: e.id });
    }
    for (const [title, days, answered] of [
      [`短视频称某镇豇豆“打药过量”${DEMO}`, -2, false],
      [`本地论坛讨论韭菜农残问题${DEMO}`, 2, false],
      [`市民点赞农贸市场快检公示${DEMO}`, -5, true],
    ] as const)
      await tx.insert(opinions).values({
        districtCode,
        id: randomUUID(),
        source: r.pick(['微博', '本地论坛', '短视频平台']),
        title,
        summary: '演示数据：舆情内容摘要。',
        sentiment: answered ? 'positive' : 'negative',
        foundAt: new Date(now.getTime() - 4 * 86400_000),
        respondBy: addDays(today, days),
        verification: answered ? 'true' : 'pending',
        response: answered ? '已在公众号发布快检结果说明。' : null,
        respondedAt: answered ? new Date(now.getTime() - 6 * 86400_000) : null,
      });
    const statuses = ['submitted', 'submitted', 'accepted', 'investigating', 'replied', 'closed'] as const;
    for (const [i, status] of statuses.entries()) {
      const e = veg[i]!;
      const serial = await reserveSerials(tx, districtCode, 'complaint', year);
      const steps = ['accept', 'investigate', 'reply', 'close'].slice(0, COMPLAINT_STATUSES.indexOf(status));
      await tx.insert(complaints).values({
        districtCode,
        id: randomUUID(),
        year,
        serial,
        reference: formatReference(year, serial, secretFrom(randomBytes(8))),
        townCode: e.townCode,
        place: `${e.name}附近${DEMO}`,
        topic: r.pick(['banned_drug', 'residue', 'no_certificate'] as const),
        product: r.pick(['豇豆', '韭菜', '芹菜']),
        content: '演示数据：群众反映附近种植户用药频繁，担心农药残留超标。',
        anonymous: true,
        status,
        reply: ['replied', 'closed'].includes(status) ? '经现场检查和抽检，未发现违法用药。' : null,
        history: steps.map((action) => ({
          action,
          at: now.toISOString(),
          userId: '',
          byName: '镇街监管员（演示）',
          note: null,
        })),
      });
    }
  });
}
