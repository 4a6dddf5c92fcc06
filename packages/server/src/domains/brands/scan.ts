import { BRAND_KIND_LABELS, type BrandKind } from '@nongan/shared/brands/schemas';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { preparedRows } from '../../db/prepared.ts';
import { productName } from '../standards/catalog.ts';
import { brandCertifications as bc, brandLicences as bl, regionalBrands as rb } from './table.ts';

const rowsOf = <T>(r: unknown): T[] =>
  (r && typeof r === 'object' && 'rows' in r ? (r as { rows: T[] }).rows : r) as T[];

/**
 * What the public scan page shows under 品牌认证: the entity's certifications in force on `today`
 * that cover the scanned product, and its regional-brand licences in force for that product (a
 * licence without products covers all the entity's). One read on the entity indexes.
 */
export async function brandsOnScan(
  db: Db,
  districtCode: string,
  entityId: string,
  productCode: string,
  today: string,
) {
  // Fixed text, so planned once: a public scan whose page is not cached runs it.
  const rows = rowsOf<{
    kind: string;
    name: string | null;
    cert_no: string | null;
    valid_until: string | null;
    codes: string[];
  }>(
    await preparedRows(
      db,
      'brands_on_scan',
      sql`
      select ${bc.kind} as kind, null as name, ${bc.certNo} as cert_no, ${bc.validUntil}::text as valid_until, ${bc.productCodes} as codes
        from ${bc}
        where ${bc.districtCode} = ${districtCode} and ${bc.entityId} = ${entityId} and ${bc.validUntil} >= ${today}
          and ${bc.issuedOn} <= ${today} and ${bc.revokedAt} is null and ${productCode} = any(${bc.productCodes})
      union all
      select 'regional', ${rb.name}, null, ${bl.validUntil}::text, ${bl.productCodes}
        from ${bl} join ${rb} on ${rb.districtCode} = ${bl.districtCode} and ${rb.id} = ${bl.brandId}
        where ${bl.districtCode} = ${districtCode} and ${bl.entityId} = ${entityId} and ${bl.licensedOn} <= ${today}
          and (${bl.validUntil} is null or ${bl.validUntil} >= ${today})
          and (cardinality(${bl.productCodes}) = 0 or ${productCode} = any(${bl.productCodes}))
      order by 1, 3`,
    ),
  );
  const product = productName(productCode) ?? '';
  return rows.map((r) =>
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
