import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { MailContext } from "./mail-context";
import { mailNotice } from "./notice-deliveries.server";
import { addNotices, type Recipient } from "./notifications.server";

async function staffRecipients(db: Kysely<Database>) {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "locale"])
    .where("role", "in", ["staff", "admin"])
    .execute();
}

/**
 * 事前相談: a member asks; every staff account is told (in the app and by e-mail) and any of them
 * may answer in the thread; the member is told of each answer.
 */
export async function requestConsultation(
  db: Kysely<Database>,
  input: { themeId: string; userId: string; subject: string; message: string },
  ctx: MailContext,
) {
  return db.transaction().execute(async (trx) => {
    const id = randomUUID();
    await trx
      .insertInto("consultations")
      .values({
        id,
        theme_id: input.themeId,
        requested_by: input.userId,
        subject: input.subject,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .execute();
    await trx
      .insertInto("consultation_messages")
      .values({
        consultation_id: id,
        author_id: input.userId,
        from_staff: false,
        body: input.message,
        created_at: ctx.now,
      })
      .execute();
    await tell(
      trx,
      await staffRecipients(trx),
      { id, subject: input.subject, message: input.message, key: "notice.consultationRequested" },
      ctx,
    );
    await recordAudit(trx, input.userId, "consultation.requested", ["consultation", id]);
    return id;
  });
}

async function tell(
  db: Kysely<Database>,
  people: Recipient[],
  about: {
    id: string;
    subject: string;
    message: string;
    key: "notice.consultationRequested" | "notice.consultationReply";
  },
  ctx: MailContext,
) {
  if (people.length === 0) return;
  // The in-app line names the subject only; the e-mail carries the message too.
  await addNotices(
    db,
    people.map((p) => p.id),
    { message: about.key, params: { subject: about.subject }, link: `/consultations/${about.id}` },
  );
  await mailNotice(
    db,
    people,
    {
      kind: "consultation",
      params: { subject: about.subject, message: about.message },
      link: `/consultations/${about.id}`,
      line: { message: about.key, params: { subject: about.subject } },
    },
    ctx,
  );
}

/** The thread for its requester or for staff; null for anyone else. */
export async function getConsultation(db: Kysely<Database>, id: string, viewer: { id: string; isStaff: boolean }) {
  const consultation = await db
    .selectFrom("consultations as c")
    .innerJoin("themes as t", "t.id", "c.theme_id")
    .innerJoin("users as u", "u.id", "c.requested_by")
    .select([
      "c.id",
      "c.subject",
      "c.status",
      "c.requested_by",
      "c.created_at",
      "t.id as theme_id",
      "t.title as theme_title",
      "t.department",
      "u.name as requester_name",
    ])
    .where("c.id", "=", id)
    .executeTakeFirst();
  if (!consultation || (!viewer.isStaff && consultation.requested_by !== viewer.id)) return null;
  const messages = await db
    .selectFrom("consultation_messages as m")
    .leftJoin("users as u", "u.id", "m.author_id")
    .select(["m.id", "m.body", "m.from_staff", "m.created_at", "u.name as author_name"])
    .where("m.consultation_id", "=", id)
    .orderBy("m.id")
    .execute();
  return { consultation, messages };
}

export async function replyToConsultation(
  db: Kysely<Database>,
  input: { id: string; author: { id: string; isStaff: boolean }; message: string },
  ctx: MailContext,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const found = await getConsultation(trx, input.id, input.author);
    if (!found) return false;
    const { consultation } = found;
    const fromStaff = input.author.isStaff && consultation.requested_by !== input.author.id;
    await trx
      .insertInto("consultation_messages")
      .values({
        consultation_id: input.id,
        author_id: input.author.id,
        from_staff: fromStaff,
        body: input.message,
        created_at: ctx.now,
      })
      .execute();
    await trx
      .updateTable("consultations")
      .set({ updated_at: ctx.now, status: "open" })
      .where("id", "=", input.id)
      .execute();
    const recipients = fromStaff
      ? await trx
          .selectFrom("users")
          .select(["id", "email", "name", "locale"])
          .where("id", "=", consultation.requested_by)
          .execute()
      : await staffRecipients(trx);
    await tell(
      trx,
      recipients,
      {
        id: input.id,
        subject: consultation.subject,
        message: input.message,
        key: fromStaff ? "notice.consultationReply" : "notice.consultationRequested",
      },
      ctx,
    );
    return true;
  });
}

export async function closeConsultation(db: Kysely<Database>, input: { id: string; staffId: string; now: Date }) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("consultations")
      .set({ status: "closed", updated_at: input.now })
      .where("id", "=", input.id)
      .execute();
    await recordAudit(trx, input.staffId, "consultation.closed", ["consultation", input.id]);
  });
}

export async function consultationsForStaff(db: Kysely<Database>) {
  return db
    .selectFrom("consultations as c")
    .innerJoin("themes as t", "t.id", "c.theme_id")
    .innerJoin("users as u", "u.id", "c.requested_by")
    .select(["c.id", "c.subject", "c.status", "c.updated_at", "t.title as theme_title", "u.name as requester_name"])
    .orderBy("c.status", "desc")
    .orderBy("c.updated_at", "desc")
    .limit(200)
    .execute();
}

export async function consultationsOf(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("consultations as c")
    .innerJoin("themes as t", "t.id", "c.theme_id")
    .select(["c.id", "c.subject", "c.status", "c.updated_at", "t.title as theme_title"])
    .where("c.requested_by", "=", userId)
    .orderBy("c.updated_at", "desc")
    .limit(50)
    .execute();
}
