import { type Kysely, Migrator, NO_MIGRATIONS, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "../../db/connection";
import { migrations } from "../../db/migrations";
import { createTestDatabase } from "../support/database";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.cleanup();
});

/** Every column, constraint and index of the public schema, so two schemas compare as text. */
async function schemaOf(db: Kysely<unknown>) {
  const columns = await sql<{ line: string }>`
    select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
      coalesce(column_default, '') as line
    from information_schema.columns where table_schema = 'public' and table_name not like 'kysely_%'
    order by 1`.execute(db);
  const constraints = await sql<{ line: string }>`
    select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as line
    from pg_constraint where connamespace = 'public'::regnamespace and conrelid::regclass::text not like 'kysely_%'
    order by 1`.execute(db);
  const indexes = await sql<{ line: string }>`
    select indexdef as line from pg_indexes where schemaname = 'public' and tablename not like 'kysely_%'
    order by 1`.execute(db);
  return [...columns.rows, ...constraints.rows, ...indexes.rows].map((r) => r.line);
}

function migrator(db: Kysely<unknown>) {
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: "public" });
}

describe("migrations", () => {
  it("each go down and up again to the same schema, down to nothing and back to the latest", async () => {
    const db = handle.db as unknown as Kysely<unknown>;
    const latest = await schemaOf(db);
    expect(latest.length).toBeGreaterThan(100);

    // Newest first, each migration down, up again (to the same schema as before), then down for
    // good: every down() runs against the schema its up() left, and leaves one its up() can redo.
    for (let i = Object.keys(migrations).length; i > 0; i--) {
      const before = await schemaOf(db);
      const down = await migrator(db).migrateDown();
      const name = down.results?.at(-1)?.migrationName;
      expect(down.error, name).toBeUndefined();
      const up = await migrator(db).migrateUp();
      expect(up.error, name).toBeUndefined();
      expect(await schemaOf(db), name).toEqual(before);
      expect((await migrator(db).migrateDown()).error, name).toBeUndefined();
    }
    expect(await schemaOf(db)).toEqual([]);
    expect((await migrator(db).migrateTo(NO_MIGRATIONS)).error).toBeUndefined();

    await migrateToLatest(handle.db);
    expect(await schemaOf(db)).toEqual(latest);
  });
});
