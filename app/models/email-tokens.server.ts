import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, EmailTokenPurpose } from "../../db/schema";
import type { TemplateName } from "../../emails";
import { enqueueMail } from "./mail.server";
import type { MailContext } from "./mail-context";

export const TOKEN_LIFETIME_HOURS: Record<EmailTokenPurpose, number> = {
  verify_email: 24,
  change_email: 24,
  reset_password: 1,
};

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function issueEmailToken(
  db: Kysely<Database>,
  input: { userId: string; purpose: EmailTokenPurpose; newEmail?: string; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(input.now.getTime() + TOKEN_LIFETIME_HOURS[input.purpose] * 3600_000);
  await db
    .insertInto("email_tokens")
    .values({
      token_hash: hashToken(token),
      user_id: input.userId,
      purpose: input.purpose,
      new_email: input.newEmail ?? null,
      expires_at: expiresAt,
    })
    .execute();
  return token;
}

export type TokenProblem = "invalid" | "expired" | "used";
export type ConsumedToken =
  | { ok: true; userId: string; purpose: EmailTokenPurpose; newEmail: string | null }
  | { ok: false; problem: TokenProblem };

/**
 * Marks the token used in one conditional UPDATE, so two requests racing with the same link
 * cannot both succeed: exactly one row update wins.
 */
export async function consumeEmailToken(
  db: Kysely<Database>,
  input: { token: string; purposes: EmailTokenPurpose[]; now: Date },
): Promise<ConsumedToken> {
  const tokenHash = hashToken(input.token);
  const used = await db
    .updateTable("email_tokens")
    .set({ used_at: input.now })
    .where("token_hash", "=", tokenHash)
    .where("purpose", "in", input.purposes)
    .where("used_at", "is", null)
    .where("expires_at", ">", input.now)
    .returning(["user_id", "purpose", "new_email"])
    .executeTakeFirst();
  if (used) return { ok: true, userId: used.user_id, purpose: used.purpose, newEmail: used.new_email };
  return { ok: false, problem: await whyUnusable(db, tokenHash, input.purposes) };
}

/** Checks a token without using it, so a page can say up front that a link is dead. */
export async function checkEmailToken(
  db: Kysely<Database>,
  input: { token: string; purposes: EmailTokenPurpose[]; now: Date },
): Promise<TokenProblem | null> {
  const row = await db
    .selectFrom("email_tokens")
    .select(["used_at", "expires_at"])
    .where("token_hash", "=", hashToken(input.token))
    .where("purpose", "in", input.purposes)
    .executeTakeFirst();
  if (!row) return "invalid";
  if (row.used_at) return "used";
  if (row.expires_at <= input.now) return "expired";
  return null;
}

async function whyUnusable(
  db: Kysely<Database>,
  tokenHash: string,
  purposes: EmailTokenPurpose[],
): Promise<TokenProblem> {
  const row = await db
    .selectFrom("email_tokens")
    .select(["used_at"])
    .where("token_hash", "=", tokenHash)
    .where("purpose", "in", purposes)
    .executeTakeFirst();
  if (!row) return "invalid";
  return row.used_at ? "used" : "expired";
}

/** A new link replaces the old ones: only the most recent e-mail works. */
export async function revokeEmailTokens(
  db: Kysely<Database>,
  input: { userId: string; purpose: EmailTokenPurpose; now: Date },
): Promise<void> {
  await db
    .updateTable("email_tokens")
    .set({ used_at: input.now })
    .where("user_id", "=", input.userId)
    .where("purpose", "=", input.purpose)
    .where("used_at", "is", null)
    .execute();
}

/** The e-mail each kind of link goes out in, and the page it opens. */
const LINKS = {
  verify_email: { template: "verify-email", path: "/verify-email" },
  change_email: { template: "change-email", path: "/verify-email" },
  reset_password: { template: "reset-password", path: "/reset-password" },
} as const satisfies Record<EmailTokenPurpose, { template: TemplateName; path: string }>;

/**
 * E-mails a new link for `purpose` to `to` (the account's address, or the new address a change is
 * to prove); the person's earlier links for the same purpose stop working.
 */
export async function mailTokenLink(
  db: Kysely<Database>,
  input: { user: { id: string; name: string }; to: string; purpose: EmailTokenPurpose; newEmail?: string },
  ctx: MailContext,
): Promise<void> {
  const { user, purpose } = input;
  await revokeEmailTokens(db, { userId: user.id, purpose, now: ctx.now });
  const token = await issueEmailToken(db, { userId: user.id, purpose, newEmail: input.newEmail, now: ctx.now });
  const link = LINKS[purpose];
  await enqueueMail(db, input.to, link.template, {
    locale: ctx.locale,
    name: user.name,
    url: `${ctx.publicUrl}${link.path}?token=${token}`,
    hours: TOKEN_LIFETIME_HOURS[purpose],
  });
}
