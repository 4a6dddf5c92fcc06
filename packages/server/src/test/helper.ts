import { randomBytes } from 'node:crypto';
import type { Role } from '@nongan/shared/accounts/schemas';
import { creditCodeCheckChar } from '@nongan/shared/entities/check-digits';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { createUser } from '../domains/accounts/service.ts';
import {
  createServerDatabase,
  dropServerDatabase,
  fill,
  pgliteTemplateBlob,
  TEMPLATE_ENV,
} from './template.ts';

/**
 * A fresh, migrated database with the reference divisions: in-memory PGlite, or a new database
 * on the PostgreSQL server named by TEST_DATABASE_URL (dropped again on close). Inside a test run
 * it is a copy of the run's template (template.ts); elsewhere it is built from scratch.
 */
export async function openTestDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `nongan_t_${randomBytes(6).toString('hex')}`;
    const template = process.env[TEMPLATE_ENV.postgres];
    const inner = await openDatabase({ url: await createServerDatabase(serverUrl, name, template) });
    const database = { ...inner, close: () => inner.close().then(() => dropServerDatabase(serverUrl, name)) };
    if (!template) await fill(database);
    return database;
  }
  const loadDataDir = pgliteTemplateBlob();
  const database = await openDatabase({ dataDir: 'memory://', loadDataDir });
  if (!loadDataDir) await fill(database);
  return database;
}

export const DISTRICT = '500151';
export const TOWN_A = '500151101'; // 土桥镇
export const TOWN_B = '500151105'; // 安居镇
export const PASSWORD = 'Test-password-1';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  /** Creates a user and returns a request function carrying its session cookie. */
  as(role: Role, scopeCode?: string | null, entityId?: string | null): Promise<Requester>;
  close(): Promise<void>;
}

export type Requester = (opts: InjectOptions) => Promise<LightMyRequestResponse>;

let counter = 0;

export async function buildTestApp(): Promise<TestApp> {
  const database = await openTestDatabase();
  // Tests stand behind a proxy on loopback (app.inject's address), so X-Forwarded-For picks the
  // client's IP; boundary.int.test.ts checks the default of trusting nobody.
  const app = await buildApp({ database, loginRateLimit: 1000, trustProxy: ['127.0.0.1'] });
  await app.ready();
  return {
    app,
    database,
    async as(role, scopeCode = DISTRICT, entityId = null) {
      const username = `${role}_${++counter}_${randomBytes(3).toString('hex')}`;
      await createUser(
        database.db,
        { user: null, ip: null },
        {
          username,
          displayName: username,
          role,
          scopeCode: role === 'producer' ? null : scopeCode,
          entityId,
          password: PASSWORD,
        },
      );
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'nongan_sid');
      return (opts) =>
        app.inject({ ...opts, headers: { ...opts.headers, cookie: `nongan_sid=${cookie?.value}` } });
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A valid entity body for tests; credit codes are generated with a correct check character. */
export function entityBody(over: Record<string, unknown> = {}) {
  return {
    name: `测试蔬菜专业合作社${++counter}`,
    type: 'cooperative',
    creditCode: validCreditCode(counter),
    legalRep: '张三',
    phone: '13800138000',
    address: '重庆市铜梁区土桥镇测试村1组',
    townCode: TOWN_A,
    industries: ['vegetables'],
    mainProducts: ['白菜'],
    ...over,
  };
}

/** A rapid test as the API takes it: a negative enzyme-inhibition screen in town A. */
export function rapidBody(over: Record<string, unknown> = {}) {
  return {
    holderCode: TOWN_A,
    townCode: TOWN_A,
    sampledParty: '土桥农贸市场3号摊位',
    product: '普通白菜',
    link: 'retail_market',
    method: 'enzyme_inhibition',
    inhibitionRate: 20,
    testedAt: '2021-06-01T09:30:00+08:00',
    tester: '王检测',
    ...over,
  };
}

export function validCreditCode(n: number): string {
  const first17 = `93500151${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}
