/**
 * Long loops on the main thread (validating or writing 100,000 imported rows) give other
 * requests a turn every few milliseconds: `if (pace.due()) await pace.pause();` in the loop,
 * or pacedMap / pacedEach for a plain pass over an array.
 */
export function pacer(sliceMs = 5) {
  let last = performance.now();
  return {
    due: () => performance.now() - last >= sliceMs,
    pause: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      last = performance.now();
    },
  };
}

export type Pacer = ReturnType<typeof pacer>;

/** items.forEach(fn), yielding whenever the slice is used up. */
export async function pacedEach<T>(
  items: readonly T[],
  fn: (item: T, index: number) => void,
  pace: Pacer = pacer(),
): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    if (pace.due()) await pace.pause();
    fn(items[i] as T, i);
  }
}

/** items.map(fn), yielding whenever the slice is used up. */
export async function pacedMap<T, U>(
  items: readonly T[],
  fn: (item: T, index: number) => U,
  pace: Pacer = pacer(),
): Promise<U[]> {
  const out: U[] = new Array(items.length);
  await pacedEach(
    items,
    (item, i) => {
      out[i] = fn(item, i);
    },
    pace,
  );
  return out;
}
