import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, Migrator, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";

export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

// int8 (bigint ids, count(*)) arrives as a string from pg and as a number from PGlite: make both numbers.
// Our bigint values are row ids and counts, far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if ("url" in target) {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", close: () => db.destroy() };
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
  return { db, kind: "pglite", close: () => db.destroy() };
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
