/**
 * Backup and restore as the README tells an operator to do them: the demo is backed up, restored
 * into a fresh database, and every table holds the same rows. On PGlite through `npm run backup`
 * (taken from the running site) and `npm run restore`; on PostgreSQL with pg_dump and pg_restore.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "../../db/connection";
import { seedDemoIfNew } from "../../db/seed";
import { createScratchDatabase } from "../support/database";
import { startServerProcess } from "../support/server-process";

const run = promisify(execFile);
const serverUrl = process.env.TEST_DATABASE_URL;
const work = mkdtempSync(path.join(os.tmpdir(), "nerima-backup-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const COUNT_EVERY_TABLE = `
  select string_agg(format('select %L as name, count(*)::int as rows from %I', table_name, table_name), ' union all ' order by table_name) as query
  from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;

type Counts = Record<string, number>;

async function countsIn(query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>): Promise<Counts> {
  const [{ query: union }] = (await query(COUNT_EVERY_TABLE)).rows as { query: string }[];
  const rows = (await query(union)).rows as { name: string; rows: number }[];
  return Object.fromEntries(rows.map((row) => [row.name, row.rows]));
}

async function pgliteCounts(dataDir: string): Promise<Counts> {
  const pglite = new PGlite(dataDir);
  try {
    return await countsIn((sql) => pglite.query(sql));
  } finally {
    await pglite.close();
  }
}

async function postgresCounts(url: string): Promise<Counts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await countsIn((sql) => client.query(sql));
  } finally {
    await client.end();
  }
}

it.skipIf(serverUrl)(
  "backs up the embedded demo while the site runs and restores it into a fresh folder",
  async () => {
    const dataDir = path.join(work, "data");
    const file = path.join(work, "backups", "demo.tar.gz");
    const site = await startServerProcess({ DATA_DIR: dataDir });
    let backup: { stdout: string };
    try {
      // Something the demo seed did not write, made just before the backup.
      const signedUp = await fetch(`${site.url}/signup`, {
        method: "POST",
        body: new URLSearchParams({
          name: "控え 確認",
          email: "backup@example.jp",
          password: "a-long-password-1",
          privacy: "yes",
        }),
        redirect: "manual",
      });
      expect(signedUp.status).toBe(302);
      backup = await run("npx", ["tsx", "app/cli/backup.ts", "--out", file], {
        env: { ...process.env, DATA_DIR: dataDir },
      });
    } finally {
      expect(await site.stop()).toBe(0);
    }
    expect(backup.stdout).toContain("taken by the running server");

    const restoredDir = path.join(work, "restored");
    const restore = await run("npx", ["tsx", "app/cli/restore.ts", file], {
      env: { ...process.env, DATA_DIR: restoredDir },
    });
    expect(restore.stdout).toContain(`Restored ${file}`);

    const original = await pgliteCounts(dataDir);
    expect(original.users).toBeGreaterThan(5);
    expect(original.proposals).toBeGreaterThan(0);
    expect(await pgliteCounts(restoredDir)).toEqual(original);
    const pglite = new PGlite(restoredDir);
    try {
      const { rows } = await pglite.query("select name from users where email = 'backup@example.jp'");
      expect(rows).toEqual([{ name: "控え 確認" }]);
    } finally {
      await pglite.close();
    }
  },
  120_000,
);

it.skipIf(!serverUrl)(
  "backs up the demo on PostgreSQL with pg_dump and restores it into a new database with pg_restore",
  async () => {
    const source = await createScratchDatabase(serverUrl!, "nerima_backup_source");
    const target = await createScratchDatabase(serverUrl!, "nerima_backup_target");
    try {
      const handle = openDatabase({ url: source.url });
      try {
        await migrateToLatest(handle.db);
        await seedDemoIfNew(handle.db, { publicUrl: "http://localhost:3000", secret: "s".repeat(32) });
      } finally {
        await handle.close();
      }
      const file = path.join(work, "nerima.dump");
      // The README's commands, word for word.
      await run("pg_dump", ["--format=custom", `--file=${file}`, source.url]);
      await run("pg_restore", ["--clean", "--if-exists", "--no-owner", `--dbname=${target.url}`, file]);

      const original = await postgresCounts(source.url);
      expect(original.users).toBeGreaterThan(5);
      expect(original.kysely_migration).toBeGreaterThan(0);
      expect(await postgresCounts(target.url)).toEqual(original);
    } finally {
      await source.drop();
      await target.drop();
    }
  },
  120_000,
);
