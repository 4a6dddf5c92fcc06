import { buildTemplate } from './template.ts';

// vitest global setup: the migrated template database that every test database copies.
export default async function setup() {
  return buildTemplate();
}
