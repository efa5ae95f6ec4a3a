import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";

/** A link that works without signing in: the person's id signed with the site's secret. */
export function unsubscribeToken(userId: string, secret: string): string {
  const signature = createHmac("sha256", secret).update(`unsubscribe:${userId}`).digest("base64url");
  return `${Buffer.from(userId).toString("base64url")}.${signature}`;
}

export function unsubscribeUrl(publicUrl: string, userId: string, secret: string): string {
  return `${publicUrl}/unsubscribe?token=${unsubscribeToken(userId, secret)}`;
}

/** Whose link this is, when the site's secret (or one being rotated out) signed it. */
export function readUnsubscribeToken(token: string, secrets: string | readonly string[]): string | null {
  const [encoded, signature] = token.split(".");
  if (!encoded || !signature) return null;
  const userId = Buffer.from(encoded, "base64url").toString("utf8");
  const given = Buffer.from(signature);
  const signedBy = (secret: string) => {
    const expected = Buffer.from(unsubscribeToken(userId, secret).split(".")[1]);
    return expected.length === given.length && timingSafeEqual(expected, given);
  };
  return (typeof secrets === "string" ? [secrets] : secrets).some(signedBy) ? userId : null;
}

export async function subscriptionsOf(db: Kysely<Database>, userId: string) {
  const rows = await db.selectFrom("subscriptions").select(["kind", "value"]).where("user_id", "=", userId).execute();
  return {
    fields: rows.filter((r) => r.kind === "field").map((r) => r.value),
    courses: rows.filter((r) => r.kind === "course").map((r) => r.value),
  };
}

export async function setSubscriptions(
  db: Kysely<Database>,
  input: { userId: string; fields: string[]; courses: string[] },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("subscriptions").where("user_id", "=", input.userId).execute();
    const rows = [
      ...input.fields.map((value) => ({ user_id: input.userId, kind: "field" as const, value })),
      ...input.courses.map((value) => ({ user_id: input.userId, kind: "course" as const, value })),
    ];
    if (rows.length) await trx.insertInto("subscriptions").values(rows).execute();
    await recordAudit(trx, input.userId, "user.subscriptions_changed", ["user", input.userId], {
      fields: input.fields,
      courses: input.courses,
    });
  });
}

export async function unsubscribeAll(db: Kysely<Database>, userId: string): Promise<boolean> {
  const deleted = await db.deleteFrom("subscriptions").where("user_id", "=", userId).executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

const SECRET_KEY = "signing_secret";

/**
 * The site's secret: it signs links sent by e-mail and the half-done log-in cookie, and seals
 * second-factor keys. SESSION_SECRET when set, otherwise one generated on first start and kept in
 * the database, so every server process shares it. `previous` (SESSION_SECRET_PREVIOUS) is still
 * accepted for what it signed while it is rotated out; `keysSealedUnder` are the secrets keys may
 * still be sealed with, which boot seals again under the new one: the previous ones and, once
 * SESSION_SECRET replaces it, the generated one (never accepted for anything else, so that a copy
 * of the database alone signs nothing the site believes).
 */
export async function loadSigningSecrets(
  db: Kysely<Database>,
  configured: string | null,
  configuredPrevious: readonly string[] = [],
): Promise<{ secret: string; previous: string[]; keysSealedUnder: string[] }> {
  if (configured) {
    const stored = await db.selectFrom("app_settings").select("value").where("key", "=", SECRET_KEY).executeTakeFirst();
    const previous = [...new Set(configuredPrevious)].filter((secret) => secret !== configured);
    const keysSealedUnder = [...new Set([...previous, ...(stored ? [stored.value] : [])])];
    return { secret: configured, previous, keysSealedUnder: keysSealedUnder.filter((secret) => secret !== configured) };
  }
  await db
    .insertInto("app_settings")
    .values({ key: SECRET_KEY, value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("app_settings")
    .select("value")
    .where("key", "=", SECRET_KEY)
    .executeTakeFirstOrThrow();
  return { secret: row.value, previous: [], keysSealedUnder: [] };
}
