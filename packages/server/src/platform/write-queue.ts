/**
 * The writes of a big import on its one transaction, one after another: a write runs on the server
 * while this thread prepares the next (reads and checks rows, builds COPY text), so both cores
 * work. `next` starts a write once the one before has finished; a failed write is kept, so that
 * whatever ran on the transaction after it ("transaction aborted") reports the write's own error.
 */
export class WriteQueue {
  private running: Promise<unknown> = Promise.resolve();
  private failure: { err: unknown } | null = null;

  /** Waits for the write going on (throwing its error), then starts `work`; returns once started. */
  async next(work: () => Promise<unknown>): Promise<void> {
    await this.running;
    this.running = work();
    // Awaited by the next write or by finish; this only records a failure meanwhile.
    this.running.catch((err: unknown) => {
      this.failure ??= { err };
    });
  }

  /** Waits for the last write, throwing its error. */
  async finish(): Promise<void> {
    await this.running;
  }

  /** Waits for the write going on, whatever its outcome (before leaving the transaction). */
  async settled(): Promise<void> {
    await this.running.catch(() => undefined);
  }

  /**
   * Other work on the transaction while a write may be running: when that write has failed, its
   * error (not "transaction aborted") is the one to report.
   */
  async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      await this.settled();
      throw this.failure ? this.failure.err : err;
    }
  }
}
