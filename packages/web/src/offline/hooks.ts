import { liveQuery } from 'dexie';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { type OutboxItem, offlineDb } from './db.ts';

/** The signed-in user's queued submissions, oldest first; live across tabs. */
export function useOutboxItems(userId: string | undefined): OutboxItem[] {
  const [items, setItems] = useState<OutboxItem[]>([]);
  useEffect(() => {
    if (!userId) return;
    const sub = liveQuery(() =>
      offlineDb.outbox.where('userId').equals(userId).sortBy('createdAt'),
    ).subscribe({
      next: setItems,
      error: (e) => console.warn('outbox read', e),
    });
    return () => sub.unsubscribe();
  }, [userId]);
  return items;
}

const subscribeOnline = (cb: () => void) => {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
};

/** Whether the browser thinks it has a network (false is reliable; true may still fail). */
export const useOnline = () =>
  useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
