/** The service worker's cache of reference lists (see vite.config.ts), dropped at sign-out. */
export const API_CACHE = 'nongan-api-ref';

export async function clearOfflineCaches() {
  try {
    await globalThis.caches?.delete(API_CACHE);
  } catch {
    // no Cache API (plain HTTP): nothing was cached
  }
}
