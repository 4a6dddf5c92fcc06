// Synthetic data shared by the benches (generated, never real data).
import { readFileSync } from 'node:fs';
import { demoEntities, demoVillages } from '@nongan/server/demo/generate';
import { rng } from '@nongan/server/demo/random';
import { reference } from '@nongan/server/domains/standards/reference';

const leaves = (() => {
  const parents = new Set([...reference.products.values()].map((p) => p.parent));
  return [...reference.products.values()].filter((p) => !parents.has(p.code));
})();

/** The instrument export of bench/sampling.ts, N rows. */
export function instrumentRows(n: number): unknown[][] {
  const rows: unknown[][] = [
    ['检测编号', '样品名称', '被检单位', '抑制率(%)', '检测时间', '检测人', '仪器编号'],
  ];
  for (let i = 0; i < n; i++) {
    const rate = (i * 37) % 100 < 3 ? 55 + (i % 40) : (i * 13) % 45;
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    rows.push([
      `IMP-${i + 1}`,
      leaves[i % leaves.length]?.name,
      `摊位${(i % 300) + 1}`,
      rate,
      `2021-${month}-${day} 09:${String(i % 60).padStart(2, '0')}`,
      '基准检测员',
      'RT-01',
    ]);
  }
  return rows;
}

/** The searched text of `count` synthetic directory rows (the demo generator's; not real). */
export function directoryText(count: number): { name: string; legal_rep: string; address: string }[] {
  const towns = readFileSync(
    new URL('../packages/server/src/domains/regions/data/tongliang-towns.csv', import.meta.url),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [code = '', name = '', kind = ''] = line.split(',');
      return { code, name, kind, keyTown: false };
    });
  return demoEntities(towns, demoVillages(towns, rng(2022)), count, 2023).map((e) => ({
    name: e.name,
    legal_rep: e.legalRep,
    address: e.address,
  }));
}
