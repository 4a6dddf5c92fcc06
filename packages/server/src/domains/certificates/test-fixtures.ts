import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { DISTRICT, TOWN_A } from '../../test/helper.ts';
import { addDays, chinaDate } from '../trace/rules.ts';
import type { KeyRing } from './keys.ts';
import { certificates } from './table.ts';
import { newTraceId, signTraceCode } from './trace-code.ts';

type CertRow = typeof certificates.$inferInsert;

/**
 * Inserts a certificate row as the issuing service would write it, for tests of what reads
 * certificates (scan, market checks); the issuing service has its own tests.
 */
export async function insertCertificate(
  db: Db,
  ring: KeyRing,
  entity: { id: string; name: string },
  over: Partial<CertRow> = {},
) {
  const today = chinaDate(new Date());
  const traceId = newTraceId();
  const row = {
    id: randomUUID(),
    districtCode: DISTRICT,
    certNo: `HGZ-T-${traceId.slice(0, 10)}`,
    traceId,
    traceCode: signTraceCode(ring, traceId),
    style: 'producer',
    entityId: entity.id,
    townCode: TOWN_A,
    productCode: 'spinach',
    productName: '菠菜',
    quantity: 500,
    unit: 'kg',
    origin: '重庆市铜梁区土桥镇测试村',
    promiser: entity.name,
    contact: '023-45678901',
    issueDate: today,
    bases: ['quality_control'],
    retainUntil: addDays(today, 731),
    ...over,
  } satisfies CertRow;
  await db.insert(certificates).values(row);
  return row;
}
