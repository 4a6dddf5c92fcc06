import { PassThrough } from 'node:stream';
import type { Db } from '../../db/client.ts';
import { demoEntities, demoVillages, rng } from '../../demo/generate.ts';
import { DEMO_SOURCE } from '../../demo/seed.ts';
import { streamingWorkbook } from '../../platform/xlsx-write.ts';
import { listDivisions } from '../regions/repository.ts';
import { divisions } from '../regions/table.ts';
import { DATA_SHEET } from './export.ts';
import { boolText, ENTITY_COLUMNS, industriesText, LIST_JOINER, riskText, typeText } from './xlsx-columns.ts';

/**
 * A synthetic directory as an import file (for the benchmark and load tests): the demo generator's
 * entities in the template's columns, with the demo villages and grids added to the database so
 * the rows can name them. Marked synthetic nowhere in the file, like a real upload.
 */
export async function syntheticEntityXlsx(
  db: Db,
  districtCode: string,
  rows: number,
  seed = 2022,
): Promise<{ buffer: Buffer; towns: { code: string; name: string }[] }> {
  const towns = await listDivisions(db, { districtCode, level: 'town' });
  const villages = demoVillages(towns, rng(seed));
  for (let i = 0; i < villages.length; i += 500) {
    await db
      .insert(divisions)
      .values(villages.slice(i, i + 500).map((v) => ({ ...v, districtCode, source: DEMO_SOURCE })))
      .onConflictDoNothing();
  }
  const names = new Map<string, string>([...towns, ...villages].map((d) => [d.code, d.name]));
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = streamingWorkbook({ stream: out, useSharedStrings: false });
  const ws = wb.addWorksheet(DATA_SHEET);
  ws.columns = ENTITY_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  for (const e of demoEntities(towns, villages, rows, seed + 1)) {
    const v: Record<(typeof ENTITY_COLUMNS)[number]['field'], string | number | null> = {
      name: e.name,
      type: typeText(e.type),
      creditCode: e.creditCode ?? null,
      idCard: e.idCard ?? null,
      legalRep: e.legalRep,
      phone: e.phone,
      address: e.address,
      townCode: names.get(e.townCode) ?? e.townCode,
      villageCode: e.villageCode ? (names.get(e.villageCode) ?? e.villageCode) : null,
      gridCode: e.gridCode ? (names.get(e.gridCode) ?? e.gridCode) : null,
      industries: industriesText(e.industries),
      mainProducts: (e.mainProducts ?? []).join(LIST_JOINER),
      scale: e.scale ?? null,
      certificateTrial: boolText(e.certificateTrial ?? false),
      traceManaged: boolText(e.traceManaged ?? false),
      riskGrade: riskText('low'),
      lat: e.lat ?? null,
      lng: e.lng ?? null,
      remarks: e.remarks ?? null,
    };
    ws.addRow(ENTITY_COLUMNS.map((c) => v[c.field])).commit();
  }
  ws.commit();
  await wb.commit();
  return { buffer: Buffer.concat(chunks), towns: towns.map((t) => ({ code: t.code, name: t.name })) };
}
