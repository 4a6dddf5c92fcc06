import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * The web app's Content-Security-Policy: scripts only from this server; styles may be inline
 * because React and Ant Design inject them; images also as data: (QR codes, icons) and blob:
 * (photo previews). No upgrade-insecure-requests: the platform is often served over plain HTTP
 * inside a government network, where upgrading would break every asset. Swagger UI (/api/docs)
 * loads only its own files and works under the same policy.
 */
export const APP_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const isPublicApi = (url: string) => url.startsWith('/api/public/') || url.startsWith('/api/docs');

/**
 * Helmet's headers on every response (nosniff, frame denial, referrer policy, CSP), HSTS only when
 * served over HTTPS, and `Cache-Control: no-store` on every /api answer that may carry personal
 * data: any answer to a signed-in user and any non-public /api route, whatever the route set.
 * The public scan page sets its own stricter CSP in its handler, which replaces this one.
 */
export async function installSecurityHeaders(app: FastifyInstance, opts: { https: boolean }) {
  // Helmet itself, built once: @fastify/helmet rebuilt the whole middleware (parsing the CSP) on
  // every request, 3 % of the public scan's CPU. No route sets its own Helmet options.
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    hsts: opts.https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
  });
  app.addHook('onRequest', (request, reply, done) =>
    headers(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)),
  );
  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.url;
    const api = url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
    if (api && (request.user || !isPublicApi(url))) reply.header('cache-control', 'no-store');
    return payload;
  });
}
