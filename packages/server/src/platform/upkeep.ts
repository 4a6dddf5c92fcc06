/**
 * Upkeep that an answer does not depend on (fresh planner statistics after a big import): run after
 * the answer, one piece at a time, and waited for when the app closes. A failure is logged, never
 * thrown at a request.
 */
export class Upkeep {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly log: (what: string, err: unknown) => void) {}

  /** Queues `work`; pieces run one after another, so two imports do not analyse at once. */
  run(what: string, work: () => Promise<void>): void {
    this.pending++;
    this.chain = this.chain
      // A turn of the event loop first, so the answer being sent goes out before the work starts:
      // PGlite runs a statement on this thread and would hold the answer back until it is done.
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(work)
      .catch((err: unknown) => this.log(what, err))
      .finally(() => {
        this.pending--;
      });
  }

  /** Pieces queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Resolves once everything queued so far is done. */
  drain(): Promise<void> {
    return this.chain;
  }
}
