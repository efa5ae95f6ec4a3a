import { randomBytes } from "node:crypto";
import pg from "pg";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "../../db/connection";

export type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server named by TEST_DATABASE_URL, dropped again by `cleanup`.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { cleanup(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = openDatabase({ memory: true });
    await migrateToLatest(handle.db);
    return { ...handle, cleanup: () => handle.close() };
  }
  const { url, drop } = await createScratchDatabase(serverUrl);
  const handle = openDatabase({ url });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    async cleanup() {
      await handle.close();
      await drop();
    },
  };
}

/**
 * Drops a test database, first closing its pool and giving the connections a moment: the pool's
 * end() does not wait for them, and the forced drop would otherwise reach a closing client as an
 * uncaught "terminating connection" error.
 */
export async function dropTestDatabase(handle: TestDatabase): Promise<void> {
  if (handle.kind === "postgres") {
    await handle.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await handle.cleanup();
}

export async function createScratchDatabase(serverUrl: string, prefix = "nerima_test") {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        // A closed pool's connections linger for a moment: wait for them, so the forced drop does not
        // terminate a connection that would report it as an uncaught error.
        for (let i = 0; i < 50; i++) {
          const { rows } = await client.query("select count(*)::int as n from pg_stat_activity where datname = $1", [
            name,
          ]);
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
