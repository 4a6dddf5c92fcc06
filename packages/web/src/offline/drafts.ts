import type { FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { offlineDb } from './db.ts';

const SAVE_DELAY_MS = 400;

/**
 * Keeps a form's values in IndexedDB while the user types (a reload, a crash or a flat battery
 * loses nothing) and puts them back when the form opens again. `toDraft`/`fromDraft` turn values
 * that IndexedDB cannot keep as they are (dayjs dates) into plain ones and back.
 */
export function useFormDraft<V>(
  form: FormInstance<V>,
  key: string | null,
  opts: { toDraft?: (v: V) => unknown; fromDraft?: (d: unknown) => Partial<V> } = {},
) {
  const [restoredAt, setRestoredAt] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const conv = useRef(opts);
  conv.current = opts;

  useEffect(() => {
    if (!key) return;
    let live = true;
    void offlineDb.drafts.get(key).then((d) => {
      if (!live || !d) return;
      const values = conv.current.fromDraft ? conv.current.fromDraft(d.values) : (d.values as Partial<V>);
      form.setFieldsValue(values as never);
      setRestoredAt(d.updatedAt);
    });
    return () => {
      live = false;
      clearTimeout(timer.current);
    };
  }, [form, key]);

  /** Pass as the form's onValuesChange. */
  const onValuesChange = useCallback(() => {
    if (!key) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const all = form.getFieldsValue(true) as V;
      const values = conv.current.toDraft ? conv.current.toDraft(all) : all;
      void offlineDb.drafts.put({ key, values, updatedAt: Date.now() }).catch(() => undefined);
    }, SAVE_DELAY_MS);
  }, [form, key]);

  /** After a submission is sent or queued: the draft is done. */
  const clear = useCallback(async () => {
    clearTimeout(timer.current);
    setRestoredAt(null);
    if (key) await offlineDb.drafts.delete(key);
  }, [key]);

  return { onValuesChange, clear, restoredAt };
}
