import { walkAs } from './walk.ts';

// The district-wide roles; walk-local.e2e.test.ts walks the others (see walk.ts).
walkAs(['admin', 'office', 'lab']);
