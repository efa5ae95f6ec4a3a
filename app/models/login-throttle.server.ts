import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";

/**
 * Failed log-ins are counted per account and per client address in the database, so the limits
 * hold across server processes and restarts. Within a window, reaching the limit locks the key
 * until the lock expires; a success clears the account's counter (not the address's).
 */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const THROTTLE_LOCK_MS = 15 * 60_000;
export const ACCOUNT_FAILURE_LIMIT = 5;
export const ADDRESS_FAILURE_LIMIT = 30;

export function throttleKeys(email: string, clientAddress: string | null) {
  const keys = [{ key: `account:${email}`, limit: ACCOUNT_FAILURE_LIMIT }];
  if (clientAddress) keys.push({ key: `address:${clientAddress}`, limit: ADDRESS_FAILURE_LIMIT });
  return keys;
}

/** The moment the caller may try again, or null when no key is locked. */
export async function lockedUntil(db: Kysely<Database>, keys: string[], now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom("login_throttles")
    .select((eb) => eb.fn.max("locked_until").as("until"))
    .where("key", "in", keys)
    .where("locked_until", ">", now)
    .executeTakeFirst();
  return row?.until ? new Date(row.until) : null;
}

export async function recordLoginFailure(
  db: Kysely<Database>,
  keys: { key: string; limit: number }[],
  now: Date,
): Promise<void> {
  // Passed as ISO text with explicit casts: inside CASE the driver cannot infer a parameter's type.
  const windowStart = sql`${new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString()}::timestamptz`;
  const lockUntilDate = new Date(now.getTime() + THROTTLE_LOCK_MS);
  const lockUntil = sql`${lockUntilDate.toISOString()}::timestamptz`;
  const nowText = sql`${now.toISOString()}::timestamptz`;
  for (const { key, limit } of keys) {
    // One atomic upsert: concurrent failures from several processes all count.
    await db
      .insertInto("login_throttles")
      .values({ key, failure_count: 1, window_started_at: now, locked_until: limit <= 1 ? lockUntilDate : null })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          failure_count: sql`case when login_throttles.window_started_at < ${windowStart} then 1 else login_throttles.failure_count + 1 end`,
          window_started_at: sql`case when login_throttles.window_started_at < ${windowStart} then ${nowText} else login_throttles.window_started_at end`,
          locked_until: sql`case when login_throttles.window_started_at >= ${windowStart} and login_throttles.failure_count + 1 >= ${limit}::int then ${lockUntil} else login_throttles.locked_until end`,
        }),
      )
      .execute();
  }
}

export async function clearLoginFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("login_throttles").where("key", "=", key).execute();
}
