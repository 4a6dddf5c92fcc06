import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PASSWORD, type Requester, type TestApp, TOWN_A } from '../../test/helper.ts';
import { MAX_FAILURES, usernameKey } from './lockout.ts';
import { createUser } from './service.ts';
import { loginFailures, users } from './table.ts';

let t: TestApp;
let admin: Requester;
const system = { user: null, ip: null };

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('district_admin');
});
afterAll(() => t.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

const newUser = (username: string, mustChangePassword = false) =>
  createUser(t.database.db, system, {
    username,
    displayName: username,
    role: 'town_supervisor',
    scopeCode: TOWN_A,
    password: PASSWORD,
    mustChangePassword,
  });

const failuresOf = async (name: string) =>
  (
    await t.database.db
      .select()
      .from(loginFailures)
      .where(eq(loginFailures.usernameKey, usernameKey(name)))
  )[0]?.failures ?? 0;

// The lock message names a time of day; answers are compared without it.
const answer = (r: { statusCode: number; json: () => { message: string } }) =>
  `${r.statusCode} ${r.json().message.replace(/\d{1,2}:\d{2}(:\d{2})?/g, 'T')}`;

describe('login lockout', () => {
  it('counts every one of 20 concurrent wrong guesses and locks the account', async () => {
    await newUser('burst');
    const res = await Promise.all(Array.from({ length: 20 }, (_, i) => login('burst', `wrong-guess-${i}`)));
    const unauthorized = res.filter((r) => r.statusCode === 401).length;
    expect(res.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
    // Each 401 is one failure counted: no lost updates.
    expect(await failuresOf('burst')).toBe(unauthorized);
    expect(unauthorized).toBeGreaterThanOrEqual(MAX_FAILURES);
    const right = await login('burst', PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.json().message).toContain('锁定');
  });

  it('locks an unknown name exactly as a known one, answer for answer', async () => {
    await newUser('known-one');
    const known: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < MAX_FAILURES + 2; i++) {
      known.push(answer(await login('known-one', `wrong-guess-${i}`)));
      unknown.push(answer(await login('nobody-at-all', `wrong-guess-${i}`)));
    }
    expect(unknown).toEqual(known);
    expect(known.slice(MAX_FAILURES).every((a) => a.startsWith('429'))).toBe(true);
    // Concurrent guesses at an unknown name lock it too.
    await Promise.all(Array.from({ length: 20 }, (_, i) => login('ghost-burst', `wrong-guess-${i}`)));
    expect((await login('ghost-burst', 'anything-at-all')).statusCode).toBe(429);
  });

  it('counts a name under one key whatever its case', async () => {
    await newUser('casey');
    for (let i = 0; i < MAX_FAILURES; i++) await login(i % 2 ? 'CASEY' : 'casey', `wrong-guess-${i}`);
    expect((await login('casey', PASSWORD)).statusCode).toBe(429);
  });

  it('lifts the lock when an administrator resets the password', async () => {
    const id = await newUser('locked-out');
    for (let i = 0; i < MAX_FAILURES; i++) await login('locked-out', `wrong-guess-${i}`);
    expect((await login('locked-out', PASSWORD)).statusCode).toBe(429);
    const reset = await admin({
      method: 'PATCH',
      url: `/api/users/${id}`,
      payload: { password: 'Qv8-tr3Lk-Pw7Zn' },
    });
    expect(reset.statusCode).toBe(200);
    expect((await login('locked-out', 'Qv8-tr3Lk-Pw7Zn')).statusCode).toBe(200);
  });
});

describe('first-login password change', () => {
  it('lets a user who must change the password reach only me, password change and logout', async () => {
    await newUser('fresh', true);
    const res = await login('fresh', PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = `nongan_sid=${res.cookies[0]?.value}`;
    const as = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    for (const [method, url] of [
      ['GET', '/api/entities'],
      ['GET', '/api/divisions?level=town'],
      ['GET', '/api/audit'],
      ['POST', '/api/entities'],
    ] as const) {
      const r = await as(method, url, method === 'POST' ? {} : undefined);
      expect(r.statusCode, url).toBe(403);
      expect(r.json().message).toContain('请先修改密码');
    }
    expect((await as('GET', '/api/auth/me')).statusCode).toBe(200);
    const changed = await as('POST', '/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'Zr4-pt9Wq-Lm3Xk',
    });
    expect(changed.statusCode).toBe(200);
    expect((await as('GET', '/api/entities')).statusCode).toBe(200);
    expect((await as('POST', '/api/auth/logout')).statusCode).toBe(200);
  });

  it('keeps the gate after an administrator resets the password', async () => {
    const id = await newUser('reset-me');
    await admin({ method: 'PATCH', url: `/api/users/${id}`, payload: { password: 'Mn5-ws8Tq-Vb2Jx' } });
    const res = await login('reset-me', 'Mn5-ws8Tq-Vb2Jx');
    const cookie = `nongan_sid=${res.cookies[0]?.value}`;
    expect((await t.app.inject({ url: '/api/entities', headers: { cookie } })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode,
    ).toBe(200);
  });
});

describe('weak passwords', () => {
  it('are refused wherever a password is set, naming the field, nothing written', async () => {
    const created = await admin({
      method: 'POST',
      url: '/api/users',
      payload: {
        username: 'weakling',
        displayName: '弱',
        role: 'town_supervisor',
        scopeCode: TOWN_A,
        password: 'password123456',
      },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().issues[0]).toMatchObject({ field: 'password' });
    expect(created.json().issues[0].reason).toContain('密码强度不足');
    expect(await t.database.db.select().from(users).where(eq(users.username, 'weakling'))).toEqual([]);

    // The user's own name is a weak password for that user.
    const id = await newUser('zhangwei2024');
    const reset = await admin({
      method: 'PATCH',
      url: `/api/users/${id}`,
      payload: { password: 'zhangwei2024' },
    });
    expect(reset.statusCode).toBe(400);
    expect(reset.json().issues[0].field).toBe('password');
    expect((await login('zhangwei2024', PASSWORD)).statusCode).toBe(200);

    const res = await login('zhangwei2024', PASSWORD);
    const cookie = `nongan_sid=${res.cookies[0]?.value}`;
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: PASSWORD, newPassword: 'qwertyuiop12' },
    });
    expect(change.statusCode).toBe(400);
    expect(change.json().issues[0].field).toBe('newPassword');
    expect((await login('zhangwei2024', PASSWORD)).statusCode).toBe(200);
  });
});
