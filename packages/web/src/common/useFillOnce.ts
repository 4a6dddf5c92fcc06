import type { FormInstance } from 'antd';
import { useEffect, useRef } from 'react';

/**
 * Fills a form from stored values once they arrive, and never over a field the user has already
 * touched: on a slow connection the answer can land after the typing has begun. A later refetch
 * (after a save, say) does not refill either. While `open` is false the form is reset, so the next
 * opening starts from the stored values again, not from edits that were cancelled.
 */
export function useFillOnce<T extends object>(
  form: FormInstance<T>,
  values: Partial<T> | undefined,
  open = true,
): void {
  const filled = useRef(false);
  const shown = useRef(false);
  useEffect(() => {
    if (!open) {
      // Only a form that was shown is connected; resetting one that never was makes antd warn.
      if (shown.current) form.resetFields();
      shown.current = false;
      filled.current = false;
      return;
    }
    shown.current = true;
    if (!values || filled.current) return;
    filled.current = true;
    const f = form as FormInstance;
    f.setFieldsValue(Object.fromEntries(Object.entries(values).filter(([name]) => !f.isFieldTouched(name))));
  }, [form, values, open]);
}
