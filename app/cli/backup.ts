/**
 * npm run backup [-- --out backups/nerima.tar.gz]
 *
 * A consistent copy of the embedded database (DATA_DIR, default ./data), taken while the site runs
 * (the running server writes it) or while it is stopped. With DATABASE_URL, use pg_dump instead:
 * README › Running it for real › Backup and restore.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { backupStoppedDataDir, requestBackup, serverIsRunning } from "../../db/backup";
import { configOrExit, fail } from "./shared";

const { values } = parseArgs({ options: { out: { type: "string" } } });
const config = configOrExit();
if (config.databaseUrl) {
  fail(
    "DATABASE_URL is set: back up PostgreSQL with pg_dump, e.g.\n" +
      '  pg_dump --format=custom --file=nerima-$(date +%F).dump "$DATABASE_URL"',
  );
}
const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
const file = path.resolve(values.out ?? path.join("backups", `nerima-${stamp}.tar.gz`));
const running = await serverIsRunning(config.dataDir);
const bytes = running ? await requestBackup(config.dataDir, file) : await backupStoppedDataDir(config.dataDir, file);
console.log(
  `Backup of ${config.dataDir} (${running ? "taken by the running server" : "site stopped"}): ${file} (${Math.round(bytes / 1024)} KB)`,
);
