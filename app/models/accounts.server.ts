import { randomUUID } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { type Kysely, sql } from "kysely";
import type { Database, Role, User } from "../../db/schema";
import type { Locale } from "../i18n";
import { recordAudit, recordSecurityEvent } from "./audit.server";
import { privacyPolicyVersion } from "./content-pages.server";
import { consumeEmailToken, issueEmailToken, revokeEmailTokens, TOKEN_LIFETIME_HOURS } from "./email-tokens.server";
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
import { enqueueMail } from "./mail.server";
import type { MailContext } from "./mail-context";
import { claimReviewerInvitations } from "./review-panel.server";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when no account matches, so a wrong e-mail takes as long as a wrong password.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$w+OnWGO3R5GXJp6ANQH8UQ$QBqORLI1z9+aOoqIInYIv5X/eq8m9O3VciUKagVpprw";

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "23505"
  );
}

export async function findUserByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom("users").selectAll().where("email", "=", normalizeEmail(email)).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: string) {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

async function sendVerification(db: Kysely<Database>, user: Pick<User, "id" | "name" | "email">, ctx: MailContext) {
  await revokeEmailTokens(db, { userId: user.id, purpose: "verify_email", now: ctx.now });
  const token = await issueEmailToken(db, { userId: user.id, purpose: "verify_email", now: ctx.now });
  await enqueueMail(db, user.email, "verify-email", {
    locale: ctx.locale,
    name: user.name,
    url: `${ctx.publicUrl}/verify-email?token=${token}`,
    hours: TOKEN_LIFETIME_HOURS.verify_email,
  });
}

export type SignUpResult = { ok: true; user: User } | { ok: false; error: "email_taken" };

export async function signUp(
  db: Kysely<Database>,
  /** The person agreed (the sign-up form's box) to the privacy policy `privacyVersion`, by default the one in force. */
  input: { name: string; email: string; password: string; privacyVersion?: string },
  ctx: MailContext,
): Promise<SignUpResult> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto("users")
        .values({
          id: randomUUID(),
          email,
          name: input.name,
          password_hash: passwordHash,
          locale: ctx.locale,
          privacy_version: input.privacyVersion ?? privacyPolicyVersion(),
          privacy_agreed_at: ctx.now,
          created_at: ctx.now,
          updated_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorId: created.id,
        action: "user.signed_up",
        entityType: "user",
        entityId: created.id,
      });
      await sendVerification(trx, created, ctx);
      return created;
    });
    return { ok: true, user };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  // The address is taken: the page answers as for a new account, and the owner hears of it instead.
  const owner = await findUserByEmail(db, email);
  if (owner) {
    await enqueueMail(db, owner.email, "notice", {
      locale: owner.locale,
      name: owner.name,
      kind: "alreadyRegistered",
      params: {},
      url: `${ctx.publicUrl}/forgot-password`,
    });
  }
  return { ok: false, error: "email_taken" };
}

export async function resendVerification(db: Kysely<Database>, userId: string, ctx: MailContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user || user.email_verified_at) return;
    await sendVerification(trx, user, ctx);
  });
}

export type AuthenticateResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; until: Date };

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
    return { ok: false, reason: "throttled", until };
  }
  const slowdown = accountSlowdownMs(await accountFailures(db, keys.account, input.now));
  if (slowdown > 0) await (input.pause ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(slowdown);

  const user = await findUserByEmail(db, email);
  const valid = await verify(user?.password_hash ?? DUMMY_HASH, input.password).catch(() => false);
  if (!user || !valid) {
    await recordAccountFailure(db, keys.account, input.now);
    await recordSecurityEvent(db, "security.login_failed", user?.id ?? null, event, null);
    return { ok: false, reason: "invalid" };
  }
  await clearLoginFailures(db, keys.pair);
  await clearLoginFailures(db, keys.account);
  await uncountAttempt(db, keys.address);
  return { ok: true, user };
}

export type ConfirmEmailResult =
  | { ok: true; kind: "verified" | "changed" }
  | { ok: false; problem: "invalid" | "expired" | "used" | "email_taken" };

