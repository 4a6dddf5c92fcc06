import { randomUUID } from 'node:crypto';
import type { Basis, BuyerIssueBody } from '@nongan/shared/certificates/schemas';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type AuthUser, scopeOf } from '../domains/accounts/scope.ts';
import { users } from '../domains/accounts/table.ts';
import type { Actor } from '../domains/audit/audit.ts';
import { issueBuyerCertificate } from '../domains/certificates/buyer-service.ts';
import { insertCertificates, type PreparedIssue } from '../domains/certificates/issue-service.ts';
import type { KeyRing } from '../domains/certificates/keys.ts';
import {
  certificateScans,
  certificates,
  marketChecks,
  receivedCertificates,
} from '../domains/certificates/table.ts';
import { entities } from '../domains/entities/table.ts';
import { divisionNames } from '../domains/regions/repository.ts';
import { findProduct } from '../domains/standards/catalog.ts';
import { addDays, chinaDate } from '../domains/trace/rules.ts';
import { inputUses, productionLots, traceEvents } from '../domains/trace/table.ts';
import { type Rng, rng } from './random.ts';
import { PRODUCTS_BY_INDUSTRY } from './tests.ts';

const ACTOR: Actor = { user: null, ip: null };
/** Inputs with a known interval on the demo's vegetables, used long enough before harvest. */
const DEMO_INPUTS = ['阿维菌素', '吡虫啉', '多菌灵', '毒死蜱'];

export interface DemoCertificateOptions {
  districtCode: string;
  ring: KeyRing;
  seed: number;
  /** Certificates over the last `days` days. */
  count: number;
  days?: number;
  /** The enterprise that buys lots and issues buyer certificates, and the market checker's account. */
  buyerId?: string;
  checkerId?: string;
}

/**
 * Synthetic certificates for the demo district over the last few months: most must-issue
 * entities issue (so the rate of use is high but not 100 %), a few smallholders have
 * certificates issued on their behalf, some lots carry production records, a buyer re-issues,
 * a few are revoked, and some are scanned and checked at market. All marked synthetic.
 */
