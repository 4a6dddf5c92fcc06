/**
 * Reads asked for at the same moment, answered by one statement (no I/O here: the caller gives
 * the runner). A request goes out at once while fewer than `maxInFlight` batches are running;
 * otherwise it waits, with the others that arrive meanwhile, for the next batch to be free. So a
 * quiet server sends each scan alone, with no added wait, and a busy one sends many scans per
 * round trip: one statement's fixed cost (the protocol, the socket writes on both sides, the
 * executor's start) shared by all of them.
 */
export class Coalescer<Q, R> {
  private queue: { query: Q; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  /** Batches sent and requests answered, for the bench and the tests. */
  batches = 0;
  requests = 0;

  constructor(
    /** Answers a batch: one result per query, in the same order. */
    private readonly run: (queries: Q[]) => Promise<R[]>,
    private readonly maxInFlight: number,
    private readonly maxBatch: number,
  ) {
    if (maxInFlight < 1 || maxBatch < 1) throw new Error('a coalescer needs at least one batch of one');
  }

  request(query: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ query, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      this.batches++;
      this.requests += batch.length;
      // A runner that throws at once fails its batch like one that rejects.
      Promise.resolve()
        .then(() => this.run(batch.map((b) => b.query)))
        .then((results) => {
          if (results.length !== batch.length)
            throw new Error(`a batch of ${batch.length} got ${results.length} results`);
          for (const [i, b] of batch.entries()) b.resolve(results[i] as R);
        })
        .catch((err) => {
          for (const b of batch) b.reject(err);
        })
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}
