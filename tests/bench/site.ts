import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { totpCode, totpStep } from "../../app/utils/totp.server";
// The site under measurement: the production server (server.js) on a fresh database, with a
// counter of the SQL queries its pages run.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import pg from "pg";
import type { Database } from "../../db/schema";
import { freePort } from "../support/server-process";

export interface Site {
  url: string;
  db: Kysely<Database>;
  databaseKind: "pglite" | "postgres";
  /** The fresh database's URL (PostgreSQL only): the two-process check starts more servers on it. */
  databaseUrl: string | null;
  queriesSoFar(): number;
  /** Forgets the open-data files the site built, so the next download reads the grown data. */
  forgetCaches(): void;
  close(): Promise<void>;
  /** Closes the site and removes its database. */
  destroy(): Promise<void>;
}

export { freePort };

/** A database of its own on the server DATABASE_URL names, so a run never touches real data. */
async function createFreshPostgresDatabase(serverUrl: string) {
  const name = `nerima_bench_${process.pid}_${Date.now()}`;
  const admin = new URL(serverUrl);
  admin.pathname = "/postgres";
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

export async function startSite(databaseUrl: string | undefined): Promise<Site> {
  const port = await freePort();
  const fresh = databaseUrl ? await createFreshPostgresDatabase(databaseUrl) : null;
  const dataDir = fresh ? null : mkdtempSync(path.join(tmpdir(), "nerima-bench-"));
  let queries = 0;
  const { startServer } = (await import(path.resolve("server.js"))) as typeof import("../../server.js");
  const site = await startServer({
    env: {
      DATABASE_URL: fresh?.url ?? "",
      DATA_DIR: dataDir ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SEED_DEMO: "false",
      SMTP_URL: "",
      SESSION_SECRET: "bench-secret-bench-secret-bench-secret-0123",
      // One access-log line per request would bury the report (the site shares this process).
      LOG_LEVEL: "warn",
    },
    instrumentDatabase: (db: Kysely<Database>) =>
      // Counted as results come back: transformQuery also sees a query built into another (a CTE).
      db.withPlugin({
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          queries += 1;
          return args.result;
        },
      }),
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await site.close();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    db: site.running.services.db,
    databaseKind: fresh ? "postgres" : "pglite",
    databaseUrl: fresh?.url ?? null,
    queriesSoFar: () => queries,
    forgetCaches: () => (site.build.entry.module as { forgetBuiltDatasets(): void }).forgetBuiltDatasets(),
    close,
    async destroy() {
      await close();
      await fresh?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form, as a person would, and returns the session cookie. */
export async function signIn(siteUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${siteUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
    headers: { origin: siteUrl },
    redirect: "manual",
  });
  const cookies = cookiesOf(response);
  // Staff give a second factor (set up on their first log-in, as a person would with an app).
  const cookie =
    response.headers.get("location") === "/login/two-factor"
      ? await secondFactor(siteUrl, email, cookies)
      : cookies.find((c) => c.startsWith("nerima_session="));
  if (!cookie) throw new Error(`Could not sign in as ${email}: HTTP ${response.status}`);
  return cookie;
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]);
}

/** The authenticator app of each bench account: its key, and the last half-minute it gave a code for. */
const apps = new Map<string, { key: Uint8Array; lastStep: number }>();

async function secondFactor(siteUrl: string, email: string, cookies: string[]): Promise<string | undefined> {
  const pending = cookies.filter((c) => c.startsWith("nerima_login="));
  const page = await fetch(`${siteUrl}/login/two-factor`, { headers: { cookie: pending.join("; ") } });
  const withKey = cookiesOf(page).filter((c) => c.startsWith("nerima_login="));
  const typedKey = (await page.text()).match(/class="typed-key">([A-Z2-7 ]+)</)?.[1];
  if (typedKey) apps.set(email, { key: decodeBase32IgnorePadding(typedKey.replace(/\s/g, "")), lastStep: 0 });
  const app = apps.get(email);
  if (!app) throw new Error(`No authenticator app for ${email}`);
  // A code is good once: take the next half-minute not yet used, waiting for it if need be.
  let step = Math.max(totpStep(new Date()), app.lastStep + 1);
  while (step > totpStep(new Date()) + 1) await new Promise((resolve) => setTimeout(resolve, 1000));
  step = Math.max(step, totpStep(new Date()));
  app.lastStep = step;
  const answer = await fetch(`${siteUrl}/login/two-factor`, {
    method: "POST",
    body: new URLSearchParams({ code: totpCode(app.key, step) }),
    headers: { origin: siteUrl, cookie: (withKey.length ? withKey : pending).join("; ") },
    redirect: "manual",
  });
  return cookiesOf(answer).find((c) => c.startsWith("nerima_session="));
}