export async function seedDemoCertificates(db: Db, o: DemoCertificateOptions) {
  const r = rng(o.seed);
  const days = o.days ?? 90;
  const today = chinaDate(new Date());
  // Nothing the demo writes happens later than now (a certificate issued "today at 17:00" at 9:00).
  const nowMs = Date.now();
  const past = (d: Date) => (d.getTime() < nowMs ? d : new Date(nowMs - r.int(1, 20) * 60_000));
  const ents = await db
    .select()
    .from(entities)
    .where(and(eq(entities.districtCode, o.districtCode), eq(entities.active, true)));
  const withProducts = ents
    .map((e) => ({ e, products: e.industries.flatMap((i) => PRODUCTS_BY_INDUSTRY[i] ?? []) }))
    .filter((x) => x.products.length > 0);
  const must = withProducts.filter(
    (x) => ['enterprise', 'cooperative'].includes(x.e.type) || x.e.certificateTrial,
  );
  const others = withProducts.filter((x) => ['family_farm', 'large_grower'].includes(x.e.type));
  const small = withProducts.filter((x) => x.e.type === 'smallholder');
  // The demo producer login is the first cooperative: make sure it has certificates.
  const [first] = await db
    .select({ id: entities.id })
    .from(entities)
    .where(eq(entities.type, 'cooperative'))
    .limit(1);
  const issuers = [
    ...must.filter((x) => x.e.id === first?.id || r.chance(0.85)),
    ...others.filter(() => r.chance(0.3)),
  ];
  const names = await divisionNames(db, [
    o.districtCode,
    ...ents.map((e) => e.townCode),
    ...ents.map((e) => e.villageCode ?? ''),
  ]);
  const originOf = (e: (typeof ents)[number]) =>
    [o.districtCode, e.townCode, e.villageCode ?? ''].map((c) => names.get(c) ?? '').join('');

  const items: Parameters<typeof insertCertificates>[3] = [];
  const lots: (typeof productionLots.$inferInsert)[] = [];
  const uses: (typeof inputUses.$inferInsert)[] = [];
  for (let i = 0; i < o.count && issuers.length; i++) {
    const onBehalf = small.length > 0 && r.chance(0.08);
    const { e, products } = onBehalf
      ? r.pick(small)
      : i < 6 && first
        ? (issuers.find((x) => x.e.id === first.id) ?? r.pick(issuers))
        : r.pick(issuers);
    const product = findProduct(r.pick(products));
    if (!product) continue;
    const issueDate = addDays(today, -r.int(0, days));
    let lotId: string | undefined;
    // A quarter of the vegetable lots carry production records (inputs long before harvest).
    if (!onBehalf && e.industries.includes('vegetables') && r.chance(0.25)) {
      lotId = randomUUID();
      lots.push({
        id: lotId,
        districtCode: o.districtCode,
        lotNo: `SC${o.districtCode}-DEMO-${String(lots.length + 1).padStart(5, '0')}`,
        entityId: e.id,
        townCode: e.townCode,
        villageCode: e.villageCode,
        productCode: product.code,
        plot: `${r.int(1, 12)}号地块（演示）`,
        area: r.int(2, 60),
        startedOn: addDays(issueDate, -r.int(50, 90)),
        status: 'harvested',
        harvestDate: issueDate,
        // At least the largest demo certificate (200 × 10 kg): a certificate never exceeds its lot.
        harvestQuantity: r.int(2000, 5000),
        harvestUnit: 'kg',
        synthetic: true,
      });
      uses.push({
        id: randomUUID(),
        districtCode: o.districtCode,
        lotId,
        entityId: e.id,
        input: r.pick(DEMO_INPUTS),
        kind: 'pesticide',
        usedOn: addDays(issueDate, -r.int(30, 45)),
        dose: '按标签用量（演示）',
        area: r.int(2, 20),
      });
    }
    const entrusted = r.chance(0.15);
    const bases: Basis[] = entrusted ? ['quality_control', 'entrusted_test'] : ['quality_control'];
    const prepared: PreparedIssue = {
      entity: e,
      onBehalf,
      product,
      villageCode: e.villageCode,
      origin: originOf(e),
      tests: entrusted
        ? [
            {
              kind: 'report',
              refId: null,
              refNo: `WT${issueDate.replaceAll('-', '')}-${r.int(100, 999)}`,
              items: lotId ? [...new Set([uses.at(-1)!.input, '铅'])] : ['铅', '镉', '毒死蜱'],
              result: 'pass',
              testedOn: addDays(issueDate, -1),
              lab: '演示第三方检测机构',
            },
          ]
        : [],
      warnings: [],
    };
    items.push({
      body: {
        entityId: e.id,
        lotId,
        product: product.code,
        quantity: r.int(2, 200) * 10,
        unit: r.chance(0.8) ? 'kg' : 'jin',
        contact: e.phone,
        issueDate,
        bases,
        labelCount: r.chance(0.3) ? r.int(2, 20) : 1,
      },
      prepared,
      style: 'producer',
      synthetic: true,
      at: past(
        new Date(
          `${issueDate}T${String(r.int(6, 17)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00+08:00`,
        ),
      ),
    });
  }
  if (lots.length) await db.insert(productionLots).values(lots);
  if (uses.length) await db.insert(inputUses).values(uses);
  const made: { id: string; certNo: string }[] = [];
  for (let i = 0; i < items.length; i += 200)
    made.push(
      ...(await db.transaction((tx) => insertCertificates(tx, o.ring, ACTOR, items.slice(i, i + 200)))),
    );

  // A few revoked, with their reasons kept.
  const revoked = made.filter(() => r.chance(0.02));
  if (revoked.length)
    await db
      .update(certificates)
      .set({ status: 'revoked', revokedAt: new Date(), revokeReason: '开具信息有误，已重新开具（演示）' })
      .where(
        and(
          eq(certificates.districtCode, o.districtCode),
          inArray(
            certificates.id,
            revoked.map((x) => x.id),
          ),
        ),
      );

  // A buyer (a wholesale enterprise) receives some certificates and scans; markets check entries.
  const rows = await db
    .select()
    .from(certificates)
    .where(
      and(
        eq(certificates.districtCode, o.districtCode),
        inArray(
          certificates.id,
          made.slice(0, 400).map((m) => m.id),
        ),
      ),
    );
  const buyer = ents.find((e) => e.id === o.buyerId);
  const market = ents.find((e) => e.type === 'market');
  const received: (typeof receivedCertificates.$inferInsert)[] = [];
  const scans: (typeof certificateScans.$inferInsert)[] = [];
  const checks: (typeof marketChecks.$inferInsert)[] = [];
  const events: (typeof traceEvents.$inferInsert)[] = [];
  for (const c of rows) {
    if (c.status !== 'valid') continue;
    if (buyer && c.entityId !== buyer.id && r.chance(0.12))
      received.push({
        id: randomUUID(),
        districtCode: o.districtCode,
        receiverId: buyer.id,
        sourceCertificateId: c.id,
        certNo: c.certNo,
        supplier: c.promiser,
        productCode: c.productCode,
        quantity: c.quantity,
        unit: c.unit,
        receivedOn: c.issueDate,
        retainUntil: addDays(c.issueDate, 183),
      });
    for (let k = r.chance(0.3) ? r.int(1, 4) : 0; k > 0; k--)
      scans.push({
        id: randomUUID(),
        districtCode: o.districtCode,
        certificateId: c.id,
        at: past(new Date(`${c.issueDate}T20:00:00+08:00`)),
        network: `10.${r.int(0, 3)}.${r.int(0, 9)}.0/24`,
        channel: r.chance(0.7) ? 'wechat' : 'other',
      });
    if (market && r.chance(0.15)) {
      const at = past(new Date(`${c.issueDate}T${String(r.int(4, 9)).padStart(2, '0')}:30:00+08:00`));
      checks.push({
        id: randomUUID(),
        districtCode: o.districtCode,
        marketId: market.id,
        townCode: market.townCode,
        checkedAt: at,
        checkedBy: o.checkerId ?? null,
        code: c.traceCode,
        certificateId: c.id,
        result: 'valid',
        productCode: c.productCode,
        quantity: c.quantity,
        unit: c.unit,
        supplier: c.promiser,
      });
      events.push({
        id: randomUUID(),
        districtCode: o.districtCode,
        certificateId: c.id,
        type: 'receive',
        at,
        placeId: market.id,
        placeName: market.name,
        townCode: market.townCode,
        fromEntityId: c.entityId,
        toEntityId: market.id,
        quantity: c.quantity,
        unit: c.unit,
      });
    }
  }
  if (market)
    for (let k = 0; k < 12; k++)
      checks.push({
        id: randomUUID(),
        districtCode: o.districtCode,
        marketId: market.id,
        townCode: market.townCode,
        checkedAt: past(new Date(`${addDays(today, -r.int(0, days))}T06:00:00+08:00`)),
        checkedBy: o.checkerId ?? null,
        result: 'none',
        productCode: findProduct(r.pick(PRODUCTS_BY_INDUSTRY.vegetables ?? []))?.code ?? null,
        quantity: r.int(1, 30) * 10,
        unit: 'kg',
        supplier: `散户${r.int(1, 99)}号（演示）`,
        note: '无合格证，已登记并告知（演示）',
      });
  if (received.length) await db.insert(receivedCertificates).values(received);
  if (scans.length) await db.insert(certificateScans).values(scans);
  if (checks.length) await db.insert(marketChecks).values(checks);
  if (events.length) await db.insert(traceEvents).values(events);
  const buyerMade = buyer ? await seedBuyerCertificates(db, o, buyer, received, r) : 0;
  return { certificates: made.length + buyerMade, lots: lots.length, revoked: revoked.length };
}

