import { creditCodeCheckChar, idCardCheckChar } from '@nongan/shared/entities/check-digits';
import type { EntityCreate, EntityType, Industry } from '@nongan/shared/entities/schemas';
import { BRAND_WORDS, GIVEN, INDUSTRY_WORDS, PRODUCTS, SURNAMES, VILLAGE_WORDS } from './names.ts';
import { type Rng, rng } from './random.ts';

export interface DemoTown {
  code: string;
  name: string;
  kind: string | null;
  keyTown: boolean;
}
export interface DemoDivision {
  code: string;
  name: string;
  level: 'village' | 'grid';
  parentCode: string;
}

/**
 * Share of each type in a district directory: plausible guesses for a Chongqing district
 * (many large growers and smallholders, few slaughterhouses and markets). Synthetic.
 */
const TYPE_WEIGHTS: Record<EntityType, number> = {
  enterprise: 6,
  cooperative: 16,
  family_farm: 20,
  large_grower: 24,
  smallholder: 22,
  input_store: 9,
  slaughterhouse: 1,
  market: 2,
};
const FARM_INDUSTRIES: Record<Exclude<Industry, 'inputs'>, number> = {
  vegetables: 30,
  fruit: 18,
  grain_oil: 14,
  livestock: 12,
  poultry: 8,
  aquatic: 8,
  tea: 3,
  fungi: 3,
  herbs: 2,
  other: 2,
};

/** Key fruit-and-vegetable towns carry more producers, streets (urban) fewer. */
export function townWeight(t: DemoTown): number {
  return t.keyTown ? 1.6 : t.kind === 'street' ? 0.6 : 1;
}

