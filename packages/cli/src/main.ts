import { parseArgs } from 'node:util';
import * as admin from './commands/admin.ts';
import { serve } from './commands/serve.ts';

const HELP = `nongan — 农安 农产品质量安全监管平台

用法：nongan <命令> [选项]

  serve [--port 3000] [--host 0.0.0.0] [--no-demo]
        启动服务（内置 PGlite，数据在 ./data 或 NONGAN_DATA_DIR；设置 DATABASE_URL 则用 PostgreSQL）。
        空库时生成合成演示数据；--no-demo 则只创建管理员并打印一次性密码。
        在反向代理之后运行时，设置 NONGAN_TRUST_PROXY 为代理的地址（IP 或网段），才采信其 X-Forwarded-* 头。
  migrate                               执行数据库迁移
  demo [--entities 1600] [--seed 2021]  向空库写入合成演示数据
  import entities <file.xlsx> --as <用户名> [--strict]
  import divisions <file.csv|xlsx> --as <用户名>
  export entities <file.xlsx> --as <用户名> [--town <代码>] [--type <类型>] [--q <关键词>]
  backup <文件>                          备份数据库（PGlite：数据目录压缩包；PostgreSQL：pg_dump）
  restore <文件>                         把 PGlite 备份恢复到空的数据目录
  user create --username <名> --role <角色> [--scope <区划代码>] [--entity <主体ID>] [--name <姓名>]
  user reset-password <用户名>
  keys list | keys rotate                追溯码签名密钥（在 ./keys 或 NONGAN_KEYS_DIR，不进数据库备份）：列出 / 轮换
  divisions load <towns.csv> --district-code <6位代码> --district-name <名称> [--source <来源>]
`;

const { values: o, positionals: p } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'no-demo': { type: 'boolean' },
    entities: { type: 'string' },
    seed: { type: 'string' },
    as: { type: 'string' },
    strict: { type: 'boolean' },
    town: { type: 'string' },
    type: { type: 'string' },
    q: { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string' },
    scope: { type: 'string' },
    entity: { type: 'string' },
    name: { type: 'string' },
    'district-code': { type: 'string' },
    'district-name': { type: 'string' },
    source: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

function need(v: string | undefined, what: string): string {
  if (!v) throw new Error(`缺少${what}\n\n${HELP}`);
  return v;
}

async function main() {
  const [cmd, sub, arg] = p;
  if (!cmd || o.help) return console.log(HELP);
  switch (cmd) {
    case 'serve':
      return serve({
        port: Number(o.port ?? process.env.PORT ?? 3000),
        host: o.host ?? process.env.HOST ?? '0.0.0.0',
        demo: !o['no-demo'] && process.env.NONGAN_DEMO !== '0',
      });
    case 'migrate':
      return admin.migrate();
    case 'demo':
      return admin.demo({ entities: Number(o.entities ?? 1600), seed: Number(o.seed ?? 2021) });
    case 'import':
    case 'export': {
      const { transfer } = await import('./commands/transfer.ts');
      return transfer(cmd, need(sub, '对象（entities 或 divisions）'), need(arg, '文件名'), o);
    }
    case 'backup':
      return admin.backup(need(sub, '备份文件名'));
    case 'restore':
      return admin.restore(need(sub, '备份文件名'));
    case 'user':
      if (sub === 'create') {
        return admin.userCreate({
          username: need(o.username, ' --username'),
          role: need(o.role, ' --role'),
          scope: o.scope,
          entity: o.entity,
          name: o.name,
        });
      }
      if (sub === 'reset-password') return admin.userResetPassword(need(arg, '用户名'));
      throw new Error(HELP);
    case 'keys':
      if (sub === 'rotate') return admin.keysRotate();
      if (sub === 'list') return admin.keysList();
      throw new Error(HELP);
    case 'divisions':
      if (sub !== 'load') throw new Error(HELP);
      return admin.divisionsLoad(need(arg, '镇街文件'), {
        code: need(o['district-code'], ' --district-code'),
        name: need(o['district-name'], ' --district-name'),
        source: o.source ?? `loaded from ${arg}`,
      });
    default:
      throw new Error(`未知命令：${cmd}\n\n${HELP}`);
  }
}

main().catch((err: Error) => {
  console.error(`错误：${err.message}`);
  process.exit(1);
});
