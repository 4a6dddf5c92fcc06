import { randomUUID } from 'node:crypto';
import { PLAN_TARGETS } from '@nongan/shared/brands/schemas';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  brandCertifications,
  brandLicences,
  brandReviews,
  brandSettings,
  regionalBrands,
  supportDecisions,
} from '../domains/brands/table.ts';
import { certificates } from '../domains/certificates/table.ts';
import { eligibility } from '../domains/dossier/four-links.ts';
import { entities } from '../domains/entities/table.ts';
import { addDays, chinaDate } from '../domains/trace/rules.ts';

const KINDS = [
  'green',
  'green',
  'green',
  'organic',
  'green',
  'gap',
  'green',
  'organic',
  'mingte',
  'cq_famous',
];
const PREFIX: Record<string, string> = {
  green: 'LB',
  organic: 'YJ',
  gi: 'DL',
  mingte: 'MT',
  cq_famous: 'CQMP',
  gap: 'GAP',
};
const INSPECTORS = ['区农产品质量安全办（演示）', '区农业综合行政执法支队（演示）'];

/**
 * Synthetic 两品一标 records (marked 演示) for entities that issue certificates: certifications of
 * their certified products spread over three years (some this year, a few expiring or expired),
 * reviews, the plan's two regional brands with licences, and a few support decisions.
 */
export async function seedDemoBrands(db: Db, districtCode: string, now = new Date()): Promise<number> {
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  // The busiest certificate issuers and their main product (most certificates).
  const issuers = (await db
    .select({
      entityId: certificates.entityId,
      townCode: entities.townCode,
      productCode: certificates.productCode,
      n: sql<number>`count(*)::int`,
    })
    .from(certificates)
    .innerJoin(
      entities,
      and(eq(entities.districtCode, certificates.districtCode), eq(entities.id, certificates.entityId)),
    )
    .where(and(eq(certificates.districtCode, districtCode), eq(certificates.style, 'producer')))
    .groupBy(certificates.entityId, entities.townCode, certificates.productCode)
    .orderBy(desc(sql`count(*)`))
    .limit(120)) as { entityId: string; townCode: string; productCode: string; n: number }[];
  const seen = new Set<string>();
  const picked = issuers.filter((r) => !seen.has(r.entityId) && seen.add(r.entityId)).slice(0, 36);
  if (picked.length === 0) return 0;
  const startOfYear = `${year}-01-01`;
  const daysThisYear = Math.max(1, Math.round((Date.parse(today) - Date.parse(startOfYear)) / 86_400_000));
  const certs = picked.map((p, i) => {
    const kind = p.productCode === 'lotus_root' && i % 2 === 0 ? 'gi' : KINDS[i % KINDS.length]!;
    // A third this year; the rest 1–3 years ago, so some near their three-year end or past it.
    const issuedOn =
      i % 3 === 0 ? addDays(startOfYear, (i * 37) % daysThisYear) : addDays(today, -(400 + ((i * 53) % 800)));
    const validUntil =
      i === 4
        ? addDays(today, -20)
        : i === 7 || i === 10
          ? addDays(today, 30 + i)
          : addDays(issuedOn, 3 * 365);
    const issued = validUntil <= issuedOn ? addDays(validUntil, -3 * 365) : issuedOn;
    return {
      districtCode,
      id: randomUUID(),
      kind,
      certNo: `${PREFIX[kind]}${issued.slice(0, 4)}${String(1000 + i)}`,
      entityId: p.entityId,
      townCode: p.townCode,
      productCodes: [p.productCode],
      area: 50 + ((i * 29) % 400),
      areaUnit: 'mu',
      output: 80 + ((i * 41) % 900),
      outputUnit: 'tonne',
      issuedOn: issued,
      validUntil,
      note: '（演示）',
    };
  });
  const regional = [
    {
      districtCode,
      id: randomUUID(),
      name: '巴味渝珍',
      owner: '（演示）重庆市农产品区域公用品牌',
      note: '（演示）',
    },
    { districtCode, id: randomUUID(), name: '铜梁莲藕', owner: '（演示）地理标志证明商标', note: '（演示）' },
  ];
  await db.transaction(async (tx) => {
    // The demo district carries the plan's 2021 targets over to the current year, as the demo's
    // monitoring plans do (seed.ts); a real district sets its own each year.
    await tx
      .insert(brandSettings)
      .values({ districtCode, remindDays: 90, targets: { ...PLAN_TARGETS, [year]: PLAN_TARGETS['2021'] } })
      .onConflictDoNothing();
    await tx.insert(brandCertifications).values(certs);
    await tx.insert(brandReviews).values(
      certs
        .filter((c) => c.issuedOn < addDays(today, -300))
        .map((c, i) => ({
          districtCode,
          id: randomUUID(),
          certificationId: c.id,
          kind: i % 3 === 2 ? 'label' : 'annual',
          on: addDays(today, -((i * 17) % 200)),
          inspector: INSPECTORS[i % 2]!,
          result: i % 9 === 5 ? (i % 3 === 2 ? 'misuse' : 'fail') : 'pass',
          place: i % 3 === 2 ? '（演示）铜梁区农贸市场' : null,
          findings: i % 9 === 5 ? '（演示）标志使用不规范，已责令整改' : null,
        })),
    );
    await tx.insert(regionalBrands).values(regional);
    await tx.insert(brandLicences).values(
      picked.slice(0, 20).map((p, i) => ({
        districtCode,
        id: randomUUID(),
        brandId: regional[p.productCode === 'lotus_root' || i % 4 === 1 ? 1 : 0]!.id,
        entityId: p.entityId,
        townCode: p.townCode,
        productCodes: i % 2 ? [p.productCode] : [],
        licensedOn: addDays(today, -(30 + ((i * 23) % 500))),
        validUntil: null,
      })),
    );
  });
  // Support decisions weighed by the four-links rule as the API does: refused entities are left
  // out, warnings recorded as acknowledged.
  const rows = await db
    .select()
    .from(entities)
    .where(
      and(
        eq(entities.districtCode, districtCode),
        inArray(
          entities.id,
          picked.slice(0, 8).map((p) => p.entityId),
        ),
      ),
    );
  const decisions = [];
  for (const [i, e] of rows.entries()) {
    const purpose = (['funding', 'award', 'demonstration'] as const)[i % 3]!;
    const v = await eligibility(db, e, purpose, now);
    if (v.verdict === 'refuse') continue;
    decisions.push({
      districtCode,
      id: randomUUID(),
      purpose,
      entityId: e.id,
      townCode: e.townCode,
      year,
      title: ['（演示）农业品牌培育资金扶持', '（演示）优秀农民专业合作社', '（演示）追溯示范主体'][i % 3]!,
      decision: 'approved',
      warnings: v.reasons.map((r) => r.text),
    });
  }
  if (decisions.length) await db.insert(supportDecisions).values(decisions);
  return certs.length;
}
