import { randomInt, randomUUID } from 'node:crypto';
import type { drawBody } from '@nongan/shared/sampling/tests';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { scopeWhere } from '../entities/repository.ts';
import { entities } from '../entities/table.ts';
import { type Candidate, DEFAULT_WEIGHTS, drawSample } from './draw.ts';
import { entityFlags, samplingTasks } from './sample-table.ts';

const PRODUCERS = ['enterprise', 'cooperative', 'family_farm', 'large_grower', 'smallholder'];

/** Draws a sampling list from the directory and records the draw (seed, weights, list) as a task. */
export async function drawSamplingList(db: Db, actor: Actor, scope: Scope, input: z.infer<typeof drawBody>) {
  const seed = input.seed ?? randomInt(1, 2 ** 31 - 1);
  // A town user's draw belongs to its town (so the town, and only it, sees the task).
  const town = input.townCode ?? (scope.kind === 'town' ? scope.townCode : null);
  const weights = input.weights ?? DEFAULT_WEIGHTS;
  const types = input.taskKind === 'input_inspection' ? ['input_store'] : PRODUCERS;
  const rows = await db
    .select({
      id: entities.id,
      name: entities.name,
      type: entities.type,
      townCode: entities.townCode,
      mainProducts: entities.mainProducts,
    })
    .from(entities)
    .where(
      and(
        scopeWhere(scope),
        eq(entities.active, true),
        inArray(entities.type, types),
        input.townCode ? eq(entities.townCode, input.townCode) : undefined,
        input.industry ? sql`${entities.industries} @> array[${input.industry}]::text[]` : undefined,
      ) as SQL,
    );
  const flagged = new Set(
    (
      await db
        .select({ id: entityFlags.entityId })
        .from(entityFlags)
        .where(
          and(
            eq(entityFlags.districtCode, scope.districtCode),
            eq(entityFlags.flag, 'problem'),
            eq(entityFlags.active, true),
          ),
        )
    ).map((f) => f.id),
  );
  const campaign = new Set(input.campaignProducts);
  const candidates: Candidate[] = rows.map((r) => ({
    id: r.id,
    preHarvest: PRODUCERS.includes(r.type),
    smallholder: r.type === 'smallholder',
    pastFailure: flagged.has(r.id),
    campaignVariety: r.mainProducts.some((p) => campaign.has(p)),
  }));
  const picked = drawSample(candidates, input.count, seed, weights);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const draw = {
    seed,
    weights,
    count: input.count,
    filters: {
      townCode: input.townCode ?? null,
      industry: input.industry ?? null,
      types,
      campaignProducts: input.campaignProducts,
    },
    candidates: candidates.length,
    selected: picked,
  };
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(samplingTasks).values({
      id,
      districtCode: scope.districtCode,
      kind: input.taskKind,
      title: `随机抽样名单（${picked.length}家，种子 ${seed}）`,
      townCode: town,
      origin: 'random_draw',
      status: 'accepted',
      draw,
    });
    await writeAudit(tx, actor, {
      action: 'draw',
      subjectType: 'sampling_task',
      subjectId: id,
      regionCode: town ?? scope.districtCode,
      after: draw,
    });
  });
  return {
    taskId: id,
    seed,
    candidates: candidates.length,
    entities: picked.map((pid) => {
      const r = byId.get(pid)!;
      return { id: r.id, name: r.name, type: r.type, townCode: r.townCode };
    }),
  };
}
