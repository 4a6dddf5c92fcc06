import { expect, it } from 'vitest';
import { holdUploadPool, uploadWorkers } from './upload.ts';

// A file of its own: the pool is one per process, made by the first app that holds it.
it('keeps one upload worker started for a warm app, none otherwise, and stops it on release', async () => {
  const cold = holdUploadPool();
  expect(uploadWorkers()).toBe(0);
  await cold();
  const warm = holdUploadPool(true);
  await expect.poll(uploadWorkers, { timeout: 10_000 }).toBe(1);
  await warm();
  expect(uploadWorkers()).toBe(0);
});
