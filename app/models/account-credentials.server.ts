/**
 * Passwords and addresses: logging in by password (throttled), a forgotten password reset by
 * e-mail, and the signed-in person's own password and e-mail address changed after giving the
 * password again. The new address is confirmed through confirmEmail in accounts.server.ts.
 */
import { verify } from "@node-rs/argon2";
import { type Kysely, sql } from "kysely";
import type { Database, User } from "../../db/schema";
import { findUserByEmail, findUserById, hashPassword, normalizeEmail } from "./accounts.server";
import { recordAudit, recordSecurityEvent } from "./audit.server";
import { consumeEmailToken, mailTokenLink } from "./email-tokens.server";
import {
  ADDRESS_ATTEMPT_LIMIT,
  accountFailures,
  accountSlowdownMs,
  clearLoginFailures,
  countAttempt,
  PAIR_ATTEMPT_LIMIT,
  recordAccountFailure,
  throttleKeys,
  uncountAttempt,
} from "./login-throttle.server";
import type { MailContext } from "./mail-context";

// Verified against when no account matches, so a wrong e-mail takes as long as a wrong password.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$w+OnWGO3R5GXJp6ANQH8UQ$QBqORLI1z9+aOoqIInYIv5X/eq8m9O3VciUKagVpprw";

/** A stored hash that cannot be read counts as a wrong password, never as an error. */
function passwordVerifies(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

export type AuthenticateResult =
  | { ok: true; user: User }
  | { ok: false; problem: "invalid" }
  | { ok: false; problem: "throttled"; until: Date };

export async function authenticate(
  db: Kysely<Database>,
  input: {
    email: string;
    password: string;
    clientAddress: string | null;
    now: Date;
    /** How an attempt on a much-failed account is held back (tests record it instead of waiting). */
    pause?: (ms: number) => Promise<void>;
  },
): Promise<AuthenticateResult> {
  const email = normalizeEmail(input.email);
  const keys = throttleKeys(email, input.clientAddress);
  // Counted before the password is checked: parallel guesses each take a place in the count.
  const locks = [
    await countAttempt(db, keys.pair, PAIR_ATTEMPT_LIMIT, input.now),
    await countAttempt(db, keys.address, ADDRESS_ATTEMPT_LIMIT, input.now),
  ].filter((until): until is Date => until !== null);
  const event = { email, clientAddress: input.clientAddress };
  if (locks.length > 0) {
    const until = new Date(Math.max(...locks.map((d) => d.getTime())));
    const target = await findUserByEmail(db, email);
    await recordSecurityEvent(db, "security.login_throttled", target?.id ?? null, event, null);
    return { ok: false, problem: "throttled", until };
  }
  const slowdown = accountSlowdownMs(await accountFailures(db, keys.account, input.now));
  if (slowdown > 0) await (input.pause ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(slowdown);

  const user = await findUserByEmail(db, email);
  const valid = await passwordVerifies(user?.password_hash ?? DUMMY_HASH, input.password);
  if (!user || !valid) {
    await recordAccountFailure(db, keys.account, input.now);
    await recordSecurityEvent(db, "security.login_failed", user?.id ?? null, event, null);
    return { ok: false, problem: "invalid" };
  }
  await clearLoginFailures(db, keys.pair);
  await clearLoginFailures(db, keys.account);
  await uncountAttempt(db, keys.address);
  return { ok: true, user };
}

/** Always answers the same way whether or not the address is registered, so it cannot be used to probe accounts. */
export async function requestPasswordReset(db: Kysely<Database>, email: string, ctx: MailContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await findUserByEmail(trx, email);
    if (!user) return;
    await mailTokenLink(trx, { user, to: user.email, purpose: "reset_password" }, ctx);
    await recordAudit(trx, null, "user.password_reset_requested", ["user", user.id]);
  });
}

export async function resetPassword(
  db: Kysely<Database>,
  input: { token: string; password: string; now: Date },
): Promise<{ ok: true } | { ok: false; problem: "invalid" | "expired" | "used" }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const consumed = await consumeEmailToken(trx, { token: input.token, purposes: ["reset_password"], now: input.now });
    if (!consumed.ok) return consumed;
    // Opening the e-mailed link proves the address too.
    await trx
      .updateTable("users")
      .set({
        password_hash: passwordHash,
        updated_at: input.now,
        email_verified_at: sql<Date>`coalesce(email_verified_at, ${input.now.toISOString()}::timestamptz)`,
      })
      .where("id", "=", consumed.userId)
      .execute();
    // Whoever knew the old password is logged out everywhere.
    await trx.deleteFrom("sessions").where("user_id", "=", consumed.userId).execute();
    await recordAudit(trx, consumed.userId, "user.password_reset", ["user", consumed.userId]);
    return { ok: true as const };
  });
}

/** For actions that ask for the password again before a sensitive change. */
export async function passwordMatches(db: Kysely<Database>, userId: string, password: string): Promise<boolean> {
  const user = await findUserById(db, userId);
  return user ? passwordVerifies(user.password_hash, password) : false;
}

export type CredentialChangeResult = { ok: true } | { ok: false; field: string; message: string };

export async function requestEmailChange(
  db: Kysely<Database>,
  input: { userId: string; newEmail: string; currentPassword: string },
  ctx: MailContext,
): Promise<CredentialChangeResult> {
  const user = await findUserById(db, input.userId);
  if (!user) throw new Error("user not found");
  const newEmail = normalizeEmail(input.newEmail);
  if (!(await passwordVerifies(user.password_hash, input.currentPassword))) {
    return { ok: false, field: "currentPassword", message: "validation.password.wrong" };
  }
  if (newEmail === user.email) return { ok: false, field: "newEmail", message: "validation.email.same" };
  if (await findUserByEmail(db, newEmail)) return { ok: false, field: "newEmail", message: "validation.email.taken" };
  await db.transaction().execute(async (trx) => {
    await mailTokenLink(trx, { user, to: newEmail, purpose: "change_email", newEmail }, ctx);
    await recordAudit(trx, user.id, "user.email_change_requested", ["user", user.id]);
  });
  return { ok: true };
}

export async function changePassword(
  db: Kysely<Database>,
  input: { userId: string; currentPassword: string; newPassword: string; keepSessionId: string; now: Date },
): Promise<CredentialChangeResult> {
  const user = await findUserById(db, input.userId);
  if (!user) throw new Error("user not found");
  if (!(await passwordVerifies(user.password_hash, input.currentPassword))) {
    return { ok: false, field: "currentPassword", message: "validation.password.wrong" };
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, updated_at: input.now })
      .where("id", "=", user.id)
      .execute();
    await trx.deleteFrom("sessions").where("user_id", "=", user.id).where("id", "!=", input.keepSessionId).execute();
    await recordAudit(trx, user.id, "user.password_changed", ["user", user.id]);
  });
  return { ok: true };
}
