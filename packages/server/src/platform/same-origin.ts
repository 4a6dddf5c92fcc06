import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden } from './http-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CROSS_ORIGIN = '拒绝跨站请求：只能从本平台的页面提交修改';

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null; // "null" (sandboxed frames, file://) or garbage: not ours
  }
}

/**
 * Refuses state-changing requests that a browser sent from another site, before any body is read.
 * The session cookie is SameSite=Lax, which still lets a multipart form (no preflight) and
 * same-site subdomains through. Browsers say where a request comes from (Sec-Fetch-Site, Origin);
 * requests with neither header (curl, scripts, server-to-server) are not cross-site forgeries and
 * pass. The host compared is Fastify's request.host, which honours X-Forwarded-Host only from
 * trusted proxies; the configured public URL's host is accepted too.
 */
export function installSameOriginGuard(app: FastifyInstance, publicUrl: string | null) {
  const publicHost = publicUrl ? originHost(publicUrl) : null;
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (SAFE_METHODS.has(request.method)) return;
    const site = request.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') throw forbidden(CROSS_ORIGIN);
    const origin = request.headers.origin;
    if (origin === undefined) return;
    const host = originHost(origin);
    // Through URL as well, so a default port (localhost:80) compares equal to none.
    const own = originHost(`${request.protocol}://${request.host}`);
    if (host === null || (host !== own && host !== publicHost)) throw forbidden(CROSS_ORIGIN);
  });
}
