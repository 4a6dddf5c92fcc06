import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const WEB_DIST = resolve(ROOT, 'packages/web/dist');

/**
 * Builds the web app once, before any file runs, when there is no build yet: two files run at a
 * time, and two builds writing one folder would serve each other half-written pages.
 */
export default function setup() {
  if (!existsSync(resolve(WEB_DIST, 'index.html'))) {
    execFileSync('npm', ['run', 'build', '-w', '@nongan/web'], { cwd: ROOT, stdio: 'inherit' });
  }
}
