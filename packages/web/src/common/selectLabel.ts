import type { ReactNode } from 'react';

/**
 * A Select's `labelRender` for a value its options do not hold (yet): antd would show the raw
 * value, a division code, product code or id. While the options load it reads "…"; after, `missing`.
 */
export const pendingLabel =
  (loading: boolean, missing: string) =>
  ({ label }: { label?: ReactNode }): ReactNode =>
    label ?? (loading ? '…' : missing);
