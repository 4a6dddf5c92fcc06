import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { buildTestApp, type TestApp } from '../test/helper.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('OpenAPI', () => {
  it('is generated from the Zod schemas, with request and response shapes', async () => {
    const res = await t.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const create = doc.paths['/api/entities'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['name', 'type', 'townCode', 'industries']));
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(create.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409']),
    );
    expect(doc.paths['/api/entities/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
  });

  it('hides 5xx details behind one message', async () => {
    const app = await buildApp({ database: t.database });
    app.get('/api/boom-test', async () => {
      throw new Error('secret internal detail');
    });
    const res = await app.inject({ url: '/api/boom-test' });
    await app.close();
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
    expect(res.json().message).toBe('服务器内部错误');
  });
});
