/// <reference types="vite-plugin-pwa/client" />
import { registerSW } from 'virtual:pwa-register';

/**
 * Registers the service worker (app shell precache, reference lists, navigation fallback). A new
 * version waits until the user agrees: `onUpdate` listeners get the function that applies it.
 */
type Listener = (apply: () => void) => void;
const listeners = new Set<Listener>();
let pending: (() => void) | null = null;

let registered = false;

/**
 * Called once signed in, when the browser is idle: the precache (the whole app, a few MB) then
 * never competes with the login page or the first page after it on a slow link.
 */
export function registerServiceWorker() {
  if (registered || !('serviceWorker' in navigator)) return;
  // Without a network the worker's script cannot be fetched: register when it returns.
  if (navigator.onLine === false) {
    window.addEventListener('online', registerServiceWorker, { once: true });
    return;
  }
  registered = true;
  const update = registerSW({
    immediate: true,
    onNeedRefresh() {
      pending = () => void update(true);
      for (const l of listeners) l(pending);
    },
    onRegisterError(e) {
      console.warn('service worker', e);
    },
  });
}

/** Calls `l` when a new version is ready (at once if one already is); returns the unsubscribe. */
export function onUpdate(l: Listener): () => void {
  listeners.add(l);
  if (pending) l(pending);
  return () => listeners.delete(l);
}
