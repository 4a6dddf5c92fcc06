import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT, WEB_DIST } from './paths.ts';

/**
 * Builds the web app once, before any file runs, when there is no build yet: two files run at a
 * time, and two builds writing one folder would serve each other half-written pages.
 */
export default function setup() {
  if (!existsSync(resolve(WEB_DIST, 'index.html'))) {
    // Vitest sets NODE_ENV=test, which would give a development build (React and Ant Design
    // warnings in the console, which the tests count as errors): build as `npm run build` does.
    execFileSync('npm', ['run', 'build', '-w', '@nongan/web'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
}
