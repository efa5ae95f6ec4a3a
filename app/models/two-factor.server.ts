import { type Kysely, sql } from "kysely";
import type { Database, Role } from "../../db/schema";
import {
  hashRecoveryCode,
  looksLikeRecoveryCode,
  matchingStep,
  newRecoveryCodes,
  openTotpKey,
  sealTotpKey,
  totpCode,
  totpStep,
} from "../utils/totp.server";
import { recordAudit } from "./audit.server";

/**
 * After the site's secret changes (loadSigningSecrets): every second-factor key sealed under an
 * earlier secret is sealed again under the new one, so staff keep the codes their app shows. Keys
 * no secret opens are left as they are and counted (their people set up again with a recovery code
 * or an admin's reset).
 */
export async function resealTotpKeys(db: Kysely<Database>, secret: string, previous: readonly string[]) {
  const sealed = await db
    .selectFrom("users")
    .select(["id", "totp_key_sealed"])
    .where("totp_key_sealed", "is not", null)
    .execute();
  let resealed = 0;
  let unopened = 0;
  for (const user of sealed) {
    const current = user.totp_key_sealed ?? "";
    if (openTotpKey(current, secret)) continue;
    const key = previous.map((old) => openTotpKey(current, old)).find((opened) => opened !== null);
    if (!key) {
      unopened += 1;
      continue;
    }
    // Only if no one has changed it meanwhile (another process re-sealing, a new enrolment).
    const updated = await db
      .updateTable("users")
      .set({ totp_key_sealed: sealTotpKey(key, secret) })
      .where("id", "=", user.id)
      .where("totp_key_sealed", "=", current)
      .executeTakeFirst();
    resealed += Number(updated.numUpdatedRows);
  }
  return { resealed, unopened };
}

/** Staff and admin accounts decide on public money and personal data: they must use a second factor. */
export function secondFactorRequired(role: Role): boolean {
  return role === "staff" || role === "admin";
}

export async function twoFactorStatus(db: Kysely<Database>, userId: string) {
  const [user, codes] = await Promise.all([
    db.selectFrom("users").select(["totp_enabled_at"]).where("id", "=", userId).executeTakeFirst(),
    db
      .selectFrom("recovery_codes")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("user_id", "=", userId)
      .where("used_at", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  return { enabledAt: user?.totp_enabled_at ?? null, recoveryCodesLeft: Number(codes.count) };
}

async function replaceRecoveryCodes(db: Kysely<Database>, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  await db
    .insertInto("recovery_codes")
    .values(codes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode(code) })))
    .execute();
  return codes;
}

export type EnableResult = { ok: true; recoveryCodes: string[] } | { ok: false; problem: "wrong_code" };

/** Switches two-factor sign-in on once the person proves their app holds the key. */
export async function enableTwoFactor(
  db: Kysely<Database>,
  input: { userId: string; sealedKey: string; code: string; now: Date; siteSecret: string },
): Promise<EnableResult> {
  const key = openTotpKey(input.sealedKey, input.siteSecret);
  const step = key ? matchingStep(key, input.code, input.now) : null;
  if (step === null) return { ok: false, problem: "wrong_code" };
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ totp_key_sealed: input.sealedKey, totp_enabled_at: input.now, totp_last_step: step })
      .where("id", "=", input.userId)
      .execute();
    const recoveryCodes = await replaceRecoveryCodes(trx, input.userId);
    await recordAudit(trx, input.userId, "security.two_factor_enabled", ["user", input.userId]);
    return { ok: true as const, recoveryCodes };
  });
}

export type SecondFactorResult = { ok: true; usedRecoveryCode: boolean } | { ok: false };

/**
 * Checks a code from the app, or a recovery code. Each is good once: the accepted step is stored in
 * the same UPDATE that checks it is newer, and a recovery code is marked used in the UPDATE that finds it.
 */
export async function verifySecondFactor(
  db: Kysely<Database>,
  input: { userId: string; code: string; now: Date; siteSecret: string },
): Promise<SecondFactorResult> {
  const code = input.code.trim();
  if (looksLikeRecoveryCode(code)) {
    const used = await db
      .updateTable("recovery_codes")
      .set({ used_at: input.now })
      .where("user_id", "=", input.userId)
      .where("code_hash", "=", hashRecoveryCode(code))
      .where("used_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!used) return { ok: false };
    await recordAudit(db, input.userId, "security.recovery_code_used", ["user", input.userId]);
    return { ok: true, usedRecoveryCode: true };
  }
  const user = await db
    .selectFrom("users")
    .select(["totp_key_sealed"])
    .where("id", "=", input.userId)
    .where("totp_enabled_at", "is not", null)
    .executeTakeFirst();
  const key = user?.totp_key_sealed ? openTotpKey(user.totp_key_sealed, input.siteSecret) : null;
  const step = key ? matchingStep(key, code.replace(/\s/g, ""), input.now) : null;
  if (step === null) return { ok: false };
  const taken = await db
    .updateTable("users")
    .set({ totp_last_step: step })
    .where("id", "=", input.userId)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", sql<string>`${step}`)]))
    .returning("id")
    .executeTakeFirst();
  return taken ? { ok: true, usedRecoveryCode: false } : { ok: false };
}

/** New recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(db: Kysely<Database>, userId: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const codes = await replaceRecoveryCodes(trx, userId);
    await recordAudit(trx, userId, "security.recovery_codes_renewed", ["user", userId]);
    return codes;
  });
}

/**
 * Switches two-factor sign-in off: by the person themselves (not allowed where it is required), or
 * by an admin for someone who lost their phone and codes, whose sessions then end.
 */
export async function disableTwoFactor(
  db: Kysely<Database>,
  input: { userId: string; actorId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ totp_key_sealed: null, totp_enabled_at: null, totp_last_step: null })
      .where("id", "=", input.userId)
      .execute();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", input.userId).execute();
    if (input.actorId !== input.userId) await trx.deleteFrom("sessions").where("user_id", "=", input.userId).execute();
    await recordAudit(trx, input.actorId, "security.two_factor_removed", ["user", input.userId]);
  });
}

/**
 * On the demo only: the code the demo's staff accounts would read off their app, for the next step
 * not yet used (null when both usable steps are spent: wait half a minute).
 */
export async function demoCode(
  db: Kysely<Database>,
  input: { userId: string; now: Date; siteSecret: string },
): Promise<string | null> {
  const user = await db
    .selectFrom("users")
    .select(["totp_key_sealed", "totp_last_step"])
    .where("id", "=", input.userId)
    .executeTakeFirst();
  const key = user?.totp_key_sealed ? openTotpKey(user.totp_key_sealed, input.siteSecret) : null;
  if (!key) return null;
  const current = totpStep(input.now);
  const step = Math.max(current, Number(user?.totp_last_step ?? 0) + 1);
  return step <= current + 1 ? totpCode(key, step) : null;
}