/**
 * The buyer re-issues for lots made from what it received (two or three receipts of one product
 * and unit), through the real buyer-certificate service, so the chain runs through the buyer.
 */
async function seedBuyerCertificates(
  db: Db,
  o: DemoCertificateOptions,
  buyer: typeof entities.$inferSelect,
  received: (typeof receivedCertificates.$inferInsert)[],
  r: Rng,
): Promise<number> {
  const [account] = await db
    .select()
    .from(users)
    .where(and(eq(users.districtCode, o.districtCode), eq(users.entityId, buyer.id)));
  if (!account) return 0;
  const user: AuthUser = {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role as AuthUser['role'],
    scopeCode: account.scopeCode,
    entityId: account.entityId,
    districtCode: account.districtCode,
    mustChangePassword: false,
  };
  const groups = new Map<string, typeof received>();
  for (const x of received) {
    const key = `${x.productCode}|${x.unit}`;
    groups.set(key, [...(groups.get(key) ?? []), x]);
  }
  let made = 0;
  for (const group of [...groups.values()].filter((g) => g.length >= 2).slice(0, 8)) {
    const used = group.slice(0, r.int(2, 3));
    const first = used[0] as (typeof received)[number];
    const issueDate = used
      .map((x) => x.receivedOn)
      .sort()
      .at(-1) as string;
    await issueBuyerCertificate(db, o.ring, { user, ip: null }, scopeOf(user), {
      entityId: buyer.id,
      product: first.productCode,
      quantity: used.reduce((s, x) => s + x.quantity, 0),
      unit: first.unit as BuyerIssueBody['unit'],
      contact: buyer.phone,
      issueDate,
      receivedIds: used.map((x) => x.id as string),
      labelCount: r.int(1, 4),
    });
    made++;
  }
  return made;
}
