import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRapidClasses, classesCovering, coversGroup, rapidClassOf } from './rapid-classes.ts';
import { findAnalyte, ReferenceDataError } from './reference.ts';

const text = readFileSync(new URL('./reference/rapid_classes.csv', import.meta.url), 'utf8');
const code = (name: string) => findAnalyte(name)?.code ?? '';

describe('rapid-test classes cover analyte groups', () => {
  const item = '有机磷和氨基甲酸酯类';

  it('an enzyme-inhibition test covers 甲拌磷 (organophosphate) and 克百威 (carbamate), not 吡虫啉', () => {
    expect(findAnalyte('甲拌磷')?.group).toBe('organophosphate');
    expect(findAnalyte('克百威')?.group).toBe('carbamate');
    expect(coversGroup(item, code('甲拌磷'))).toBe(true);
    expect(coversGroup(item, code('克百威'))).toBe(true);
    expect(coversGroup(item, code('吡虫啉'))).toBe(false);
    expect(coversGroup(item, 'no_such_analyte')).toBe(false);
  });

  it('knows the class by its aliases; a single analyte is not a class', () => {
    expect(rapidClassOf('有机磷及氨基甲酸酯类')?.item).toBe(item);
    expect(rapidClassOf(' 有机磷和氨基甲酸酯类农药 ')?.method).toBe('enzyme_inhibition');
    expect(rapidClassOf('吡虫啉')).toBeUndefined();
    expect(coversGroup('吡虫啉', code('吡虫啉'))).toBe(false);
    expect(classesCovering(code('克百威'))).toEqual([item, '氨基甲酸酯类']);
  });

  it('refuses a group no analyte has, and a name given twice', () => {
    expect(() => buildRapidClasses(`${text}拟除虫菊酯类,pyrethroids,,enzyme_inhibition,src,\n`)).toThrow(
      ReferenceDataError,
    );
    expect(() => buildRapidClasses(`${text}有机磷类,organophosphate,,enzyme_inhibition,src,\n`)).toThrow(
      /already names a class/,
    );
  });
});
