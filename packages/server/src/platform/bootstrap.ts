import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { type DemoCredential, type DemoOptions, hasEntities, seedDemo } from '../demo/seed.ts';
import { assertStrongPassword, generatePassword } from '../domains/accounts/passwords.ts';
import { countUsers } from '../domains/accounts/repository.ts';
import { createUser } from '../domains/accounts/service.ts';
import { users } from '../domains/accounts/table.ts';
import { loadReferenceDivisions } from '../domains/regions/reference.ts';
import { preloadPlans } from '../domains/sampling/plan-preload.ts';

export interface PrepareOptions {
  /** Fill an empty database with the synthetic demo district. */
  demo: boolean;
  /** Where the demo credentials are kept between starts (never in the database). */
  stateDir: string;
  log: (line: string) => void;
  demoOptions?: DemoOptions;
}

export interface Prepared {
  demo: boolean;
  /** Logins to print: the demo users', or a first administrator's generated password (once). */
  logins: DemoCredential[];
}

const credentialsFile = (dir: string) => join(dir, 'demo-credentials.json');

export function readDemoCredentials(stateDir: string): DemoCredential[] {
  const f = credentialsFile(stateDir);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as DemoCredential[]) : [];
}

export function writeDemoCredentials(stateDir: string, creds: DemoCredential[]) {
  const f = credentialsFile(stateDir);
  writeFileSync(f, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  chmodSync(f, 0o600);
}

/** Migrations, reference divisions, then demo data or a first administrator: what every start needs. */
export async function prepareDatabase(database: Database, opts: PrepareOptions): Promise<Prepared> {
  await database.migrate();
  const towns = await loadReferenceDivisions(database.db);
  const plans = await preloadPlans(database.db);
  opts.log(
    `数据库已就绪（${database.kind}：${database.location}），镇街 ${towns} 个${plans ? `，载入监测计划 ${plans} 个` : ''}`,
  );
  const empty = !(await hasEntities(database.db)) && (await countUsers(database.db)) === 0;
  if (opts.demo && empty) {
    opts.log('正在生成合成演示数据（非真实数据）…');
    let last = '';
    const creds = await seedDemo(database.db, {
      ...opts.demoOptions,
      progress: (done, total, stage) => {
        const line = `  ${stage}：${done}/${total}`;
        if (line !== last && (done === total || done % 500 === 0)) opts.log(line);
        last = line;
      },
    });
    writeDemoCredentials(opts.stateDir, creds);
    return { demo: true, logins: creds };
  }
  const demoCreds = readDemoCredentials(opts.stateDir);
  const demoUserExists =
    demoCreds.length > 0 &&
    (
      await database.db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.username, demoCreds[0]?.username ?? ''))
    ).length > 0;
  if (demoUserExists) return { demo: true, logins: demoCreds };
  if ((await countUsers(database.db)) === 0) {
    const password = process.env.NONGAN_ADMIN_PASSWORD || generatePassword(16);
    const districtCode = process.env.NONGAN_DISTRICT || '500151';
    // A chosen password meets the same rule as any other; the generated one always does.
    assertStrongPassword('NONGAN_ADMIN_PASSWORD', password, ['admin', '系统管理员']);
    await createUser(
      database.db,
      { user: null, ip: null },
      {
        username: 'admin',
        displayName: '系统管理员',
        role: 'district_admin',
        scopeCode: districtCode,
        password,
        mustChangePassword: true,
      },
    );
    const shown = process.env.NONGAN_ADMIN_PASSWORD ? '（来自 NONGAN_ADMIN_PASSWORD）' : password;
    return {
      demo: false,
      logins: [{ username: 'admin', password: shown, role: 'district_admin', scope: districtCode }],
    };
  }
  return { demo: false, logins: [] };
}
