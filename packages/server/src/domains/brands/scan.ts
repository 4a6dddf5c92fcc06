import { BRAND_KIND_LABELS, type BrandKind } from '@nongan/shared/brands/schemas';
import { sql } from 'drizzle-orm';
import { productName } from '../standards/catalog.ts';
import { brandCertifications as bc, brandLicences as bl, regionalBrands as rb } from './table.ts';

export type BrandRow = {
  kind: string;
  name: string | null;
  cert_no: string | null;
  valid_until: string | null;
  codes: string[];
};

/** One entity's brands in force on a day, for every product: the scan page picks a product's (`brandsFor`). */
export type EntityBrands = BrandRow[];

/**
 * The entity's certifications and regional-brand licences in force on `today`, all products at
 * once (on the entity indexes), so the scan's per-entity cache serves every product of the entity
 * from one read. A select the scan runs inside its entity statement (scan-service.ts).
 */
export function entityBrandsSql(districtCode: string, entityId: string, today: string) {
  return sql`
      select ${bc.kind} as kind, null as name, ${bc.certNo} as cert_no, ${bc.validUntil}::text as valid_until, ${bc.productCodes} as codes
        from ${bc}
        where ${bc.districtCode} = ${districtCode} and ${bc.entityId} = ${entityId} and ${bc.validUntil} >= ${today}
          and ${bc.issuedOn} <= ${today} and ${bc.revokedAt} is null
      union all
      select 'regional', ${rb.name}, null, ${bl.validUntil}::text, ${bl.productCodes}
        from ${bl} join ${rb} on ${rb.districtCode} = ${bl.districtCode} and ${rb.id} = ${bl.brandId}
        where ${bl.districtCode} = ${districtCode} and ${bl.entityId} = ${entityId} and ${bl.licensedOn} <= ${today}
          and (${bl.validUntil} is null or ${bl.validUntil} >= ${today})`;
}

/**
 * What the public scan page shows under 品牌认证 for one product: the entity's certifications in
 * force that cover it, and its regional-brand licences in force for it (a licence without
 * products covers all the entity's). Pure: `rows` from `entityBrands`.
 */
export function brandsFor(rows: EntityBrands, productCode: string) {
  const product = productName(productCode) ?? '';
  return rows
    .filter((r) => (r.kind === 'regional' && r.codes.length === 0) || r.codes.includes(productCode))
    .map((r) =>
      r.kind === 'regional'
        ? { kind: '区域公用品牌', name: r.name ?? '', certNo: null, validUntil: r.valid_until }
        : {
            kind: BRAND_KIND_LABELS[r.kind as BrandKind] ?? '品牌认证',
            name: product,
            certNo: r.cert_no,
            validUntil: r.valid_until,
          },
    );
}
