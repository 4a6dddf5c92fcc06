import { CASE_STATE_LABELS, type CaseState, isOpen, isOverdue } from '@nongan/shared/cases/states';
import { STATUS_LABELS as CERT_STATUS_LABELS, COLOUR_LABELS } from '@nongan/shared/certificates/schemas';
import { chinaToday } from '@nongan/shared/common/dates';
import { unitLabelOf } from '@nongan/shared/common/units';
import type { EntityFile } from '@nongan/shared/dossier/schemas';
import { RISK_GRADE_LABELS } from '@nongan/shared/entities/schemas';
import { RECT_STATUS_LABELS, type RectStatus } from '@nongan/shared/inspections/schemas';
import { TASK_KIND_LABELS, type TaskKind } from '@nongan/shared/sampling/plans';
import { VERDICT_LABELS } from '@nongan/shared/standards/limit-sets';
import { LOT_STATUS_LABELS, type LotStatus } from '@nongan/shared/trace/production';
import { and, count, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cases } from '../cases/table.ts';
import { entityColour } from '../certificates/scan-service.ts';
import { certificates } from '../certificates/table.ts';
import type { EntityRow } from '../entities/repository.ts';
import { inspections, rectifications } from '../inspections/table.ts';
import { isLabState, STATE_NAMES } from '../sampling/lab-states.ts';
import { entityFlags, lotHolds, rapidTests, samples } from '../sampling/sample-table.ts';
import { productLabel } from '../standards/catalog.ts';
import { productionLots } from '../trace/table.ts';
import { RISK_REASON_LABELS, RISK_RULE, riskLevel } from './risk.ts';
import { refreshRisk, riskFacts } from './risk-store.ts';

/** How many of each kind of record the file lists (newest first); the totals count them all. */
export const FILE_ITEMS = 20;

const RAPID_RESULT_NAMES: Record<string, string> = { positive: '阳性', negative: '阴性' };
const FOLLOW_UP_NAMES: Record<string, string> = {
  pending_lab: '待定量确认',
  confirmed: '定量确认不合格',
  cleared: '定量复检合格',
};
export const HOLD_STATUS_NAMES: Record<string, string> = { held: '控制中', released: '已解除' };
export const FLAG_NAMES: Record<string, string> = { problem: '待整改问题', ban_lead: '禁限用药物检出' };

