import { and, eq, ilike } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AuthUser } from '../accounts/scope.ts';
import { entitiesInScope, outOfScope } from '../accounts/write-scope.ts';
import type { KeyRing } from '../certificates/keys.ts';
import { certificates } from '../certificates/table.ts';
import { codeOf, verifyTraceCode } from '../certificates/trace-code.ts';
import { entities } from '../entities/table.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CREDIT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export type LookupMatch = 'trace_code' | 'credit_code' | 'entity_id' | 'name';

/**
 * The entity an inspector means by what was typed or scanned: a certificate's trace code (bare
 * or the /t/<code> URL of its QR), a unified social credit code, the entity's id, or its exact
 * name. Only entities in the user's scope are found; anything else is a 404 on `code`.
 */
export async function lookupEntity(db: Db, ring: KeyRing, me: AuthUser, input: string) {
  const text = input.trim();
  const code = codeOf(text);
  let id: string | null = null;
  let matchedBy: LookupMatch = 'entity_id';
  const check = verifyTraceCode(ring, code);
  if (check.ok) {
    const [c] = await db
      .select({ entityId: certificates.entityId, traceCode: certificates.traceCode })
      .from(certificates)
      .where(and(eq(certificates.districtCode, me.districtCode), eq(certificates.traceId, check.id)));
    if (c?.traceCode === code && c.entityId) {
      id = c.entityId;
      matchedBy = 'trace_code';
    }
  } else if (UUID.test(text)) {
    id = text.toLowerCase();
  } else if (CREDIT.test(text.toUpperCase())) {
    const [e] = await db
      .select({ id: entities.id })
      .from(entities)
      .where(and(eq(entities.districtCode, me.districtCode), eq(entities.creditCode, text.toUpperCase())));
    id = e?.id ?? null;
    matchedBy = 'credit_code';
  } else {
    const rows = await db
      .select({ id: entities.id })
      .from(entities)
      .where(
        and(
          eq(entities.districtCode, me.districtCode),
          ilike(
            entities.name,
            text.replace(/[%_\\]/g, (c) => `\\${c}`),
          ),
        ),
      )
      .limit(2);
    if (rows.length === 1) id = rows[0]!.id;
    matchedBy = 'name';
  }
  const e = id ? (await entitiesInScope(db, me, [id])).get(id) : undefined;
  if (!e) throw outOfScope('code', '追溯码或主体');
  return { entity: e, matchedBy };
}
