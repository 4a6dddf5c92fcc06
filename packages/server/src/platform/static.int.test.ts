import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../test/helper.ts';

// The built web app: hashed assets precompressed and cached for a year, the page itself revalidated.

let dir: string;
let database: Database;
let app: FastifyInstance;
const script = `console.log(${JSON.stringify('农安'.repeat(500))});`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nongan-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  const js = join(dir, 'assets', 'index-AbC123.js');
  writeFileSync(js, script);
  writeFileSync(`${js}.br`, brotliCompressSync(script));
  writeFileSync(`${js}.gz`, gzipSync(script));
  database = await openTestDatabase();
  app = await buildApp({ database, webDist: dir });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('static web app', () => {
  it('sends the brotli file to a browser that takes it, with immutable caching', async () => {
    const res = await app.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toContain('accept-encoding');
    expect(res.rawPayload.length).toBeLessThan(script.length / 4);
  });

  it('falls back to gzip, then to the plain file', async () => {
    const gz = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('revalidates the page itself, also when it answers an app route', async () => {
    const index = await app.inject({ url: '/index.html' });
    expect(index.headers['cache-control']).toBe('no-cache');
    const route = await app.inject({ url: '/monitoring/lab' });
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('id="root"');
    expect(route.headers['cache-control']).toBe('no-cache');
  });
});
