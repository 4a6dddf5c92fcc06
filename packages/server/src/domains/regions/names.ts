// Names of division codes for views and exports, from a divisionNames map: a code the map lacks
// reads as a word (MISSING_NAME), never as the code.
import { DISTRICT_CENTRE, MISSING_NAME } from '@nongan/shared/common/missing';

type Names = ReadonlyMap<string, string>;

export const townName = (names: Names, code: string): string => names.get(code) ?? MISSING_NAME.town;

export const gridName = (names: Names, code: string): string => names.get(code) ?? MISSING_NAME.grid;

/** A quota's or task's holder: the district code is the district's testing centre, else a town. */
export const holderName = (names: Names, holderCode: string, districtCode: string): string =>
  holderCode === districtCode ? DISTRICT_CENTRE : (names.get(holderCode) ?? MISSING_NAME.unit);
