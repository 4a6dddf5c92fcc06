import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { restorePglite } from '@nongan/server/db/client';
import { seedDemo } from '@nongan/server/demo/seed';
import { generatePassword } from '@nongan/server/domains/accounts/passwords';
import { findUserByName } from '@nongan/server/domains/accounts/repository';
import { createUser, updateUser } from '@nongan/server/domains/accounts/service';
import { keysDirFromEnv, loadKeyRing, rotateKey } from '@nongan/server/domains/certificates/keys';
import { parseCsvObjects } from '@nongan/server/domains/regions/csv';
import { loadDistrict, validateTowns } from '@nongan/server/domains/regions/reference';
import { prepareDatabase, writeDemoCredentials } from '@nongan/server/platform/bootstrap';
import { ROLES, type Role } from '@nongan/shared/accounts/schemas';
import { stateDir, withDatabase } from '../context.ts';
import { loginLine } from '../logins.ts';

const log = (s: string) => console.log(s);

export const migrate = () =>
  withDatabase(async (d) => {
    await d.migrate();
    log(`迁移完成（${d.kind}：${d.location}）`);
  });

export const demo = (opts: { entities: number; seed: number }) =>
  withDatabase(async (d) => {
    await prepareDatabase(d, { demo: false, stateDir: stateDir(), log });
    const creds = await seedDemo(d.db, {
      entities: opts.entities,
      seed: opts.seed,
      keyRing: loadKeyRing(keysDirFromEnv()),
      progress: (done, total, stage) => process.stdout.write(`\r  ${stage}：${done}/${total}   `),
    });
    process.stdout.write('\n');
    writeDemoCredentials(stateDir(), creds);
    log(`已生成合成演示数据：${opts.entities} 个主体。演示账号：`);
    for (const c of creds) log(loginLine(c));
  });

export const backup = (file: string) =>
  withDatabase(async (d) => {
    await d.backup(file);
    log(`已备份到 ${file}（${d.kind}）`);
  });

export async function restore(file: string) {
  if (process.env.DATABASE_URL)
    throw new Error('PostgreSQL 请用 pg_restore 恢复：pg_restore --clean --dbname "$DATABASE_URL" <文件>');
  const dir = stateDir();
  if (existsSync(dir) && readdirSync(dir).some((f) => f !== 'demo-credentials.json')) {
    throw new Error(`数据目录 ${dir} 不为空；请换一个空目录（NONGAN_DATA_DIR）再恢复`);
  }
  await restorePglite(file, dir);
  log(`已恢复到 ${dir}`);
}

export const userCreate = (o: {
  username: string;
  role: string;
  scope?: string;
  entity?: string;
  name?: string;
}) =>
  withDatabase(async (d) => {
    if (!ROLES.includes(o.role as Role)) throw new Error(`--role 应为 ${ROLES.join(' | ')}`);
    const password = generatePassword(16);
    await createUser(
      d.db,
      { user: null, ip: null },
      {
        username: o.username,
        displayName: o.name ?? o.username,
        role: o.role as Role,
        scopeCode: o.scope ?? null,
        entityId: o.entity ?? null,
        password,
        mustChangePassword: true,
      },
    );
    log(`已创建用户 ${o.username}，初始密码（只显示一次，登录后须修改）：${password}`);
  });

export const userResetPassword = (username: string) =>
  withDatabase(async (d) => {
    const u = await findUserByName(d.db, username);
    if (!u) throw new Error(`用户 ${username} 不存在`);
    const password = generatePassword(16);
    await updateUser(d.db, { user: null, ip: null }, u.id, { password, active: true });
    log(`已重置 ${username} 的密码（只显示一次，登录后须修改）：${password}`);
  });

/** Adds another district from a town file with the reference columns (code,name,kind,key_fruit_vegetable_town,former_name). */
export const divisionsLoad = (file: string, o: { code: string; name: string; source: string }) =>
  withDatabase(async (d) => {
    await d.migrate();
    if (!/^\d{6}$/.test(o.code)) throw new Error('--district-code 应为6位区县代码');
    const towns = validateTowns(o.code, parseCsvObjects(readFileSync(file, 'utf8')));
    const n = await loadDistrict(d.db, o, towns);
    log(`已载入 ${o.name}（${o.code}）的 ${n} 个镇街`);
  });

/** Trace-code keys: the active one signs new codes; older ones stay to verify what they signed. */
export function keysList() {
  const dir = keysDirFromEnv();
  const ring = loadKeyRing(dir);
  log(`密钥目录：${dir}`);
  for (const [id, key] of ring.publicKeys) {
    const pub = key.export({ type: 'spki', format: 'der' }).toString('base64');
    log(`  ${id}${id === ring.activeId ? '（当前签名）' : '（仅验证）'}  公钥 ${pub}`);
  }
}

export function keysRotate() {
  const dir = keysDirFromEnv();
  loadKeyRing(dir);
  const id = rotateKey(dir);
  log(`已生成新密钥 ${id} 并启用；旧密钥保留用于验证已签发的追溯码。请重启服务使其生效。`);
}
