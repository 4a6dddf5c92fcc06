import type { FormInstance } from 'antd';
import { useLayoutEffect, useRef } from 'react';

/**
 * Fills a form from stored values (a query's answer) whenever they arrive or change, but never over
 * a field the user has touched: on a slow connection the answer can land after the typing has
 * begun, and a refetch of cached data can land later still. Each opening (`open` turning true)
 * starts from the stored values again, not from edits that were cancelled.
 */
export function useStoredFill<T extends object>(
  form: FormInstance<T>,
  values: Partial<T> | undefined,
  open = true,
): void {
  const seen = useRef({ open: false, before: false });
  // A layout effect: the reset and the fill land before the opened dialog is painted.
  useLayoutEffect(() => {
    const state = seen.current;
    if (!open) {
      if (state.open) state.before = true;
      state.open = false;
      return;
    }
    if (!state.open) {
      state.open = true;
      // Only a form shown before has edits to drop (and is connected: antd warns otherwise).
      if (state.before) form.resetFields();
    }
    if (!values) return;
    const f = form as FormInstance;
    // setFields with touched: false, not setFieldsValue, which marks a changed field as touched
    // and would keep the next answer out of it.
    f.setFields(
      Object.entries(values)
        .filter(([name]) => !f.isFieldTouched(name))
        .map(([name, value]) => ({ name, value, touched: false })),
    );
  }, [form, values, open]);
}
