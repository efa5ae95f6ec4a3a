import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DatabaseKind } from "../db/connection";
import type { Database } from "../db/schema";
import { type AppLucia, createLucia } from "./auth/lucia.server";
import type { Config } from "./config.server";

/** What every loader and action reaches for: set once at start-up (or by a test), then read. */
export interface Services {
  config: Config;
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  lucia: AppLucia;
  /** Signs links sent by e-mail and the half-done log-in cookie; seals second-factor keys. */
  secret: string;
  /** Earlier secrets, still accepted for what they signed (config.server.ts, loadSigningSecrets). */
  previousSecrets: string[];
  /**
   * The demo mailbox (/dev/mail, open to anyone): only on a database created as the demo (recorded
   * when it was seeded) with no SMTP_URL. It shows every verification and reset link.
   */
  demoMailbox: boolean;
  /** The database was created as the demo: its sample staff accounts' codes are shown at log-in. */
  demo: boolean;
}

let current: Services | null = null;

export function createServices(
  config: Config,
  db: Kysely<Database>,
  databaseKind: DatabaseKind,
  secret = config.sessionSecret ?? randomBytes(32).toString("base64url"),
  demoMailbox = false,
  demo = demoMailbox,
): Services {
  return {
    config,
    db,
    databaseKind,
    secret,
    previousSecrets: [],
    demoMailbox,
    demo,
    lucia: createLucia(db, config.publicUrl.startsWith("https://")),
  };
}

export function installServices(services: Services | null): void {
  current = services;
}

export function services(): Services {
  if (!current) throw new Error("Services are not started: call boot() first");
  return current;
}
