/**
 * An account: signing up and confirming the address, the accounts the shell and the seed create,
 * the person's name, language and agreement to the privacy policy. Passwords, log-in and address
 * changes are in account-credentials.server.ts; the administrator's list and roles in
 * account-admin.server.ts.
 */
import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import type { Database, Role, User } from "../../db/schema";
import type { Locale } from "../i18n";
import { recordAudit } from "./audit.server";
import { privacyPolicyVersion } from "./content-pages.server";
import { consumeEmailToken, mailTokenLink } from "./email-tokens.server";
import { enqueueMail } from "./mail.server";
import type { MailContext } from "./mail-context";
import { claimReviewerInvitations } from "./review-panel.server";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

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
  await mailTokenLink(db, { user, to: user.email, purpose: "verify_email" }, ctx);
}

export type SignUpResult = { ok: true; user: User } | { ok: false; problem: "email_taken" };

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
      await recordAudit(trx, created.id, "user.signed_up", ["user", created.id]);
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
  return { ok: false, problem: "email_taken" };
}

export async function resendVerification(db: Kysely<Database>, userId: string, ctx: MailContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user || user.email_verified_at) return;
    await sendVerification(trx, user, ctx);
  });
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
        await recordAudit(trx, consumed.userId, "user.email_changed", ["user", consumed.userId]);
        await claimReviewerInvitations(trx, { userId: consumed.userId, email: consumed.newEmail, now });
        return { ok: true, kind: "changed" };
      }
      await trx
        .updateTable("users")
        .set({ email_verified_at: now, updated_at: now })
        .where("id", "=", consumed.userId)
        .where("email_verified_at", "is", null)
        .execute();
      await recordAudit(trx, consumed.userId, "user.email_verified", ["user", consumed.userId]);
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

/** The language e-mail about other people's actions is written in. */
export async function setPreferredLocale(db: Kysely<Database>, userId: string, locale: Locale): Promise<void> {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

export async function changeName(db: Kysely<Database>, userId: string, name: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ name, updated_at: now }).where("id", "=", userId).execute();
    await recordAudit(trx, userId, "user.name_changed", ["user", userId]);
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
    await recordAudit(trx, input.actorId ?? null, "user.created", ["user", user.id], { role: input.role });
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
    await recordAudit(trx, userId, "user.privacy_agreed", ["user", userId], { version });
  });
}
