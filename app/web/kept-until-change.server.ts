/**
 * What the page cache (page-cache.server.ts) and the memo of heavy reads (change-memo.server.ts)
 * share: what they keep stays only until something changes. A committed write to any table but
 * QUIET_TABLES, in any process, calls `clear` (the `site_changed` notice, heard by boot.server.ts),
 * and so does a write this process answered (server.js); while the notices cannot be heard nothing
 * is kept; and something read before a change is not kept after it (`stillCurrent`).
 */
export abstract class KeptUntilChange {
  /** Moves on at every change: what was read in an earlier generation is not kept. */
  protected generation = 0;
  protected listening = false;

  /** Whether change notices are being heard; while they are not, nothing is kept. */
  setListening(listening: boolean): void {
    this.listening = listening;
    this.clear();
  }

  /** Something may have changed: everything kept so far goes. */
  clear(): void {
    this.generation += 1;
    this.forgetAll();
  }

  /**
   * The generation now: a request that reads anything before it renders (the session, for a kept
   * review page) takes it first and passes it on, so a change in between is not missed.
   */
  currentGeneration(): number {
    return this.generation;
  }

  /** Whether an answer read in `generation` may be kept now. */
  protected stillCurrent(generation: number): boolean {
    return this.listening && generation === this.generation;
  }

  protected abstract forgetAll(): void;
}
