import type { Kysely } from "kysely";
import { migrationsAreCurrent } from "../../db/connection";
import type { Database } from "../../db/schema";
import { oldestUnsentAgeSeconds } from "./mail.server";

export interface Readiness {
  ready: boolean;
  database: "ok" | "unavailable";
  migrations: "current" | "pending" | "unknown";
  /** Seconds the oldest unsent e-mail has waited (null: none waits). Informational: a mail server's outage does not make the site unready. */
  oldestUnsentMailSeconds: number | null;
}

/** A load balancer asks every few seconds: the answer must come quickly even when the database does not. */
const CHECK_BOUND_MS = 2_000;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function checkReadiness(db: Kysely<Database>, now = new Date()): Promise<Readiness> {
  try {
    const [current, oldest] = await within(
      Promise.all([migrationsAreCurrent(db), oldestUnsentAgeSeconds(db, now)]),
      CHECK_BOUND_MS,
    );
    return {
      ready: current,
      database: "ok",
      migrations: current ? "current" : "pending",
      oldestUnsentMailSeconds: oldest,
    };
  } catch {
    return { ready: false, database: "unavailable", migrations: "unknown", oldestUnsentMailSeconds: null };
  }
}
