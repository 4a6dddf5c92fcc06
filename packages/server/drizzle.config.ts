import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/domains/*/*table.ts', './src/platform/*table.ts'],
  out: './drizzle',
});
