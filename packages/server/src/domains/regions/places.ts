import type { FieldIssue } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { codeInScope } from '../accounts/scope.ts';

export interface PlaceDivision {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  formerName: string | null;
  active: boolean;
}

/** The divisions of one district, indexed by code and by (former) town name. Pure lookups, no I/O. */
export class DivisionIndex {
  readonly byCode = new Map<string, PlaceDivision>();
  readonly townByName = new Map<string, PlaceDivision>();
  constructor(rows: PlaceDivision[]) {
    for (const r of rows) {
      this.byCode.set(r.code, r);
      if (r.level === 'town') {
        this.townByName.set(r.name, r);
        if (r.formerName) this.townByName.set(r.formerName, r);
      }
    }
  }

  /** A town by code, current name or former name (蒲吕镇 → 蒲吕街道). */
  town(key: string): PlaceDivision | undefined {
    const t = this.byCode.get(key) ?? this.townByName.get(key);
    return t?.level === 'town' ? t : undefined;
  }

  /** A village of the town by code or name. */
  village(townCode: string, key: string): PlaceDivision | undefined {
    const byCode = this.byCode.get(key);
    if (byCode) return byCode.level === 'village' && byCode.parentCode === townCode ? byCode : undefined;
    for (const d of this.byCode.values())
      if (d.level === 'village' && d.parentCode === townCode && d.name === key) return d;
    return undefined;
  }
}

/** Checks that town, village and grid exist, nest, are active and lie in the user's scope. */
export function checkPlace(
  index: DivisionIndex,
  scope: Scope,
  p: { townCode: string; villageCode?: string | null; gridCode?: string | null },
): FieldIssue[] {
  const town = index.byCode.get(p.townCode);
  if (town?.level !== 'town') return [{ field: 'townCode', reason: '镇街不存在' }];
  if (!codeInScope(scope, town.code) && scope.kind !== 'village') {
    return [{ field: 'townCode', reason: '不在本人辖区' }];
  }
  const issues: FieldIssue[] = [];
  if (p.villageCode) {
    const v = index.byCode.get(p.villageCode);
    if (v?.level !== 'village' || v.parentCode !== town.code)
      issues.push({ field: 'villageCode', reason: '村不存在或不属于该镇街' });
    else if (!v.active) issues.push({ field: 'villageCode', reason: '村已停用' });
  }
  if (p.gridCode) {
    const g = index.byCode.get(p.gridCode);
    if (!p.villageCode) issues.push({ field: 'gridCode', reason: '填写网格须先填写村' });
    else if (g?.level !== 'grid' || g.parentCode !== p.villageCode)
      issues.push({ field: 'gridCode', reason: '网格不存在或不属于该村' });
  }
  if (scope.kind === 'village' && p.villageCode !== scope.villageCode)
    issues.push({ field: 'villageCode', reason: '不在本人辖区' });
  return issues;
}
