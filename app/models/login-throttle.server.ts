import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";

/**
 * Log-in attempts are counted in the database, so the limits hold across server processes and
 * restarts, and each attempt is counted (atomically) before its password is checked, so guesses
 * sent in parallel cannot all slip in before the first failure is recorded.
 *
 * - One account from one client address: 5 attempts in 15 minutes, then 15 minutes locked.
 * - One client address, whatever the accounts: 30 attempts, then locked.
 * - One account from everywhere: never locked, only slowed down. Otherwise anyone could lock
 *   anyone out with five wrong passwords (and behind a proxy, everyone would share one address).
 */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const THROTTLE_LOCK_MS = 15 * 60_000;
export const PAIR_ATTEMPT_LIMIT = 5;
export const ADDRESS_ATTEMPT_LIMIT = 30;
/** Failures of one account from every address before each further attempt is slowed. */
export const ACCOUNT_SLOWDOWN_AFTER = 5;
const SLOWDOWN_STEP_MS = 500;
const SLOWDOWN_MAX_MS = 5_000;

export interface ThrottleKeys {
  pair: string;
  address: string;
  account: string;
}

export function throttleKeys(email: string, clientAddress: string | null): ThrottleKeys {
  const address = clientAddress ?? "unknown";
  return { pair: `pair:${email}|${address}`, address: `address:${address}`, account: `account:${email}` };
}

/** How long to hold an attempt on an account that has failed this often, from anywhere. */
export function accountSlowdownMs(failures: number): number {
  return Math.min(Math.max(0, failures - ACCOUNT_SLOWDOWN_AFTER) * SLOWDOWN_STEP_MS, SLOWDOWN_MAX_MS);
}

/**
 * Counts one attempt against a key in one statement, and says until when the key is locked (null:
 * the attempt may go ahead). The attempt past the limit locks the key for THROTTLE_LOCK_MS.
 */
export async function countAttempt(db: Kysely<Database>, key: string, limit: number, now: Date): Promise<Date | null> {
  // Passed as ISO text with explicit casts: inside CASE the driver cannot infer a parameter's type.
  const windowStart = sql`${new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString()}::timestamptz`;
  const lockUntil = sql`${new Date(now.getTime() + THROTTLE_LOCK_MS).toISOString()}::timestamptz`;
  const nowText = sql`${now.toISOString()}::timestamptz`;
  const row = await db
    .insertInto("login_throttles")
    .values({ key, failure_count: 1, window_started_at: now, locked_until: null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failure_count: sql`case when login_throttles.window_started_at < ${windowStart} then 1 else login_throttles.failure_count + 1 end`,
        window_started_at: sql`case when login_throttles.window_started_at < ${windowStart} then ${nowText} else login_throttles.window_started_at end`,
        locked_until: sql`case
          when login_throttles.locked_until > ${nowText} then login_throttles.locked_until
          when login_throttles.window_started_at >= ${windowStart} and login_throttles.failure_count + 1 > ${limit}::int then ${lockUntil}
          else null end`,
      }),
    )
    .returning("locked_until")
    .executeTakeFirstOrThrow();
  const until = row.locked_until ? new Date(row.locked_until) : null;
  return until && until > now ? until : null;
}

/** Takes back one counted attempt (it succeeded): a busy shared address is not locked by successes. */
export async function uncountAttempt(db: Kysely<Database>, key: string): Promise<void> {
  await db
    .updateTable("login_throttles")
    .set({ failure_count: sql`greatest(failure_count - 1, 0)` })
    .where("key", "=", key)
    .execute();
}

/** Failures of an account within the window, from every address. */
export async function accountFailures(db: Kysely<Database>, key: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom("login_throttles")
    .select("failure_count")
    .where("key", "=", key)
    .where("window_started_at", ">=", new Date(now.getTime() - THROTTLE_WINDOW_MS))
    .executeTakeFirst();
  return row?.failure_count ?? 0;
}

/** Records a failure against the account (never locks: see accountSlowdownMs). */
export async function recordAccountFailure(db: Kysely<Database>, key: string, now: Date): Promise<void> {
  await countAttempt(db, key, 2_000_000_000, now);
}

export async function clearLoginFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("login_throttles").where("key", "=", key).execute();
}
