import { readFileSync } from 'node:fs';
import { TASK_KINDS } from '@nongan/shared/sampling/plans';
import type { Db } from '../../db/client.ts';
import { writeAudit } from '../audit/audit.ts';
import { parseCsvObjects } from '../regions/csv.ts';
import { getDivision } from '../regions/repository.ts';
import { getPlanByYear, insertPlan } from './plan-repository.ts';
import { parsePlanRows } from './plans.ts';

const dataDir = new URL('./plan-data/', import.meta.url);

/** Loads the plans listed in plan-data/plans-index.csv for districts that exist and lack that year's plan. */
export async function preloadPlans(db: Db): Promise<number> {
  const index = parseCsvObjects(readFileSync(new URL('plans-index.csv', dataDir), 'utf8'));
  let loaded = 0;
  for (const p of index) {
    const districtCode = p.district_code ?? '';
    const year = Number(p.year);
    if (!(await getDivision(db, districtCode)) || (await getPlanByYear(db, districtCode, year))) continue;
    const quotas = parsePlanRows(
      parseCsvObjects(readFileSync(new URL(p.file ?? '', dataDir), 'utf8')),
      TASK_KINDS,
    );
    await db.transaction(async (tx) => {
      const id = await insertPlan(
        tx,
        {
          districtCode,
          year,
          name: p.name ?? '',
          targetPassRate: Number(p.target_pass_rate),
          status: 'active',
          source: p.source,
        },
        quotas,
      );
      await writeAudit(
        tx,
        { user: null, ip: null },
        {
          action: 'preload',
          subjectType: 'plan',
          subjectId: id,
          regionCode: districtCode,
          after: { year, source: p.source, quotas: quotas.length },
        },
      );
    });
    loaded++;
  }
  return loaded;
}
