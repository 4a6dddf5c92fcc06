import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@nongan/server/app';
import { dbOptionsFromEnv, openDatabase } from '@nongan/server/db/client';
import { keysDirFromEnv, loadKeyRing } from '@nongan/server/domains/certificates/keys';
import { prepareDatabase } from '@nongan/server/platform/bootstrap';
import { parseTrustProxy } from '@nongan/server/platform/trust-proxy';
import { stateDir } from '../context.ts';
import { loginLine } from '../logins.ts';

const webDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export async function serve(opts: { port: number; host: string; demo: boolean }) {
  // Refuse a malformed proxy list before touching the database.
  const trustProxy = parseTrustProxy(process.env.NONGAN_TRUST_PROXY);
  const database = await openDatabase({ ...dbOptionsFromEnv(), dataDir: stateDir() });
  const log = (line: string) => console.log(line);
  const keyRing = loadKeyRing(keysDirFromEnv());
  const prepared = await prepareDatabase(database, {
    demo: opts.demo,
    stateDir: stateDir(),
    log,
    demoOptions: { keyRing },
  });
  if (!existsSync(webDist))
    log('提示：未找到网页构建（packages/web/dist），只提供 API。运行 npm run build 构建网页。');
  const app = await buildApp({
    database,
    demo: prepared.demo,
    webDist,
    logger: { level: process.env.LOG_LEVEL ?? 'warn' },
    secureCookie: process.env.NONGAN_SECURE_COOKIE === '1',
    keyRing,
    publicUrl: process.env.NONGAN_PUBLIC_URL || null,
    trustProxy,
    warmUploadWorker: true,
  });
  await app.listen({ port: opts.port, host: opts.host });
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host;
  log('');
  log(`农安 农产品质量安全监管平台已启动：http://${shownHost}:${opts.port}/`);
  log(`API 文档：http://${shownHost}:${opts.port}/api/docs`);
  if (prepared.demo) log('当前为合成演示数据（非真实数据）。演示账号：');
  else if (prepared.logins.length) log('首次启动，已创建管理员账号（密码只显示这一次，登录后须修改）：');
  for (const c of prepared.logins) log(loginLine(c));
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
