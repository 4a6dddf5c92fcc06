import { randomUUID } from 'node:crypto';
import type { TrainingCategory } from '@nongan/shared/training/schemas';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users } from '../domains/accounts/table.ts';
import { entities } from '../domains/entities/table.ts';
import { divisions } from '../domains/regions/table.ts';
import { addDays, chinaDate } from '../domains/trace/rules.ts';
import { trainingAttendance, trainingSessions } from '../domains/training/table.ts';
import { rng } from './random.ts';

const DEMO = '（演示）';
type Attendance = typeof trainingAttendance.$inferInsert;

/**
 * This year's synthetic training: two input-dealer sessions per town (spring and autumn), and
 * district-wide sessions for supervisors, testers, village coordinators, enterprise heads and brand
 * holders. Most input stores attend both, some one, a few none, so the under-trained list has rows.
 */
export async function seedDemoTraining(db: Db, districtCode: string, seed: number) {
  const r = rng(seed);
  const today = chinaDate(new Date());
  const year = Number(today.slice(0, 4));
  const day = (offset: number) => {
    // Never after today (ISO dates sort as strings).
    return [addDays(`${year}-01-01`, offset), today].sort()[0] as string;
  };
  const towns = await db
    .select({ code: divisions.code, name: divisions.name })
    .from(divisions)
    .where(
      and(eq(divisions.districtCode, districtCode), eq(divisions.level, 'town'), eq(divisions.active, true)),
    );
  const sessions: (typeof trainingSessions.$inferInsert)[] = [];
  const add = (
    category: TrainingCategory,
    title: string,
    offset: number,
    townCode: string | null,
    place: string,
  ) => {
    const id = randomUUID();
    sessions.push({
      districtCode,
      id,
      townCode,
      title: `${title}${DEMO}`,
      category,
      heldOn: day(offset),
      place,
      teacher: r.pick(['区农技站专家', '区农产品质量安全中心', '区检测中心技术骨干', '区农业综合执法支队']),
      materialTitle: r.pick(['农药经营许可与台账管理', '农产品质量安全法解读', '快检操作规范', null]),
      capacity: r.int(30, 80),
      status: 'held',
    });
    return id;
  };
  const storeSessions = new Map<string, [string, string]>();
  for (const t of towns)
    storeSessions.set(t.code, [
      add(
        'input_dealers',
        `${t.name}农资经营者依法经营培训（上半年）`,
        r.int(60, 150),
        t.code,
        `${t.name}农业服务中心`,
      ),
      add(
        'input_dealers',
        `${t.name}农资经营者依法经营培训（下半年）`,
        r.int(240, 320),
        t.code,
        `${t.name}农业服务中心`,
      ),
    ]);
  const wide: Partial<Record<TrainingCategory, string>> = {
    supervisors: add('supervisors', '区镇村三级监管能力培训', 75, null, '区农业农村委会议室'),
    testers: add('testers', '镇街检测人员快检实操培训', 100, null, '区农产品检测中心'),
    village_coordinators: add('village_coordinators', '村级协管员巡查培训', 130, null, '区农业农村委会议室'),
    enterprise_heads: add('enterprise_heads', '示范企业安全第一责任人培训', 160, null, '区农业农村委会议室'),
    brand_holders: add('brand_holders', '农业品牌政策解读与用标培训', 200, null, '区农业农村委会议室'),
  };
  if (sessions.length === 0) return;
  const rows: Attendance[] = [];
  const at = (
    sessionId: string,
    a: Omit<Attendance, 'districtCode' | 'id' | 'sessionId' | 'method'> & { method?: Attendance['method'] },
  ) => rows.push({ districtCode, id: randomUUID(), sessionId, method: 'staff', ...a });

  const stores = await db
    .select({
      id: entities.id,
      townCode: entities.townCode,
      legalRep: entities.legalRep,
      type: entities.type,
    })
    .from(entities)
    .where(
      and(
        eq(entities.districtCode, districtCode),
        eq(entities.active, true),
        inArray(entities.type, ['input_store', 'enterprise', 'cooperative']),
      ),
    )
    .limit(3000);
  for (const e of stores) {
    const person = { personKey: `e:${e.id}`, personName: e.legalRep, entityId: e.id, townCode: e.townCode };
    if (e.type === 'input_store') {
      const pair = storeSessions.get(e.townCode);
      if (!pair) continue;
      const x = r.next();
      if (x < 0.92) at(pair[0], person);
      if (x < 0.8) at(pair[1], person);
    } else if (r.next() < 0.6) at(wide.enterprise_heads as string, person);
  }
  const staff = await db
    .select({ id: users.id, role: users.role, name: users.displayName, scopeCode: users.scopeCode })
    .from(users)
    .where(eq(users.districtCode, districtCode));
  const roleSession: Record<string, string | undefined> = {
    town_supervisor: wide.supervisors,
    district_staff: wide.supervisors,
    testing_centre: wide.testers,
    village_coordinator: wide.village_coordinators,
  };
  for (const u of staff) {
    const s = roleSession[u.role];
    if (s && r.next() < 0.9)
      at(s, {
        personKey: `u:${u.id}`,
        personName: u.name,
        userId: u.id,
        townCode: u.scopeCode && u.scopeCode.length >= 9 ? u.scopeCode.slice(0, 9) : null,
      });
  }
  for (let i = 0; i < 18; i++)
    at(wide.brand_holders as string, {
      personKey: `p:demo-brand-${i}`,
      personName: `品牌主体负责人${i + 1}${DEMO}`,
      townCode: r.pick(towns)?.code ?? null,
      phoneMasked: `139****${String(1000 + i)}`,
      method: 'scan_public',
    });
  await db.transaction(async (tx) => {
    await tx.insert(trainingSessions).values(sessions);
    for (let i = 0; i < rows.length; i += 500)
      await tx.insert(trainingAttendance).values(rows.slice(i, i + 500));
  });
}
