import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** The channel every public table's trigger notifies (migration 2026-12-01-021-change-notices). */
export const CHANGE_CHANNEL = "site_changed";

export interface ChangeHandlers {
  /** A write was committed somewhere. */
  onChange(): void;
  /** Notices can (true) or can no longer (false) be heard: what happened meanwhile is unknown. */
  onListening(listening: boolean): void;
  onError?(error: Error): void;
}

export interface ChangeListener {
  stop(): Promise<void>;
}

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;
/** A silently dead connection (a cable pulled, a failover) is noticed within this. */
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

/**
 * Listens for committed writes. On PostgreSQL: a connection of its own (LISTEN cannot share the
 * pool), replaced after a drop with a growing pause, and checked every HEARTBEAT_MS. On PGlite:
 * the one embedded connection, which cannot drop.
 */
export async function listenForChanges(
  target: { url: string } | { pglite: PGlite },
  handlers: ChangeHandlers,
): Promise<ChangeListener> {
  if ("pglite" in target) {
    const unsubscribe = await target.pglite.listen(CHANGE_CHANNEL, () => handlers.onChange());
    handlers.onListening(true);
    return {
      async stop() {
        handlers.onListening(false);
        await unsubscribe().catch(() => {});
      },
    };
  }

  const url = target.url;
  let stopped = false;
  let client: pg.Client | null = null;
  let retryMs = RETRY_FIRST_MS;
  let retryTimer: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;

  const lose = (lost: pg.Client, error?: Error) => {
    if (client !== lost) return;
    client = null;
    if (heartbeat) clearInterval(heartbeat);
    handlers.onListening(false);
    if (error) handlers.onError?.(error);
    lost.end().catch(() => {});
    if (!stopped) {
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
  };

  async function connect() {
    retryTimer = null;
    const candidate = new pg.Client({
      connectionString: url,
      keepAlive: true,
      connectionTimeoutMillis: HEARTBEAT_TIMEOUT_MS,
      query_timeout: HEARTBEAT_TIMEOUT_MS,
    });
    client = candidate;
    candidate.on("error", (error) => lose(candidate, error));
    candidate.on("end", () => lose(candidate));
    candidate.on("notification", () => handlers.onChange());
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      lose(candidate, error as Error);
      return;
    }
    if (stopped || client !== candidate) return;
    retryMs = RETRY_FIRST_MS;
    handlers.onListening(true);
    heartbeat = setInterval(() => {
      candidate.query("select 1").catch((error: Error) => lose(candidate, error));
    }, HEARTBEAT_MS);
    heartbeat.unref();
  }

  await connect();
  return {
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      if (current) {
        client = null;
        if (heartbeat) clearInterval(heartbeat);
        handlers.onListening(false);
        await current.end().catch(() => {});
      }
    },
  };
}
