import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { requireRoleOf } from '@nongan/server/domains/accounts/guard';
import { DIRECTORY_EDITORS, DIVISION_EDITORS, scopeOf } from '@nongan/server/domains/accounts/scope';
import { batchErrorReport, exportEntitiesToFile } from '@nongan/server/domains/entities/export';
import { importEntitiesFromBuffer, visibleBatch } from '@nongan/server/domains/entities/import';
import { importDivisionsFromBuffer } from '@nongan/server/domains/regions/import';
import { entityQuery } from '@nongan/shared/entities/schemas';
import { actAs, withDatabase } from '../context.ts';

type Opts = Record<string, string | boolean | undefined>;

/** `nongan import|export <what> <file>`: the same functions, checks and audit as the web app. */
export function transfer(cmd: 'import' | 'export', what: string, file: string, o: Opts): Promise<void> {
  return withDatabase(async (d) => {
    const user = await actAs(d, o.as as string | undefined);
    const actor = { user, ip: 'cli' };
    if (cmd === 'import' && what === 'entities') {
      requireRoleOf(user, DIRECTORY_EDITORS);
      const r = await importEntitiesFromBuffer(d.db, actor, scopeOf(user), readFileSync(file), {
        mode: o.strict ? 'strict' : 'lenient',
        fileName: basename(file),
        aside: d.aside,
      });
      console.log(
        `共 ${r.total} 行：新增 ${r.created}，更新 ${r.updated}，未变 ${r.unchanged}，出错 ${r.failed}；${r.committed ? '已提交' : '未提交任何数据（严格模式）'}`,
      );
      if (r.errors.length) {
        const report = `${file.replace(/\.xlsx$/i, '')}-错误报告.xlsx`;
        writeFileSync(report, await batchErrorReport(await visibleBatch(d.db, user.districtCode, r.batchId)));
        for (const e of r.errors.slice(0, 20)) console.log(`  第${e.row}行 ${e.column ?? ''}：${e.reason}`);
        if (r.errors.length > 20) console.log(`  …… 共 ${r.errors.length} 处错误`);
        console.log(`错误报告：${report}`);
        if (!r.committed) process.exitCode = 2;
      }
      return;
    }
    if (cmd === 'import' && what === 'divisions') {
      requireRoleOf(user, DIVISION_EDITORS);
      const r = await importDivisionsFromBuffer(
        d.db,
        actor,
        scopeOf(user),
        readFileSync(file),
        basename(file),
      );
      console.log(JSON.stringify(r));
      return;
    }
    if (cmd === 'export' && what === 'entities') {
      const filter = entityQuery.parse({ townCode: o.town, type: o.type, q: o.q });
      const { page: _p, pageSize: _s, ...rest } = filter;
      const n = await exportEntitiesToFile(d.db, scopeOf(user), rest, file);
      console.log(`已导出 ${n} 个主体到 ${file}`);
      return;
    }
    throw new Error(`不支持：${cmd} ${what}（entities 可导入导出，divisions 可导入）`);
  });
}
