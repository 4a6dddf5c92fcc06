// `npm start`: build the web app when its build is missing or older than its sources, then serve.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const built = join(root, 'packages/web/dist/index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = [join(root, 'packages/web/src'), join(root, 'packages/shared/src')];
const stale = !existsSync(built) || sources.some((d) => existsSync(d) && newest(d) > statSync(built).mtimeMs);
if (stale) {
  console.log('正在构建网页…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@nongan/web'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// A young generation of up to 32 MB a half (Node's default is 16): a big import's chunks then mostly
// die young instead of being copied and promoted. 64 MB collected less often but in pauses of up to
// 100 ms, which other requests waited through during an import; 32 MB imported as fast with no pause
// that long (bench/README.md, import-health.ts).
const r = spawnSync(
  process.execPath,
  ['--max-semi-space-size=32', join(root, 'packages/cli/bin/nongan.mjs'), 'serve', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
process.exit(r.status ?? 0);
