import type { printBody } from '@nongan/shared/certificates/schemas';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { conflict } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { getCertificate } from './repository.ts';
import { certificates } from './table.ts';

/** Revokes a certificate: the record stays, marked revoked with who, when and why. */
export async function revokeCertificate(db: Db, actor: Actor, scope: Scope, id: string, reason: string) {
  await db.transaction(async (tx) => {
    const before = await getCertificate(tx, scope, id);
    if (before.status === 'revoked') throw conflict('合格证已撤销');
    const set = {
      status: 'revoked',
      revokedAt: new Date(),
      revokeReason: reason,
      revokedBy: actor.user?.id ?? null,
    };
    await tx
      .update(certificates)
      .set(set)
      .where(and(eq(certificates.districtCode, before.districtCode), eq(certificates.id, id)));
    await writeAudit(tx, actor, {
      action: 'certificate.revoke',
      subjectType: 'certificate',
      subjectId: id,
      regionCode: before.townCode,
      before: { status: before.status },
      after: { status: 'revoked', revokeReason: reason },
    });
  });
}

/** Counts a print job (the first is the print, later ones reprints) and audits layout and copies. */
export async function recordPrint(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  job: z.infer<typeof printBody>,
) {
  await db.transaction(async (tx) => {
    const c = await getCertificate(tx, scope, id);
    if (c.status === 'revoked') throw conflict('合格证已撤销，不能打印');
    const [after] = await tx
      .update(certificates)
      .set({ printCount: sql`${certificates.printCount} + 1`, lastPrintedAt: new Date() })
      .where(and(eq(certificates.districtCode, c.districtCode), eq(certificates.id, id)))
      .returning({ printCount: certificates.printCount });
    await writeAudit(tx, actor, {
      action: after!.printCount > 1 ? 'certificate.reprint' : 'certificate.print',
      subjectType: 'certificate',
      subjectId: id,
      regionCode: c.townCode,
      after: { ...job, printCount: after!.printCount },
    });
  });
}
