import type { ReactNode } from 'react';

/**
 * What stands in for a name not (yet) looked up, never the code or id itself: "…" while the names
 * load; "—" when they could not be read (the value may well be right); after they came without it,
 * `missing`.
 */
export const missingName = (loading: boolean, missing: string, failed = false): string =>
  failed ? '—' : loading ? '…' : missing;

/** A Select's `labelRender` for a value its options do not hold (yet): antd would show the raw value. */
export const pendingLabel =
  (loading: boolean, missing: string, failed = false) =>
  ({ label }: { label?: ReactNode }): ReactNode =>
    label ?? missingName(loading, missing, failed);
