import { randomUUID } from 'node:crypto';
import { ENTITY_TYPE_LABELS, type EntityType } from '@nongan/shared/entities/schemas';
import type { ChecklistItem } from '@nongan/shared/inspections/schemas';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { fieldError } from '../../platform/http-error.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { inspectionChecklists } from './table.ts';

/**
 * The default checklist, worded after the plan's list of what a quarterly inspection checks:
 * 《2021年铜梁区农产品质量安全监管工作计划》二(九) “检查内容包括：农业投入品规范管理、使用，农资库房
 * 分类存放、干净整洁且无违法违规投入品，基地环境管理规范优良，农业生产技术管理及质量管控制度完善并上墙，
 * 生产记录档案资料完善等”，and “加强农产品贮藏运输环节添加防腐保鲜‘三剂’监管”.
 */
export const DEFAULT_CHECKLIST_SOURCE =
  '《2021年铜梁区农产品质量安全监管工作计划》（铜梁区人民政府办公室，2021-05-06）二(九) 紧抓日常监管';
export const DEFAULT_CHECKLIST: ChecklistItem[] = [
  {
    key: 'inputs_use',
    label: '农业投入品规范管理、使用',
    hint: '查看农药、兽药、肥料等投入品的购买、使用是否规范',
  },
  {
    key: 'inputs_storage',
    label: '农资库房分类存放、干净整洁且无违法违规投入品',
    hint: '分区存放、整洁，无禁用、停用、假劣投入品',
  },
  { key: 'site_environment', label: '基地环境管理规范优良', hint: '生产场所环境' },
  {
    key: 'rules_posted',
    label: '农业生产技术管理及质量管控制度完善并上墙',
    hint: '技术管理和质量控制制度上墙',
  },
  { key: 'records', label: '生产记录档案资料完善', hint: '生产记录完整，投入品使用、采收等有据可查' },
  {
    key: 'three_agents',
    label: '贮藏运输环节防腐剂、保鲜剂、添加剂（“三剂”）使用规范',
    hint: '贮存、运输环节保鲜剂、防腐剂、添加剂的使用',
  },
];

export type ChecklistRow = typeof inspectionChecklists.$inferSelect;

export const entityTypeName = (t: string) =>
  t === '*' ? '通用（所有主体类型）' : (ENTITY_TYPE_LABELS[t as EntityType] ?? t);

/** Every version of the district's checklists, newest first; the default is created on first use. */
export async function listChecklists(
  db: Db,
  districtCode: string,
  entityType?: string,
): Promise<ChecklistRow[]> {
  await ensureDefault(db, districtCode);
  return db
    .select()
    .from(inspectionChecklists)
    .where(
      and(
        eq(inspectionChecklists.districtCode, districtCode),
        entityType ? inArray(inspectionChecklists.entityType, [entityType, '*']) : undefined,
      ),
    )
    .orderBy(inspectionChecklists.entityType, desc(inspectionChecklists.version));
}

async function ensureDefault(db: Db, districtCode: string) {
  await db
    .insert(inspectionChecklists)
    .values({
      id: randomUUID(),
      districtCode,
      entityType: '*',
      version: 1,
      items: DEFAULT_CHECKLIST,
      source: DEFAULT_CHECKLIST_SOURCE,
      createdByName: '平台默认',
    })
    .onConflictDoNothing();
}

/** The checklist an entity of this type is inspected with now: its type's latest, else the general one. */
export async function currentChecklist(
  db: Db,
  districtCode: string,
  entityType: string,
): Promise<ChecklistRow> {
  const rows = await listChecklists(db, districtCode, entityType);
  return (rows.find((r) => r.entityType === entityType) ??
    rows.find((r) => r.entityType === '*')) as ChecklistRow;
}

export async function getChecklist(db: Db, districtCode: string, id: string): Promise<ChecklistRow | null> {
  const [r] = await db
    .select()
    .from(inspectionChecklists)
    .where(and(eq(inspectionChecklists.districtCode, districtCode), eq(inspectionChecklists.id, id)));
  return r ?? null;
}

/** Editing a checklist makes its next version; inspections keep the version they used. */
export async function saveChecklist(
  db: Db,
  actor: Actor,
  districtCode: string,
  body: { entityType: string; items: ChecklistItem[]; source?: string | null },
): Promise<string> {
  if (body.entityType !== '*' && !(body.entityType in ENTITY_TYPE_LABELS))
    throw fieldError('entityType', '主体类型不存在');
  await ensureDefault(db, districtCode);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const [last] = await tx
      .select({ version: inspectionChecklists.version })
      .from(inspectionChecklists)
      .where(
        and(
          eq(inspectionChecklists.districtCode, districtCode),
          eq(inspectionChecklists.entityType, body.entityType),
        ),
      )
      .orderBy(desc(inspectionChecklists.version))
      .limit(1);
    const version = (last?.version ?? 0) + 1;
    // Two editors at once: the unique (district, type, version) index makes the second a 409.
    await tx.insert(inspectionChecklists).values({
      id,
      districtCode,
      entityType: body.entityType,
      version,
      items: body.items.map((i) => ({ key: i.key, label: i.label, hint: i.hint ?? null })),
      source: body.source ?? null,
      createdBy: actor.user?.id ?? null,
      createdByName: actor.user?.displayName ?? null,
    });
    await writeAudit(tx, actor, {
      action: 'create',
      subjectType: 'inspection_checklist',
      subjectId: id,
      regionCode: districtCode,
      after: { entityType: body.entityType, version, items: body.items.length },
    });
  });
  return id;
}
