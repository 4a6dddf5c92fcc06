import { z } from 'zod';

// The server's CSP allows no eval (script-src 'self'), so zod must not compile its fast parsers
// with new Function; even its probe for that would log a CSP violation in the console.
z.config({ jitless: true });
