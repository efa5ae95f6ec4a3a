import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, Migrator, PostgresDialect, type PostgresPool, type PostgresPoolClient } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";

export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** The PGlite instance (for consistent backups); null on PostgreSQL. */
  pglite: PGlite | null;
  close(): Promise<void>;
}

// int8 (bigint ids, count(*)) arrives as a string from pg and as a number from PGlite: make both numbers.
// Our bigint values are row ids and counts, far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

export interface DatabaseOptions {
  /**
   * The longest a request may wait on the database for one statement (default 10 s). Connecting,
   * or waiting for a free connection, gets half of it. Reached, the caller gets a
   * DatabaseUnavailableError rather than hanging as long as the outage lasts. `null`: statements
   * may run as long as they need (migrations building an index on a large table).
   */
  timeoutMs?: number | null;
  /** Where a dropped connection is reported (it never takes the process down). */
  onPoolError?: (error: Error) => void;
}

/**
 * The database could not be reached or did not answer in time: a restart, a failover, a network
 * outage. Pages answer 503 for it (app/utils/route-guard.server.ts); it is never a bug of ours.
 */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "DatabaseUnavailableError";
  }
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  // SQLSTATE: the server is shutting down, restarting, refusing new sessions, or cancelled a
  // statement that ran past statement_timeout; a session idle in a transaction for too long.
  "57P01",
  "57P02",
  "57P03",
  "57014",
  "25P03",
  "53300",
]);
const UNREACHABLE_MESSAGES =
  /Connection terminated|Query read timeout|timeout exceeded when trying to connect|not queryable|Connection closed|connection has been discarded/i;

/** Errors that say nothing about our query and everything about the connection. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || code.startsWith("08"))) return true;
  return UNREACHABLE_MESSAGES.test(error.message);
}

function asUnavailable(error: unknown): unknown {
  return isConnectionFailure(error) && !(error instanceof DatabaseUnavailableError)
    ? new DatabaseUnavailableError(error)
    : error;
}

/**
 * Reads worth preparing. PostgreSQL plans an unprepared statement every time it runs, and for the
 * long reads of the review pages (exclusions, rankings, windowed pages) planning took longer than
 * running them: 12 ms of planning for 7 ms of work in a reviewer's list at 10,000 proposals. A
 * prepared statement is planned once per connection and then from a cached plan. Kysely builds the
 * same text for the same query, so the text names the statement; short statements and writes are
 * left unprepared. Each connection keeps at most the statements it has run (a few hundred).
 */
const PREPARE_FROM_LENGTH = 400;
const statementNames = new Map<string, string>();

function preparedName(sqlText: string): string | null {
  if (sqlText.length < PREPARE_FROM_LENGTH || !/^\s*(select|with)\b/i.test(sqlText)) return null;
  let name = statementNames.get(sqlText);
  if (!name) {
    name = `k${createHash("sha1").update(sqlText).digest("hex").slice(0, 20)}`;
    if (statementNames.size > 2000) statementNames.clear();
    statementNames.set(sqlText, name);
  }
  return name;
}

/** "cached plan must not change result type": a migration changed a prepared statement's table. */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: string })?.code === "0A000";
}

/**
 * pg's pool, made safe for a bad day. A client whose connection failed or whose query timed out
 * is destroyed when released instead of going back to the pool (a timed-out query leaves pg's
 * client waiting for an answer that may never come), and every such failure surfaces as a
 * DatabaseUnavailableError.
 */
function resilientPool(pool: pg.Pool): PostgresPool {
  const broken = new WeakSet<pg.PoolClient>();
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw asUnavailable(error);
      }
      let facade = wrapped.get(client);
      if (!facade) {
        const inner = client;
        // A checked-out client whose connection drops between two queries emits 'error'; without a
        // listener that is an uncaught exception.
        inner.on("error", () => broken.add(inner));
        facade = {
          // biome-ignore lint/suspicious/noExplicitAny: the two overloads of pg's query
          query: ((sqlOrCursor: any, parameters?: ReadonlyArray<unknown>) => {
            if (typeof sqlOrCursor !== "string") return inner.query(sqlOrCursor);
            const values = parameters as unknown[];
            const name = preparedName(sqlOrCursor);
            const run = name ? inner.query({ name, text: sqlOrCursor, values }) : inner.query(sqlOrCursor, values);
            return run
              .catch((error: unknown) => {
                // Another process changed a table this connection prepared a statement on: answer
                // this once unprepared, and retire the connection with its stale statements.
                if (name && isStalePlan(error)) {
                  broken.add(inner);
                  return inner.query(sqlOrCursor, values);
                }
                throw error;
              })
              .catch((error: unknown) => {
                if (isConnectionFailure(error)) broken.add(inner);
                throw asUnavailable(error);
              });
          }) as PostgresPoolClient["query"],
          release(destroy?: boolean) {
            inner.release(destroy || broken.has(inner) ? true : undefined);
          },
        };
        wrapped.set(client, facade);
      }
      return facade;
    },
    end: () => pool.end(),
  };
}

export function openDatabase(target: DatabaseTarget, options: DatabaseOptions = {}): DatabaseHandle {
  if ("url" in target) {
    const timeoutMs = options.timeoutMs === undefined ? 10_000 : options.timeoutMs;
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      connectionTimeoutMillis: Math.ceil((timeoutMs ?? 10_000) / 2),
      // The server stops a statement or an abandoned transaction; the client stops waiting a little
      // later in case the server cannot even say so (packets dropped, not refused).
      ...(timeoutMs === null
        ? {}
        : {
            statement_timeout: timeoutMs,
            idle_in_transaction_session_timeout: timeoutMs,
            query_timeout: timeoutMs + 1000,
          }),
      keepAlive: true,
      idleTimeoutMillis: 30_000,
    });
    // An idle client's connection ended (restart, failover, pg_terminate_backend): pg-pool has
    // already dropped it; without this listener the 'error' event would end the process.
    pool.on("error", (error) => options.onPoolError?.(error));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: resilientPool(pool) }) });
    return { db, kind: "postgres", pglite: null, close: () => db.destroy() };
  }
  let client: PGlite;
  if ("dataDir" in target) {
    mkdirSync(target.dataDir, { recursive: true });
    client = new PGlite(target.dataDir);
  } else {
    client = new PGlite();
  }
  // PGlite is a single connection: the dialect serialises callers, so code inside a transaction
  // must use `trx` only (touching `db` there would wait for itself forever).
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, kind: "pglite", pglite: client, close: () => db.destroy() };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Without it, another schema's kysely_migration table on the search path confuses the migrator.
    migrationTableSchema: "public",
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  }
}

/** Whether every migration this code knows has been applied (false while an upgrade is pending). */
export async function migrationsAreCurrent(db: Kysely<Database>): Promise<boolean> {
  const latest = Object.keys(migrations).at(-1);
  const row = await db
    .withoutPlugins()
    .selectFrom("kysely_migration" as never)
    .select("name" as never)
    .where("name" as never, "=", latest as never)
    .executeTakeFirst();
  return row !== undefined;
}