/** The labels of a checklist answer list (only the failed ones when `failedOnly`). */
function itemLabels(items: unknown, failedOnly: boolean): string[] {
  if (!Array.isArray(items)) return [];
  return (items as { label?: string; result?: string }[])
    .filter((i) => !failedOnly || i.result === 'fail')
    .map((i) => i.label ?? '')
    .filter(Boolean);
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const product = productLabel;
const num = (v: unknown) => Number(v ?? 0);

/** 一户一档 of an entity the caller may see (the route checks scope before calling). */
export async function entityFile(db: Db, e: EntityRow, now = new Date()): Promise<EntityFile> {
  const d = e.districtCode;
  const [colour, facts] = await Promise.all([entityColour(db, d, e.id, now), riskFacts(db, d, e.id, now)]);
  const risk = riskLevel(facts!);
  // The stored summary catches up if an event has not reached it yet.
  if (risk.level !== e.riskGrade) await refreshRisk(db, d, [e.id], now);
  const total = async (q: Promise<{ n: number }[]>) => num((await q)[0]?.n);

  const rapidWhere = and(eq(rapidTests.districtCode, d), eq(rapidTests.entityId, e.id));
  const sampleWhere = and(eq(samples.districtCode, d), eq(samples.entityId, e.id));
  const holdWhere = and(eq(lotHolds.districtCode, d), eq(lotHolds.entityId, e.id));
  const flagWhere = and(eq(entityFlags.districtCode, d), eq(entityFlags.entityId, e.id));
  const certWhere = and(eq(certificates.districtCode, d), eq(certificates.entityId, e.id));
  const lotWhere = and(eq(productionLots.districtCode, d), eq(productionLots.entityId, e.id));
  const inspWhere = and(eq(inspections.districtCode, d), eq(inspections.entityId, e.id));
  const caseWhere = and(eq(cases.districtCode, d), eq(cases.entityId, e.id));
  const rectWhere = and(eq(rectifications.districtCode, d), eq(rectifications.entityId, e.id));

  const [rapid, sample, hold, flag, cert, lot, insp, rect, kase] = await Promise.all([
    db.select().from(rapidTests).where(rapidWhere).orderBy(desc(rapidTests.testedAt)).limit(FILE_ITEMS),
    db.select().from(samples).where(sampleWhere).orderBy(desc(samples.sampledAt)).limit(FILE_ITEMS),
    db.select().from(lotHolds).where(holdWhere).orderBy(desc(lotHolds.createdAt)).limit(FILE_ITEMS),
    db.select().from(entityFlags).where(flagWhere).orderBy(desc(entityFlags.createdAt)).limit(FILE_ITEMS),
    db
      .select()
      .from(certificates)
      .where(certWhere)
      .orderBy(desc(certificates.issueDate), desc(certificates.createdAt))
      .limit(FILE_ITEMS),
    db
      .select()
      .from(productionLots)
      .where(lotWhere)
      .orderBy(desc(productionLots.createdAt))
      .limit(FILE_ITEMS),
    db.select().from(inspections).where(inspWhere).orderBy(desc(inspections.inspectedAt)).limit(FILE_ITEMS),
    db
      .select()
      .from(rectifications)
      .where(rectWhere)
      .orderBy(desc(rectifications.createdAt))
      .limit(FILE_ITEMS),
    db.select().from(cases).where(caseWhere).orderBy(desc(cases.createdAt)).limit(FILE_ITEMS),
  ]);
  const [rapidN, sampleN, holdN, flagN, certN, lotN, inspN, rectN, caseN] = await Promise.all([
    total(db.select({ n: count() }).from(rapidTests).where(rapidWhere)),
    total(db.select({ n: count() }).from(samples).where(sampleWhere)),
    total(db.select({ n: count() }).from(lotHolds).where(holdWhere)),
    total(db.select({ n: count() }).from(entityFlags).where(flagWhere)),
    total(db.select({ n: count() }).from(certificates).where(certWhere)),
    total(db.select({ n: count() }).from(productionLots).where(lotWhere)),
    total(db.select({ n: count() }).from(inspections).where(inspWhere)),
    total(db.select({ n: count() }).from(rectifications).where(rectWhere)),
    total(db.select({ n: count() }).from(cases).where(caseWhere)),
  ]);
  const today = chinaToday(now);

  return {
    entityId: e.id,
    name: e.name,
    colour: { colour: colour.colour, label: COLOUR_LABELS[colour.colour], basis: colour.basis },
    risk: {
      level: risk.level,
      levelName: RISK_GRADE_LABELS[risk.level],
      reasons: risk.reasons.map((k) => RISK_REASON_LABELS[k]),
      rule: RISK_RULE,
    },
    rapidTests: {
      total: rapidN,
      items: rapid.map((r) => ({
        id: r.id,
        testNo: r.testNo,
        productName: product(r.productCode),
        target: r.target,
        result: r.result,
        resultName: RAPID_RESULT_NAMES[r.result] ?? '—',
        followUpName: r.result === 'positive' ? (FOLLOW_UP_NAMES[r.followUp ?? 'pending_lab'] ?? null) : null,
        testedAt: iso(r.testedAt),
        tester: r.tester,
      })),
    },
    samples: {
      total: sampleN,
      items: sample.map((s) => ({
        id: s.id,
        sampleNo: s.sampleNo,
        taskKindName: TASK_KIND_LABELS[s.taskKind as TaskKind] ?? '抽检',
        productName: product(s.productCode),
        sampledAt: iso(s.sampledAt),
        statusName: isLabState(s.status) ? STATE_NAMES[s.status] : '—',
        verdict: s.verdict,
        verdictName: s.verdict ? (VERDICT_LABELS[s.verdict] ?? null) : null,
        hasLead: s.hasLead,
      })),
    },
    holds: {
      total: holdN,
      items: hold.map((h) => ({
        id: h.id,
        productName: product(h.productCode),
        lotRef: h.lotRef,
        reason: h.reason,
        status: h.status,
        statusName: HOLD_STATUS_NAMES[h.status] ?? '—',
        createdAt: iso(h.createdAt),
      })),
    },
    flags: {
      total: flagN,
      items: flag.map((f) => ({
        flag: f.flag,
        flagName: FLAG_NAMES[f.flag] ?? '其他标记',
        note: f.note,
        active: f.active,
        createdAt: iso(f.createdAt),
      })),
    },
    certificates: {
      total: certN,
      items: cert.map((c) => ({
        id: c.id,
        certNo: c.certNo,
        productName: c.productName,
        quantity: c.quantity,
        unitName: unitLabelOf(c.unit),
        issueDate: c.issueDate,
        statusName: CERT_STATUS_LABELS[c.status as keyof typeof CERT_STATUS_LABELS] ?? '—',
      })),
    },
    lots: {
      total: lotN,
      items: lot.map((l) => ({
        id: l.id,
        lotNo: l.lotNo,
        productName: product(l.productCode),
        plot: l.plot,
        statusName: LOT_STATUS_LABELS[l.status as LotStatus] ?? '—',
        startedOn: l.startedOn,
        harvestDate: l.harvestDate,
      })),
    },
    inspections: {
      total: inspN,
      items: insp.map((i) => ({
        id: i.id,
        inspectedAt: iso(i.inspectedAt),
        inspectorName: i.inspectorName,
        failedCount: i.failedCount,
        failedItems: itemLabels(i.items, true),
      })),
    },
    rectifications: {
      total: rectN,
      items: rect.map((r) => ({
        id: r.id,
        items: itemLabels(r.items, false),
        deadline: r.deadline,
        status: r.status,
        statusName: RECT_STATUS_LABELS[r.status as RectStatus] ?? '—',
        overdue: r.status === 'open' && r.deadline < today,
        createdAt: iso(r.createdAt),
      })),
    },
    cases: {
      total: caseN,
      items: kase.map((c) => ({
        id: c.id,
        caseNo: c.caseNo,
        title: c.title,
        stateName: CASE_STATE_LABELS[c.state as CaseState] ?? '—',
        open: isOpen(c.state),
        overdue: isOverdue(c.state, c.dueOn, today),
        createdAt: iso(c.createdAt),
      })),
    },
  };
}
