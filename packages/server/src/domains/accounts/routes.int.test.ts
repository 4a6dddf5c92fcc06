import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { buildTestApp, PASSWORD, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { createUser } from './service.ts';

let t: TestApp;
let admin: Requester;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('district_admin');
});
afterAll(() => t.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

async function newUser(
  username: string,
  role: 'town_supervisor' | 'district_staff' = 'town_supervisor',
  scope = TOWN_A,
) {
  await createUser(
    t.database.db,
    { user: null, ip: null },
    { username, displayName: username, role, scopeCode: scope, password: PASSWORD },
  );
}

describe('login and sessions', () => {
  it('sets an HttpOnly, SameSite session cookie and ends it on logout', async () => {
    await newUser('alice');
    const res = await login('alice', PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({
      username: 'alice',
      role: 'town_supervisor',
      scopeCode: TOWN_A,
      scopeName: '土桥镇',
    });
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    const cookie = `nongan_sid=${res.cookies[0]?.value}`;
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const a = await login('nobody-here', 'whatever-password');
    const b = await login('alice', 'wrong-password-1');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().message).toBe(b.json().message);
  });

  it('locks an account after five failures, even for the right password', async () => {
    await newUser('bob');
    for (let i = 0; i < 5; i++) expect((await login('bob', `wrong-${i}-password`)).statusCode).toBe(401);
    const locked = await login('bob', PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().message).toContain('锁定');
  });

  it('rate-limits login attempts per address', async () => {
    const app = await buildApp({ database: t.database, loginRateLimit: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'x', password: 'y' },
      });
      codes.push(r.statusCode);
    }
    await app.close();
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });

  it('changes the password: old one stops working, audit row written', async () => {
    await newUser('carol');
    const res = await login('carol', PASSWORD);
    const cookie = `nongan_sid=${res.cookies[0]?.value}`;
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: 'not-it-at-all', newPassword: 'New-password-22' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues[0].field).toBe('currentPassword');
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: PASSWORD, newPassword: 'short' },
    });
    expect(short.json().issues[0]).toMatchObject({ field: 'newPassword' });
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: PASSWORD, newPassword: 'New-password-22' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await login('carol', PASSWORD)).statusCode).toBe(401);
    expect((await login('carol', 'New-password-22')).statusCode).toBe(200);
    const audit = (await admin({ url: '/api/audit?action=change_password' })).json();
    expect(audit.items.some((a: { subjectType: string }) => a.subjectType === 'user')).toBe(true);
  });
});

describe('user administration', () => {
  it('lets only the district admin manage users, with scope checked', async () => {
    const staff = await t.as('district_staff');
    expect((await staff({ url: '/api/users' })).statusCode).toBe(403);
    const created = await admin({
      method: 'POST',
      url: '/api/users',
      payload: {
        username: 'dave',
        displayName: '戴夫',
        role: 'town_supervisor',
        scopeCode: TOWN_B,
        password: 'Dave-password-1',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ scopeName: '安居镇', active: true });
    const badScope = await admin({
      method: 'POST',
      url: '/api/users',
      payload: {
        username: 'erin',
        displayName: 'E',
        role: 'town_supervisor',
        scopeCode: '500151',
        password: 'Erin-password-1',
      },
    });
    expect(badScope.statusCode).toBe(400);
    expect(badScope.json().issues[0].field).toBe('scopeCode');
    const dup = await admin({
      method: 'POST',
      url: '/api/users',
      payload: {
        username: 'dave',
        displayName: 'D',
        role: 'district_staff',
        scopeCode: '500151',
        password: 'Dave-password-1',
      },
    });
    expect(dup.statusCode).toBe(409);
    const off = await admin({
      method: 'PATCH',
      url: `/api/users/${created.json().id}`,
      payload: { active: false },
    });
    expect(off.json().active).toBe(false);
    expect((await login('dave', 'Dave-password-1')).statusCode).toBe(401);
  });
});

describe('audit log', () => {
  it('is append-only in the database itself', async () => {
    await expect(t.database.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });

  it('shows a town supervisor only its own town', async () => {
    const a = await t.as('town_supervisor', TOWN_A);
    const list = (await a({ url: '/api/audit?pageSize=200' })).json();
    expect(list.items.length).toBeGreaterThan(0);
    for (const row of list.items) expect(row.regionCode.startsWith(TOWN_A)).toBe(true);
    const coordinator = await t.as('testing_centre');
    expect((await coordinator({ url: '/api/audit' })).statusCode).toBe(403);
  });
});
