/**
 * npm run restore -- backups/nerima-20261130-020000.tar.gz
 *
 * Puts a backup made by `npm run backup` in place of the embedded database (DATA_DIR). Stop the
 * site first. The folder it replaces is kept beside it (data.before-restore-…), so nothing is lost.
 * The next `npm start` applies any migration the backup predates.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { restoreDataDir, serverIsRunning } from "../../db/backup";
import { configOrExit, fail } from "./shared";

const { positionals } = parseArgs({ allowPositionals: true });
if (positionals.length !== 1) fail("Usage: npm run restore -- FILE.tar.gz");
const file = path.resolve(positionals[0]);
if (!existsSync(file)) fail(`No such backup: ${file}`);
const config = configOrExit();
if (config.databaseUrl) {
  fail(
    "DATABASE_URL is set: restore PostgreSQL with pg_restore, e.g.\n" +
      '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" nerima-2026-11-30.dump',
  );
}
if (await serverIsRunning(config.dataDir)) fail(`The site is running on ${config.dataDir}: stop it first.`);
const keptAs = await restoreDataDir(file, config.dataDir);
console.log(`Restored ${file} into ${config.dataDir}.`);
if (keptAs) console.log(`The folder it replaced is kept as ${keptAs} (delete it once all is well).`);
