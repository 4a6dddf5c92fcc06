// The sampling domain's view of the reference catalogue (products and analytes).
import { MISSING_NAME } from '@nongan/shared/common/missing';
import { HttpError } from '../../platform/http-error.ts';
import { findProduct as find, productProblem, reference, resolveProduct } from './reference.ts';

/** One product for a typed name; undefined for an unknown or ambiguous name (see productProblem). */
export function findProduct(key: string): { code: string; name: string } | undefined {
  const p = find(key);
  return p ? { code: p.code, name: p.name } : undefined;
}

/** The reason to refuse a name findProduct did not resolve: 「青菜」可能指：… or 未知产品. */
export { productProblem };

/** A value not in the catalogue: a code (plain ASCII) reads as `missing`; text in words as written. */
const typedOr = (code: string, missing: string): string => (/^[\x21-\x7e]+$/.test(code) ? missing : code);

/**
 * An analyte's Chinese name, for every page and message: a code is never shown to people (an
 * unknown code reads 未收录的检测项目), while a name already written in words is kept as written.
 */
export function analyteName(code: string): string {
  return reference.analytes.get(code)?.name ?? typedOr(code, MISSING_NAME.analyte);
}

/**
 * A certificate test's items as a reader sees them: a platform record's analyte codes by name; a
 * report's items as the issuer typed them (铅, or Pb), by name only when one is a catalogue code.
 */
export function testItemNames(kind: string, items: string[]): string[] {
  return kind === 'report' ? items.map((i) => reference.analytes.get(i)?.name ?? i) : items.map(analyteName);
}

export function productName(code: string): string | null {
  return reference.products.get(code)?.name ?? null;
}

/**
 * A product's name for a page or export, as analyteName: a code the catalogue lacks reads 未收录产品,
 * never the code; a product kept as typed (野生折耳根, where a market check allows it) stays as typed.
 */
export function productLabel(code: string): string {
  return reference.products.get(code)?.name ?? typedOr(code, MISSING_NAME.product);
}

/**
 * The 400 for a typed product name that may mean several products (a regional name such as
 * 青菜): names the field, asks, and lists the candidates so the form can offer them. Null when
 * the name is not ambiguous (found, or unknown and kept as typed by the caller).
 */
export function ambiguousProduct(field: string, typed: string): HttpError | null {
  const r = resolveProduct(typed);
  if (r.kind !== 'ambiguous') return null;
  const reason = productProblem(typed);
  const choices = r.candidates.map((p) => ({ code: p.code, name: p.name }));
  return new HttpError(400, `${field}: ${reason}`, [{ field, reason, choices }]);
}
