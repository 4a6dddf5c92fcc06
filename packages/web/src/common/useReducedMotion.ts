import { useSyncExternalStore } from 'react';

// The user's "reduce motion" setting (WCAG 2.3.3): dialogs, menus and lists then appear at once
// instead of sliding or zooming in. Browser tests set it too, so a click never lands mid-animation.
const QUERY = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void) {
  const list = window.matchMedia(QUERY);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

export function useReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(QUERY).matches,
    () => false,
  );
}
