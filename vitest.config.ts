import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './vitest.sequencer.ts';

// unit: pure rules, no database. integration: the API on a database (PGlite by default,
// the PostgreSQL server when TEST_DATABASE_URL is set). e2e: the built web app in Chromium.
export default defineConfig({
  test: {
    env: { NONGAN_SCRYPT_COST: '16384' },
    // Vitest's default is one worker fewer than the cores: on a 2-core machine, one. A test file
    // waits on its database half the time, so two workers there finish the suites much sooner.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Without a results cache (a fresh clone, CI), the longest files start first all the same.
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'bench/**/*.int.test.ts'],
          // One migrated template database per run; each test database is a copy of it.
          globalSetup: ['packages/server/src/test/global-setup.ts'],
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          env: { NONGAN_SCRYPT_COST: '16384' },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['packages/server/src/test/global-setup.ts', 'e2e/global-setup.ts'],
          // After the other projects when all run in one call: their worker counts differ.
          sequence: { groupOrder: 1 },
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 240_000,
          // A loaded 2-core machine can take seconds to refetch a list; poll patiently.
          expect: { poll: { timeout: 15_000 } },
          // Two files side by side: the machine's second core would otherwise idle while one
          // page renders (each file has its own server, database and Chromium).
          maxWorkers: 2,
          // On CI only, a failed browser test runs once more: two CI runs in a row lost a click to a
          // modal still opening or a navigation on the loaded machine, each passing locally in every
          // rerun. A test that fails twice still fails the run; local runs never retry.
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
