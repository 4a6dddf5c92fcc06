/**
 * Long loops on the main thread (validating or writing 100,000 imported rows) give other
 * requests a turn every few milliseconds: `if (pace.due()) await pace.pause();` in the loop.
 */
export function pacer(sliceMs = 15) {
  let last = performance.now();
  return {
    due: () => performance.now() - last >= sliceMs,
    pause: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      last = performance.now();
    },
  };
}