/** Confirms a sign-up address, or switches to a new address after an e-mail change. */
export async function confirmEmail(db: Kysely<Database>, token: string, now: Date): Promise<ConfirmEmailResult> {
  try {
    return await db.transaction().execute(async (trx): Promise<ConfirmEmailResult> => {
      const consumed = await consumeEmailToken(trx, { token, purposes: ["verify_email", "change_email"], now });
      if (!consumed.ok) return consumed;
      if (consumed.purpose === "change_email" && consumed.newEmail) {
        await trx
          .updateTable("users")
          .set({ email: consumed.newEmail, email_verified_at: now, updated_at: now })
          .where("id", "=", consumed.userId)
          .execute();
        await recordAudit(trx, {
          actorId: consumed.userId,
          action: "user.email_changed",
          entityType: "user",
          entityId: consumed.userId,
        });
        await claimReviewerInvitations(trx, { userId: consumed.userId, email: consumed.newEmail, now });
        return { ok: true, kind: "changed" };
      }
      await trx
        .updateTable("users")
        .set({ email_verified_at: now, updated_at: now })
        .where("id", "=", consumed.userId)
        .where("email_verified_at", "is", null)
        .execute();
      await recordAudit(trx, {
        actorId: consumed.userId,
        action: "user.email_verified",
        entityType: "user",
        entityId: consumed.userId,
      });
      // A reviewer invited before having an account becomes one once the address is proven.
      const verified = await trx
        .selectFrom("users")
        .select("email")
        .where("id", "=", consumed.userId)
        .executeTakeFirstOrThrow();
      await claimReviewerInvitations(trx, { userId: consumed.userId, email: verified.email, now });
      return { ok: true, kind: "verified" };
    });
  } catch (error) {
    // Someone registered the new address between the request and the confirmation.
    if (isUniqueViolation(error)) return { ok: false, problem: "email_taken" };
    throw error;
  }
}

/** Always answers the same way whether or not the address is registered, so it cannot be used to probe accounts. */
export async function requestPasswordReset(db: Kysely<Database>, email: string, ctx: MailContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await findUserByEmail(trx, email);
    if (!user) return;
    await revokeEmailTokens(trx, { userId: user.id, purpose: "reset_password", now: ctx.now });
    const token = await issueEmailToken(trx, { userId: user.id, purpose: "reset_password", now: ctx.now });
    await enqueueMail(trx, user.email, "reset-password", {
      locale: ctx.locale,
      name: user.name,
      url: `${ctx.publicUrl}/reset-password?token=${token}`,
      hours: TOKEN_LIFETIME_HOURS.reset_password,
    });
    await recordAudit(trx, {
      actorId: null,
      action: "user.password_reset_requested",
      entityType: "user",
      entityId: user.id,
    });
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
    await recordAudit(trx, {
      actorId: consumed.userId,
      action: "user.password_reset",
      entityType: "user",
      entityId: consumed.userId,
    });
    return { ok: true as const };
  });
}

/** The language e-mail about other people's actions is written in. */
export async function setPreferredLocale(db: Kysely<Database>, userId: string, locale: Locale): Promise<void> {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

export async function changeName(db: Kysely<Database>, userId: string, name: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ name, updated_at: now }).where("id", "=", userId).execute();
    await recordAudit(trx, { actorId: userId, action: "user.name_changed", entityType: "user", entityId: userId });
  });
}

/** For actions that ask for the password again before a sensitive change. */
export async function passwordMatches(db: Kysely<Database>, userId: string, password: string): Promise<boolean> {
  const user = await findUserById(db, userId);
  return user ? verify(user.password_hash, password).catch(() => false) : false;
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
  if (!(await verify(user.password_hash, input.currentPassword).catch(() => false))) {
    return { ok: false, field: "currentPassword", message: "validation.password.wrong" };
  }
  if (newEmail === user.email) return { ok: false, field: "newEmail", message: "validation.email.same" };
  if (await findUserByEmail(db, newEmail)) return { ok: false, field: "newEmail", message: "validation.email.taken" };
  await db.transaction().execute(async (trx) => {
    await revokeEmailTokens(trx, { userId: user.id, purpose: "change_email", now: ctx.now });
    const token = await issueEmailToken(trx, { userId: user.id, purpose: "change_email", newEmail, now: ctx.now });
    await enqueueMail(trx, newEmail, "change-email", {
      locale: ctx.locale,
      name: user.name,
      url: `${ctx.publicUrl}/verify-email?token=${token}`,
      hours: TOKEN_LIFETIME_HOURS.change_email,
    });
    await recordAudit(trx, {
      actorId: user.id,
      action: "user.email_change_requested",
      entityType: "user",
      entityId: user.id,
    });
  });
  return { ok: true };
}

