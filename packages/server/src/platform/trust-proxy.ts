import { isIP } from 'node:net';

/**
 * Which peers may speak for the client through X-Forwarded-For/-Host/-Proto: Fastify's
 * `trustProxy` from NONGAN_TRUST_PROXY. Unset or empty trusts nobody, so a client cannot forge its
 * IP (rate limits, audit log, scan networks) or the host printed into QR codes. Otherwise a
 * comma-separated list of IPs and CIDR ranges. No hop count: Fastify 5 treats a count as
 * trusting nobody (it cannot check the peer against it), so a count would silently do nothing.
 */
export type TrustProxy = false | string[];

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '') return false;
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const e of entries) {
    const [ip, bits, extra] = e.split('/');
    const family = isIP(ip ?? '');
    const max = family === 4 ? 32 : 128;
    const badBits = bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > max);
    if (!family || badBits || extra !== undefined)
      throw new Error(`NONGAN_TRUST_PROXY 中的“${e}”不是 IP 地址或 CIDR 网段（如 127.0.0.1、10.0.0.0/8）`);
  }
  return entries;
}
