import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { AuthUser } from '../domains/accounts/scope.ts';
import { users } from '../domains/accounts/table.ts';
import type { Actor } from '../domains/audit/audit.ts';
import { openCase, recordTransfer, saveFindings, transitionCase } from '../domains/cases/service.ts';
import { samples } from '../domains/sampling/sample-table.ts';
import { chinaDate } from '../domains/trace/rules.ts';

/**
 * Two synthetic cases (marked 演示) from the demo's failed, verified samples: one under
 * investigation, one taken through to closing with 五不放过 settled and a transfer recorded.
 */
export async function seedDemoCases(db: Db, districtCode: string): Promise<number> {
  const failed = await db
    .select()
    .from(samples)
    .where(
      and(
        eq(samples.districtCode, districtCode),
        eq(samples.verdict, 'fail'),
        inArray(samples.status, ['verified', 'reported']),
      ),
    )
    .orderBy(desc(samples.sampledAt))
    .limit(2);
  // The demo's district office account acts, so timeline and audit name a real (synthetic) user.
  const [staff] = await db
    .select()
    .from(users)
    .where(and(eq(users.districtCode, districtCode), eq(users.role, 'district_staff')))
    .limit(1);
  if (!staff) return 0;
  const user: AuthUser = {
    id: staff.id,
    username: staff.username,
    displayName: staff.displayName,
    role: 'district_staff',
    scopeCode: districtCode,
    entityId: null,
    districtCode,
    mustChangePassword: false,
  };
  const actor: Actor = { user, ip: null };
  const scope = { kind: 'district' as const, districtCode };
  let made = 0;
  for (const [i, s] of failed.entries()) {
    const { id } = await db.transaction((tx) =>
      openCase(tx, actor, {
        sourceType: 'sample',
        sourceId: s.id,
        title: `监督抽查不合格（演示）`,
        summary: `样品 ${s.sampleNo} 经复核判定不合格，依法立案调查（演示数据）`,
        holdIds: [],
      }),
    );
    await transitionCase(db, actor, scope, id, {
      to: 'investigating',
      note: '调取生产记录和用药记录（演示）',
    });
    if (i === 1) {
      await transitionCase(db, actor, scope, id, { to: 'decided', note: '责令改正，罚款（演示）' });
      await transitionCase(db, actor, scope, id, { to: 'executed', note: '罚款已缴纳（演示）' });
      await recordTransfer(db, actor, scope, id, {
        transferredOn: chinaDate(new Date()),
        agency: '区公安分局（演示）',
        receiptNo: 'YS-DEMO-001',
      });
      await saveFindings(db, actor, scope, id, {
        cause: '未遵守安全间隔期采收（演示）',
        responsible: '基地负责人已处罚（演示）',
        rectification: '完善用药记录，召回同批产品（演示）',
        education: '组织用药安全培训（演示）',
        lessons: '建立采收前自检制度（演示）',
      });
      await transitionCase(db, actor, scope, id, { to: 'closed' });
    }
    made++;
  }
  return made;
}
