// The sampling domain's view of the reference catalogue (products and analytes).
import { findProduct as find, productProblem, reference } from './reference.ts';

/** One product for a typed name; undefined for an unknown or ambiguous name (see productProblem). */
export function findProduct(key: string): { code: string; name: string } | undefined {
  const p = find(key);
  return p ? { code: p.code, name: p.name } : undefined;
}

/** The reason to refuse a name findProduct did not resolve: 「青菜」可能指：… or 未知产品. */
export { productProblem };

export function productName(code: string): string | null {
  return reference.products.get(code)?.name ?? null;
}