export function demoVillages(towns: DemoTown[], r: Rng): DemoDivision[] {
  const out: DemoDivision[] = [];
  for (const t of towns) {
    const used = new Set<string>();
    const n = t.kind === 'street' ? r.int(3, 5) : r.int(6, 10);
    for (let i = 1; i <= n; i++) {
      let word = r.pick(VILLAGE_WORDS);
      while (used.has(word)) word = r.pick(VILLAGE_WORDS);
      used.add(word);
      // NBS village codes: 0xx for urban communities, 2xx for villages.
      const code = `${t.code}${t.kind === 'street' ? '0' : '2'}${String(i).padStart(2, '0')}`;
      out.push({
        code,
        name: `${word}${t.kind === 'street' ? '社区' : '村'}`,
        level: 'village',
        parentCode: t.code,
      });
      const grids = r.int(1, 3);
      for (let g = 1; g <= grids; g++) {
        out.push({
          code: `${code}${String(g).padStart(2, '0')}`,
          name: `${word}第${g}网格`,
          level: 'grid',
          parentCode: code,
        });
      }
    }
  }
  return out;
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function creditCode(r: Rng, type: EntityType): string {
  // 91 enterprise, 93 farmers' cooperative, 92 individual business; 500151 is the district.
  const head =
    type === 'cooperative' ? '93' : ['enterprise', 'slaughterhouse', 'market'].includes(type) ? '91' : '92';
  let org = '';
  for (let i = 0; i < 9; i++) org += CODE_ALPHABET[r.int(0, CODE_ALPHABET.length - 1)];
  const first17 = `${head}500151${org}`;
  return first17 + creditCodeCheckChar(first17);
}

function idCard(r: Rng): string {
  // 500224 is Tongliang's county code before 2014, printed on older ID cards.
  const birth = `${r.int(1950, 1995)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
  const first17 = `500224${birth}${String(r.int(0, 999)).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

const personName = (r: Rng) => r.pick(SURNAMES) + r.pick(GIVEN);
const mobile = (r: Rng) =>
  `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}`;

function entityName(r: Rng, type: EntityType, town: DemoTown, industry: Industry, person: string): string {
  const brand = r.pick(BRAND_WORDS);
  const place = town.name.replace(/(镇|街道)$/, '');
  const word = INDUSTRY_WORDS[industry] ?? '农业';
  switch (type) {
    case 'enterprise':
      return `重庆${brand}${word}发展有限公司`;
    case 'cooperative':
      return `铜梁区${place}${brand}${word}专业合作社`;
    case 'family_farm':
      return `铜梁区${place}${person}家庭农场`;
    case 'large_grower':
      return `${person}（${word}种养大户）`;
    case 'smallholder':
      return person;
    case 'input_store':
      return `铜梁区${place}${brand}农资经营部`;
    case 'slaughterhouse':
      return `重庆${brand}肉类加工有限公司`;
    case 'market':
      return `铜梁区${place}农贸市场`;
  }
}

export interface DemoEntity extends EntityCreate {
  createdAt: Date;
}

/** A synthetic directory of about `count` entities over the towns, reproducible from the seed. */
export function demoEntities(
  towns: DemoTown[],
  villages: DemoDivision[],
  count: number,
  seed: number,
): DemoEntity[] {
  const r = rng(seed);
  const townWeights = Object.fromEntries(towns.map((t) => [t.code, townWeight(t)]));
  const townsByCode = new Map(towns.map((t) => [t.code, t]));
  const villagesOf = new Map<string, DemoDivision[]>();
  const gridsOf = new Map<string, DemoDivision[]>();
  for (const v of villages) {
    const map = v.level === 'village' ? villagesOf : gridsOf;
    map.set(v.parentCode, [...(map.get(v.parentCode) ?? []), v]);
  }
  const names = new Set<string>();
  const out: DemoEntity[] = [];
  const marketsPerTown = new Map<string, number>();
  while (out.length < count) {
    const town = townsByCode.get(r.weighted(townWeights)) as DemoTown;
    let type = r.weighted(TYPE_WEIGHTS);
    if (type === 'market' && (marketsPerTown.get(town.code) ?? 0) >= 1) type = 'large_grower';
    if (type === 'market') marketsPerTown.set(town.code, 1);
    const industry: Industry = type === 'input_store' ? 'inputs' : r.weighted(FARM_INDUSTRIES);
    const person = personName(r);
    const name = entityName(r, type, town, industry, person);
    if (names.has(`${town.code}|${name}`)) continue;
    names.add(`${town.code}|${name}`);
    const village = r.pick(villagesOf.get(town.code) ?? []);
    const grid = village && r.chance(0.8) ? r.pick(gridsOf.get(village.code) ?? []) : undefined;
    const industries: Industry[] =
      type === 'market'
        ? ['vegetables', 'fruit', 'livestock', 'aquatic']
        : type === 'slaughterhouse'
          ? ['livestock']
          : [industry];
    const products = [
      ...new Set(industries.flatMap((i) => [r.pick(PRODUCTS[i] ?? []), r.pick(PRODUCTS[i] ?? [])])),
    ];
    const mustCertify = type === 'enterprise' || type === 'cooperative';
    out.push({
      name,
      type,
      creditCode: type === 'smallholder' && r.chance(0.85) ? null : creditCode(r, type),
      idCard: type === 'smallholder' ? idCard(r) : null,
      legalRep:
        type === 'smallholder' || type === 'large_grower' || type === 'family_farm' ? person : personName(r),
      phone: mobile(r),
      address: `重庆市铜梁区${town.name}${village?.name ?? ''}${r.int(1, 12)}组${r.int(1, 99)}号`,
      townCode: town.code,
      villageCode: village?.code ?? null,
      gridCode: grid?.code ?? null,
      industries,
      mainProducts: products,
      scale:
        type === 'input_store' || type === 'market'
          ? null
          : `${r.int(5, 800)}${['livestock', 'poultry'].includes(industry) ? '头（只）' : '亩'}`,
      certificateTrial: mustCertify || (type !== 'input_store' && type !== 'market' && r.chance(0.45)),
      traceManaged: mustCertify ? r.chance(0.9) : r.chance(0.25),
      lat: Number((29.8 + r.next() * 0.2).toFixed(6)),
      lng: Number((105.9 + r.next() * 0.25).toFixed(6)),
      remarks: null,
      createdAt: new Date(Date.UTC(2020 + r.int(0, 5), r.int(0, 11), r.int(1, 28))),
    });
  }
  return out;
}

export { rng };
