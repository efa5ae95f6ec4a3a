import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, EmailTokenPurpose } from "../../db/schema";

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
