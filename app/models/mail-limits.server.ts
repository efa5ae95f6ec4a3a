import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { countAttempt } from "./login-throttle.server";

/**
 * Every action that makes the site send e-mail is counted, per address written to (or per account
 * acting) and per client address, in the same table and windows as log-in attempts. Counted before
 * anything is looked up, so the answer says nothing about whether an address is registered.
 *
 * - One purpose and one address: 3 in 15 minutes (enough for "it did not arrive, send again").
 * - One client address, every purpose: 50 in 15 minutes (a sign-up session at a community hall shares one).
 */
export const MAIL_PER_TARGET_LIMIT = 3;
export const MAIL_PER_CLIENT_LIMIT = 50;

export type MailPurpose = "signup" | "reset" | "resend" | "change-email" | "consultation" | "invitation";

export async function mailAllowed(
  db: Kysely<Database>,
  input: { purpose: MailPurpose; target: string; clientAddress: string | null; now: Date },
): Promise<boolean> {
  const target = await countAttempt(
    db,
    `mail:${input.purpose}:${input.target.trim().toLowerCase()}`,
    MAIL_PER_TARGET_LIMIT,
    input.now,
  );
  const client = await countAttempt(
    db,
    `mail-client:${input.clientAddress ?? "unknown"}`,
    MAIL_PER_CLIENT_LIMIT,
    input.now,
  );
  return target === null && client === null;
}
