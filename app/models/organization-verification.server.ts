/** Staff verify a newly registered organisation, or return it to its representatives to correct. */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { MailContext } from "./mail-context";
import { notify } from "./notifications.server";
import { organizationRecipients } from "./organizations.server";

export async function verificationQueue(db: Kysely<Database>) {
  return db
    .selectFrom("organizations")
    .select(["id", "name", "name_kana", "kind", "description", "contact_email", "created_at", "verification_status"])
    .where("verification_status", "=", "unverified")
    .orderBy("created_at")
    .limit(100)
    .execute();
}

export async function decideVerification(
  db: Kysely<Database>,
  input: { organizationId: string; staffId: string; decision: "verified" | "returned"; note?: string },
  ctx: MailContext,
): Promise<{ ok: true; name: string } | { ok: false }> {
  return db.transaction().execute(async (trx) => {
    const org = await trx
      .updateTable("organizations")
      .set({
        verification_status: input.decision,
        verification_note: input.decision === "returned" ? (input.note ?? null) : null,
        verified_at: input.decision === "verified" ? ctx.now : null,
        updated_at: ctx.now,
      })
      .where("id", "=", input.organizationId)
      .where("verification_status", "=", "unverified")
      .returning(["id", "name"])
      .executeTakeFirst();
    if (!org) return { ok: false as const };
    await recordAudit(
      trx,
      input.staffId,
      input.decision === "verified" ? "organization.verified" : "organization.returned",
      ["organization", org.id],
      input.note ? { note: input.note } : {},
    );
    const verified = input.decision === "verified";
    await notify(
      trx,
      await organizationRecipients(trx, [org.id], true),
      {
        message: verified ? "notice.orgVerified" : "notice.orgReturned",
        mail: verified ? "orgVerified" : "orgReturned",
        params: { org: org.name, note: input.note ?? "" },
        link: verified ? `/organizations/${org.id}` : `/organizations/${org.id}/edit`,
      },
      ctx,
    );
    return { ok: true as const, name: org.name };
  });
}

/**
 * How many days the ward has lately taken to verify an organisation, from registration: the
 * median of the last 30 verified, rounded up; null before the first. Told to those still waiting.
 */
export async function typicalVerificationDays(db: Kysely<Database>): Promise<number | null> {
  const recent = db
    .selectFrom("organizations")
    .select(sql<number>`extract(epoch from verified_at - created_at) / 86400`.as("days"))
    .where("verified_at", "is not", null)
    .orderBy("verified_at", "desc")
    .limit(30)
    .as("recent");
  const row = await db
    .selectFrom(recent)
    .select(sql<number | null>`percentile_cont(0.5) within group (order by days)`.as("median"))
    .executeTakeFirst();
  return row?.median == null ? null : Math.max(1, Math.ceil(Number(row.median)));
}
