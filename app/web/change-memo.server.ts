import { KeptUntilChange } from "./kept-until-change.server";

/**
 * Answers of heavy reads, kept until the data they were read from changes (kept-until-change.server.ts:
 * a committed write anywhere but the quiet tables, in any process, empties it). So only for reads
 * that depend on no clock and read no quiet table: a theme's review board, which every staff member
 * reloads while deciding and which groups every review of the theme.
 * Outside a started server (tests calling loaders) nothing is kept: every read is the query's.
 */
export class ChangeMemo extends KeptUntilChange {
  private answers = new Map<string, unknown>();
  private pending = new Map<string, { generation: number; answer: Promise<unknown> }>();

  constructor(private readonly maxEntries = 200) {
    super();
  }

  protected forgetAll(): void {
    this.answers.clear();
    this.pending.clear();
  }

  get size(): number {
    return this.answers.size;
  }

  /** The kept answer for `key`, or `read()`'s (shared by the requests asking meanwhile). Read-only. */
  async read<T>(key: string, read: () => Promise<T>): Promise<T> {
    if (!this.listening) return read();
    if (this.answers.has(key)) {
      const answer = this.answers.get(key) as T;
      // Most recently used last: the oldest is the first to go.
      this.answers.delete(key);
      this.answers.set(key, answer);
      return answer;
    }
    const generation = this.generation;
    const waiting = this.pending.get(key);
    if (waiting?.generation === generation) return waiting.answer as Promise<T>;
    const answer = read();
    this.pending.set(key, { generation, answer });
    try {
      const value = await answer;
      if (this.stillCurrent(generation)) this.keep(key, value);
      return value;
    } finally {
      if (this.pending.get(key)?.answer === answer) this.pending.delete(key);
    }
  }

  private keep(key: string, value: unknown): void {
    this.answers.set(key, value);
    for (const oldest of this.answers.keys()) {
      if (this.answers.size <= this.maxEntries) break;
      this.answers.delete(oldest);
    }
  }
}

/** The server's one memo, wired to the change notices by boot.server.ts. */
export const changeMemo = new ChangeMemo();
