import { convertQuantity, exceeds, formatQuantity, mismatchReason } from '@nongan/shared/common/units';
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { FieldIssue } from '../../platform/http-error.ts';
import type { LotRow } from '../trace/production-repository.ts';
import { chinaDate } from '../trace/rules.ts';
import { productionLots } from '../trace/table.ts';
import { certificates, receivedCertificates } from './table.ts';

/**
 * What a lot or a received certificate still holds, so no certificate or receipt claims more
 * than its source. Every quantity is compared through the one unit table (common/units.ts).
 * The issuing transactions call these after locking the source row (`for update`), so two
 * concurrent writers see each other's claims.
 */

/** A quantity's sum in `unit`; rows whose unit does not convert are left out (and counted). */
function sumIn(rows: { quantity: number; unit: string }[], unit: string) {
  let total = 0;
  for (const r of rows) total += convertQuantity(r.quantity, r.unit, unit) ?? 0;
  return total;
}

/** The lot row locked for the rest of the transaction. */
export async function lockLotRow(tx: Db, districtCode: string, lotId: string): Promise<LotRow | undefined> {
  const [lot] = await tx
    .select()
    .from(productionLots)
    .where(and(eq(productionLots.districtCode, districtCode), eq(productionLots.id, lotId)))
    .for('update');
  return lot;
}

/**
 * A producer certificate against its lot: not dated before the lot started or was harvested,
 * in a unit that converts to the harvest's, and not more than the harvest less what valid
 * certificates of the lot already carry. `taken` is the number of a valid certificate already on it.
 */
export async function lotProblems(
  db: Db,
  lot: LotRow,
  cert: { quantity: number; unit: string; issueDate: string },
): Promise<{ problems: FieldIssue[]; taken: string | null }> {
  const problems: FieldIssue[] = [];
  // A lot recorded without a start date began no later than its record.
  const began = lot.startedOn ?? chinaDate(lot.createdAt);
  if (cert.issueDate < began)
    problems.push({ field: 'issueDate', reason: `不能早于生产批次开始日期（${began}）` });
  if (lot.harvestDate && cert.issueDate < lot.harvestDate)
    problems.push({ field: 'issueDate', reason: `不能早于生产批次的采收/屠宰日期（${lot.harvestDate}）` });
  const valid = await db
    .select({ certNo: certificates.certNo, quantity: certificates.quantity, unit: certificates.unit })
    .from(certificates)
    .where(
      and(
        eq(certificates.districtCode, lot.districtCode),
        eq(certificates.lotId, lot.id),
        eq(certificates.status, 'valid'),
      ),
    );
  if (lot.harvestQuantity != null && lot.harvestUnit) {
    const asked = convertQuantity(cert.quantity, cert.unit, lot.harvestUnit);
    if (asked === null)
      problems.push({ field: 'unit', reason: mismatchReason(cert.unit, lot.harvestUnit, '生产批次采收量') });
    else {
      const certified = sumIn(valid, lot.harvestUnit);
      const left = Math.max(0, lot.harvestQuantity - certified);
      if (exceeds(asked, left))
        problems.push({
          field: 'quantity',
          reason: `超过生产批次可开具的数量：采收 ${formatQuantity(lot.harvestQuantity, lot.harvestUnit)}，已开具 ${formatQuantity(certified, lot.harvestUnit)}，剩余 ${formatQuantity(convertQuantity(left, lot.harvestUnit, cert.unit) ?? left, cert.unit)}`,
        });
    }
  }
  return { problems, taken: valid[0]?.certNo ?? null };
}

/** The source certificate row locked for the rest of the transaction. */
export async function lockCertificate(tx: Db, districtCode: string, id: string) {
  const [c] = await tx
    .select()
    .from(certificates)
    .where(and(eq(certificates.districtCode, districtCode), eq(certificates.id, id)))
    .for('update');
  return c;
}

/**
 * A receipt of a certificate on the platform: not dated before the certificate was issued, in a
 * unit that converts, and not more than the certificate less what was already received on it.
 */
export async function receiptProblems(
  db: Db,
  source: typeof certificates.$inferSelect,
  receipt: { quantity: number; unit: string; receivedOn: string },
  exceptId?: string,
): Promise<FieldIssue[]> {
  const problems: FieldIssue[] = [];
  if (receipt.receivedOn < source.issueDate)
    problems.push({ field: 'receivedOn', reason: `不能早于合格证开具日期（${source.issueDate}）` });
  const asked = convertQuantity(receipt.quantity, receipt.unit, source.unit);
  if (asked === null) {
    problems.push({ field: 'unit', reason: mismatchReason(receipt.unit, source.unit, '合格证') });
    return problems;
  }
  const earlier = await db
    .select({ quantity: receivedCertificates.quantity, unit: receivedCertificates.unit })
    .from(receivedCertificates)
    .where(
      and(
        eq(receivedCertificates.districtCode, source.districtCode),
        eq(receivedCertificates.sourceCertificateId, source.id),
        exceptId ? ne(receivedCertificates.id, exceptId) : undefined,
      ),
    );
  const received = sumIn(earlier, source.unit);
  const left = Math.max(0, source.quantity - received);
  if (exceeds(asked, left))
    problems.push({
      field: 'quantity',
      reason: `超过合格证可收取的数量：合格证 ${formatQuantity(source.quantity, source.unit)}，已收取 ${formatQuantity(received, source.unit)}，剩余 ${formatQuantity(convertQuantity(left, source.unit, receipt.unit) ?? left, receipt.unit)}`,
    });
  return problems;
}

/**
 * A unique-index violation of the named index (PostgreSQL 23505), however the driver wraps it;
 * `key` is the last value of the key when the server says it (the lot id for the lot index).
 */
export function isUniqueViolation(err: unknown, index: string): { key: string | undefined } | null {
  type PgError = { code?: string; constraint?: string; message?: string; detail?: string; cause?: unknown };
  for (let e = err as PgError | undefined; e; e = e.cause as PgError | undefined) {
    if (e.code !== '23505') continue;
    if (e.constraint !== index && !e.message?.includes(index)) return null;
    return { key: e.detail?.match(/=\(.*?([0-9a-f-]{36})\)/)?.[1] };
  }
  return null;
}
