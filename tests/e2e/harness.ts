/**
 * What the browser tests run against: a real SMTP receiver that files each message under
 * test-results/mailbox, a fresh database (a temporary PGlite folder, or a new database on the
 * server named by TEST_DATABASE_URL), and the built site (server.js) pointing at both.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase } from "../support/database";
import { fileMail } from "../support/mailbox";
import { startSmtpReceiver } from "../support/smtp";
import { E2E_PORT, MAILBOX_DIR } from "./settings";

rmSync(MAILBOX_DIR, { recursive: true, force: true });
mkdirSync(MAILBOX_DIR, { recursive: true });
let received = 0;
const receiver = await startSmtpReceiver({
  onMail: (mail) => {
    received += 1;
    fileMail(MAILBOX_DIR, received, mail);
  },
});

let databaseEnv: Record<string, string>;
let dropDatabase = async () => {};
if (process.env.TEST_DATABASE_URL) {
  const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL, "nerima_e2e");
  databaseEnv = { DATABASE_URL: scratch.url, SEED_DEMO: "true" };
  dropDatabase = scratch.drop;
} else {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "nerima-e2e-"));
  databaseEnv = { DATA_DIR: dataDir };
  dropDatabase = async () => rmSync(dataDir, { recursive: true, force: true });
}

const { DATABASE_URL: _ignored, ...inherited } = process.env;
const site = spawn(process.execPath, ["server.js"], {
  env: {
    ...inherited,
    ...databaseEnv,
    NODE_ENV: "production",
    PORT: String(E2E_PORT),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`,
    SMTP_URL: receiver.url,
    // Warnings and errors only: an access-log line per request would bury Playwright's report.
    LOG_LEVEL: "warn",
  },
  stdio: "inherit",
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (site.exitCode === null) {
    site.kill("SIGTERM");
    await new Promise((resolve) => site.once("exit", resolve));
  }
  await receiver.close();
  await dropDatabase();
  process.exit(code);
}

site.once("exit", (code) => void stop(code ?? 1));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop(0));
