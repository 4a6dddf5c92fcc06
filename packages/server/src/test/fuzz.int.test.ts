import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { tableCounts } from './counts.ts';
import { buildTestApp, entityBody, TOWN_A, TOWN_B } from './helper.ts';

/**
 * Property-based fuzzing of every route in the OpenAPI document, anonymous and as a town
 * supervisor of TOWN_A: hostile strings and shapes in path, query and body must never give a
 * 5xx, a 4xx must write nothing, and nothing seeded in TOWN_B may reach the supervisor.
 * Multipart routes are left to platform/upload.int.test.ts (corrupt and hostile files).
 */

const t = await buildTestApp();
afterAll(() => t.close());
const office = await t.as('district_staff');
const supervisor = await t.as('town_supervisor', TOWN_A);
const anonymous = (opts: InjectOptions) => t.app.inject(opts);

const SECRET_NAME = '外镇保密蔬菜合作社甲乙丙';
const other = await office({
  method: 'POST',
  url: '/api/entities',
  payload: entityBody({ name: SECRET_NAME, townCode: TOWN_B, address: '重庆市铜梁区安居镇保密村' }),
});
if (other.statusCode !== 201) throw new Error(`seed failed: ${other.body}`);
const SECRET_ID: string = other.json().id;
const own = await office({ method: 'POST', url: '/api/entities', payload: entityBody({ townCode: TOWN_A }) });
const OWN_ID: string = own.json().id;

interface Operation {
  method: string;
  path: string;
  query: string[];
  bodyKeys: string[] | null;
}

const doc = t.app.swagger() as {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: { content: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
      }
    >
  >;
};
const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops)
    .filter(([, op]) => !op.requestBody?.content['multipart/form-data'])
    .map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      bodyKeys: op.requestBody
        ? Object.keys(op.requestBody.content['application/json']?.schema?.properties ?? {})
        : null,
    })),
);

// Hostile text: NUL, controls, lone surrogates, bidi and zero-width, SQL and HTML, huge.
const hostileString = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\uD800',
      'x\uDC00y',
      '\u0007\u001b[31m',
      '\u202Egnp.exe',
      '\u200B\u200C\u200D',
      '\uFEFF',
      "' OR '1'='1' --",
      "'; drop table entities; --",
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '=cmd|/c calc!A1',
      '../../etc/passwd',
      '%00',
      '500151101',
      '',
      ' ',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
);
const hostileNumber = fc.oneof(
  fc.constantFrom(-1, 0, -0, 1e308, -1e308, 2 ** 53 + 1, 0.1, 99999999999),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const uuid = fc.oneof(fc.constantFrom(SECRET_ID, OWN_ID), fc.uuid());
const leaf = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), uuid);
const deep = fc.integer({ min: 20, max: 2000 }).map((n) => {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: hostileString },
  { weight: 4, arbitrary: leaf },
  fc.array(leaf, { maxLength: 5 }),
  fc.dictionary(hostileString, leaf, { maxKeys: 4 }),
  deep,
);

/** A URL component, with lone surrogates sent as the WTF-8 bytes a hostile client would send. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s
      .replace(/[\uD800-\uDFFF]/g, '\u0000')
      .split('\u0000')
      .map(encodeURIComponent)
      .join('%ED%A0%80');
  }
}
const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

const request = (op: Operation) =>
  fc.record({
    params: fc.array(fc.oneof(uuid, uuid, hostileString, hostileNumber.map(String)), {
      minLength: 4,
      maxLength: 4,
    }),
    query: fc.dictionary(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...(op.query.length ? op.query : ['q'])) },
        { weight: 1, arbitrary: hostileString },
      ),
      value,
      { minKeys: 1, maxKeys: 2 },
    ),
    body: op.bodyKeys
      ? fc.oneof(
          {
            weight: 4,
            arbitrary: fc.dictionary(
              fc.oneof(
                { weight: 6, arbitrary: fc.constantFrom(...(op.bodyKeys.length ? op.bodyKeys : ['x'])) },
                { weight: 1, arbitrary: hostileString },
              ),
              value,
              { minKeys: 1, maxKeys: Math.max(2, op.bodyKeys.length) },
            ),
          },
          value,
        )
      : fc.constant(undefined),
  });

function build(
  op: Operation,
  r: { params: unknown[]; query: Record<string, unknown>; body: unknown },
): InjectOptions {
  let i = 0;
  const url = op.path.replace(/\{[^}]+\}/g, () => enc(asText(r.params[i++])));
  const qs = Object.entries(r.query)
    .map(([k, v]) => `${enc(k)}=${enc(asText(v))}`)
    .join('&');
  return {
    method: op.method as InjectOptions['method'],
    url: qs ? `${url}?${qs}` : url,
    ...(r.body !== undefined
      ? { payload: JSON.stringify(r.body), headers: { 'content-type': 'application/json' } }
      : {}),
  };
}

const actors = [
  { name: 'anonymous', send: anonymous, scoped: false },
  { name: 'town supervisor', send: supervisor, scoped: true },
] as const;

describe.each(actors)('fuzzing every route as $name', (actor) => {
  // Logging out would end the supervisor's session for the rest of the run.
  const ops = operations.filter((o) => !(actor.scoped && o.path === '/api/auth/logout'));
  it.each(ops.map((o) => [`${o.method} ${o.path}`, o] as const))('%s', async (_name, op) => {
    await fc.assert(
      fc.asyncProperty(request(op), async (r) => {
        const opts = build(op, r);
        const before = await tableCounts(t.database.db);
        const res: LightMyRequestResponse = await actor.send(opts);
        const shown = `${opts.method} ${String(opts.url).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect(res.statusCode, shown).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await tableCounts(t.database.db), shown).toEqual(before);
        if (actor.scoped) {
          const asked = `${String(opts.url)} ${String(opts.payload ?? '')}`;
          if (!asked.includes(SECRET_ID)) expect(res.body, shown).not.toContain(SECRET_ID);
          expect(res.body, shown).not.toContain(SECRET_NAME);
        }
      }),
      { numRuns: 15, endOnFailure: true },
    );
  });
});

it('covers the routes of the document', () => {
  expect(operations.length).toBeGreaterThan(50);
  expect(operations.some((o) => o.path === '/api/auth/login')).toBe(true);
});
