/**
 * On PostgreSQL, long reads run as prepared statements (planned once per connection), and a
 * statement whose table another process changed is answered all the same.
 */
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../db/connection";
import { createScratchDatabase } from "../support/database";

const serverUrl = process.env.TEST_DATABASE_URL;

/** A read long enough to be prepared: the same text every time, as Kysely builds it. */
const longRead = (db: Kysely<never>) =>
  sql<{ id: number; label: string }>`select * from notes where id > ${0} ${sql.raw(
    Array.from({ length: 40 }, (_, i) => `and label <> 'padding ${i}'`).join(" "),
  )} order by id`.execute(db);

describe.skipIf(!serverUrl)("prepared statements on PostgreSQL", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let handle: DatabaseHandle;
  const db = () => handle.db as unknown as Kysely<never>;

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl ?? "", "nerima_prepared");
    handle = openDatabase({ url: scratch.url });
    await sql`create table notes (id serial primary key, label text not null)`.execute(db());
    await sql`insert into notes (label) values ('one'), ('two')`.execute(db());
  });

  afterAll(async () => {
    await handle?.close();
    await scratch?.drop();
  });

  // One request at a time: pg's pool hands back its one idle connection, so these share it.
  const preparedOnConnection = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db())).rows;

  it("prepares a long read on its connection, and leaves a short one unprepared", async () => {
    await sql`select 1`.execute(db());
    await longRead(db());
    const prepared = await preparedOnConnection();
    expect(prepared).toHaveLength(1);
    expect(prepared[0].statement).toContain("padding 39");
  });

  it("answers a prepared read whose table another process changed, and retires that connection", async () => {
    const before = await longRead(db());
    // Another process migrates: the prepared plan's result no longer fits.
    const other = new pg.Client({ connectionString: scratch.url });
    await other.connect();
    await other.query("alter table notes add column extra text default 'x'");
    await other.end();
    const after = await longRead(db());
    expect(before.rows.map((r) => r.label)).toEqual(["one", "two"]);
    expect(after.rows.map((r) => (r as { extra?: string }).extra)).toEqual(["x", "x"]);
    // The connection with the stale statement was not returned to the pool: a fresh one has none yet.
    expect(await preparedOnConnection()).toHaveLength(0);
    await longRead(db());
    expect(await preparedOnConnection()).toHaveLength(1);
  });
});
