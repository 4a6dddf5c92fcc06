import type { ReactNode } from 'react';

/**
 * A Select's `labelRender` for a value its options do not hold (yet): antd would show the raw
 * value, a division code, product code or id. While the options load it reads "…"; when they could
 * not be read, "—" (the value may well be right); after they came without it, `missing`.
 */
export const pendingLabel =
  (loading: boolean, missing: string, failed = false) =>
  ({ label }: { label?: ReactNode }): ReactNode =>
    label ?? (failed ? '—' : loading ? '…' : missing);