export async function changePassword(
  db: Kysely<Database>,
  input: { userId: string; currentPassword: string; newPassword: string; keepSessionId: string; now: Date },
): Promise<CredentialChangeResult> {
  const user = await findUserById(db, input.userId);
  if (!user) throw new Error("user not found");
  if (!(await verify(user.password_hash, input.currentPassword).catch(() => false))) {
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
    await recordAudit(trx, {
      actorId: user.id,
      action: "user.password_changed",
      entityType: "user",
      entityId: user.id,
    });
  });
  return { ok: true };
}

export async function setUserRole(
  db: Kysely<Database>,
  input: { actorId: string; userId: string; role: Role },
): Promise<{ ok: true } | { ok: false; error: "last_admin" | "not_found" }> {
  return db.transaction().execute(async (trx) => {
    // Lock the admins first so two simultaneous demotions cannot both pass the check.
    const admins = await trx.selectFrom("users").select("id").where("role", "=", "admin").forUpdate().execute();
    const target = await trx
      .selectFrom("users")
      .select(["id", "role"])
      .where("id", "=", input.userId)
      .executeTakeFirst();
    if (!target) return { ok: false as const, error: "not_found" as const };
    if (target.role === input.role) return { ok: true as const };
    if (target.role === "admin" && admins.length <= 1) return { ok: false as const, error: "last_admin" as const };
    await trx
      .updateTable("users")
      .set({ role: input.role, updated_at: new Date() })
      .where("id", "=", target.id)
      .execute();
    // Access follows the new role from the next request: the person logs in again, and a role that
    // needs a second factor asks them to set one up then.
    await trx.deleteFrom("sessions").where("user_id", "=", target.id).execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "user.role_changed",
      entityType: "user",
      entityId: target.id,
      details: { from: target.role, to: input.role },
    });
    return { ok: true as const };
  });
}

/** For the shell (`npm run user:create`) and the demo seed: an account that is already verified. */
export async function createVerifiedUser(
  db: Kysely<Database>,
  input: {
    email: string;
    name: string;
    password: string;
    role: Role;
    actorId?: string | null;
    /** The privacy policy version the person agreed to; by default the one in force; null asks them on their first visit. */
    privacyVersion?: string | null;
  },
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const privacyVersion = input.privacyVersion === undefined ? privacyPolicyVersion() : input.privacyVersion;
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    const user = await trx
      .insertInto("users")
      .values({
        id: randomUUID(),
        email: normalizeEmail(input.email),
        name: input.name,
        password_hash: passwordHash,
        role: input.role,
        email_verified_at: now,
        privacy_version: privacyVersion,
        privacy_agreed_at: privacyVersion === null ? null : now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: input.actorId ?? null,
      action: "user.created",
      entityType: "user",
      entityId: user.id,
      details: { role: input.role },
    });
    return user;
  });
}

/** Records that the person agreed to the privacy policy `version` (asked after a change, or on an older account). */
export async function agreeToPrivacyPolicy(db: Kysely<Database>, userId: string, version: string, now: Date) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ privacy_version: version, privacy_agreed_at: now, updated_at: now })
      .where("id", "=", userId)
      .execute();
    await recordAudit(trx, {
      actorId: userId,
      action: "user.privacy_agreed",
      entityType: "user",
      entityId: userId,
      details: { version },
    });
  });
}

export async function listUsers(db: Kysely<Database>, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom("users")
      .select(["id", "name", "email", "role", "email_verified_at", "created_at", "totp_enabled_at"])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}
