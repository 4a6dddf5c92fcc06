// The sampling domain's view of the reference catalogue (products and analytes).
import { findProduct as find, reference } from './reference.ts';

export function findProduct(key: string): { code: string; name: string } | undefined {
  const p = find(key);
  return p ? { code: p.code, name: p.name } : undefined;
}

export function productName(code: string): string | null {
  return reference.products.get(code)?.name ?? null;
}
