import { resolve } from 'node:path';

// Where the repository and the built web app are; no imports beyond node, so vitest's global setup
// can read them without loading the browser or the server.
export const ROOT = resolve(import.meta.dirname, '..');
export const WEB_DIST = resolve(ROOT, 'packages/web/dist');
