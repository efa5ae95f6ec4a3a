/**
 * A notice's e-mail, as each person asked for it (notification-preferences.ts): sent now, kept for
 * the next morning's digest, or not sent (the in-app notice is kept either way); and the digest
 * itself, one e-mail per person and day.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { NoticeKind } from "../../emails/notice";
import { type MessageKey, translator } from "../i18n";
import { readableDates, startOfTokyoDay, tokyoToday } from "../utils/japan-time";
import { enqueueMail } from "./mail.server";
import type { MailContext } from "./mail-context";
import {
  DELIVERIES,
  type Delivery,
  DIGEST_HOUR,
  deliveryOf,
  GROUP_OF,
  NOTICE_GROUPS,
  type NoticeGroup,
} from "./notification-preferences";
import type { Recipient } from "./notifications.server";

/** A person's choices, every group filled in (immediate where they chose nothing). */
export async function preferencesOf(db: Kysely<Database>, userId: string): Promise<Record<NoticeGroup, Delivery>> {
  const rows = await db
    .selectFrom("notice_preferences")
    .select(["notice_group", "delivery"])
    .where("user_id", "=", userId)
    .execute();
  const chosen = new Map(rows.map((row) => [row.notice_group, row.delivery]));
  return Object.fromEntries(NOTICE_GROUPS.map((group) => [group, chosen.get(group) ?? "immediate"])) as Record<
    NoticeGroup,
    Delivery
  >;
}

export async function savePreferences(
  db: Kysely<Database>,
  userId: string,
  choices: Record<NoticeGroup, Delivery>,
): Promise<void> {
  const rows = NOTICE_GROUPS.filter((group) => DELIVERIES.includes(choices[group])).map((group) => ({
    user_id: userId,
    notice_group: group,
    delivery: choices[group],
  }));
  await db
    .insertInto("notice_preferences")
    .values(rows)
    .onConflict((oc) =>
      oc.columns(["user_id", "notice_group"]).doUpdateSet((eb) => ({ delivery: eb.ref("excluded.delivery") })),
    )
    .execute();
}

export interface NoticeMail {
  kind: NoticeKind;
  /** The e-mail's wording (`mail.<kind>.*`). */
  params: Record<string, string>;
  link: string;
  /** The line the digest shows for it (the in-app notice's wording). */
  line: { message: MessageKey; params: Record<string, string> };
}

/**
 * Sends, keeps for the digest, or drops each recipient's e-mail of one notice, as they chose. One
 * query for everyone's choice. Call it inside the transaction that records the event.
 */
export async function mailNotice(db: Kysely<Database>, recipients: Recipient[], mail: NoticeMail, ctx: MailContext) {
  if (recipients.length === 0) return;
  const chosen = new Map(
    (
      await db
        .selectFrom("notice_preferences")
        .select(["user_id", "delivery"])
        .where("notice_group", "=", GROUP_OF[mail.kind])
        .where(
          "user_id",
          "in",
          recipients.map((r) => r.id),
        )
        .execute()
    ).map((row) => [row.user_id, row.delivery]),
  );
  const digest: Recipient[] = [];
  for (const r of recipients) {
    const delivery = deliveryOf(mail.kind, chosen.get(r.id));
    if (delivery === "digest") digest.push(r);
    if (delivery !== "immediate") continue;
    await enqueueMail(db, r.email, "notice", {
      locale: r.locale,
      name: r.name,
      kind: mail.kind,
      params: mail.params,
      url: `${ctx.publicUrl}${mail.link}`,
    });
  }
  if (digest.length === 0) return;
  await db
    .insertInto("digest_items")
    .values(
      digest.map((r) => ({
        user_id: r.id,
        message_key: mail.line.message,
        params: JSON.stringify(mail.line.params),
        link: mail.link,
        created_at: ctx.now,
      })),
    )
    .execute();
}

/** When today's digest goes: DIGEST_HOUR in Japan, with what arrived before then. */
function digestTime(now: Date): Date {
  return new Date(startOfTokyoDay(tokyoToday(now)).getTime() + DIGEST_HOUR * 3600_000);
}

/**
 * From DIGEST_HOUR on, each person with notices kept for the digest gets one e-mail listing them,
 * once a day: the day is claimed and the notices marked in the transaction that queues the e-mail,
 * so two processes never send it twice. Notices that arrive later wait for the next day's.
 */
export async function sendDigests(db: Kysely<Database>, ctx: MailContext): Promise<number> {
  const cutoff = digestTime(ctx.now);
  if (ctx.now < cutoff) return 0;
  const day = tokyoToday(ctx.now);
  const waiting = await db
    .selectFrom("digest_items")
    .select("user_id")
    .distinct()
    .where("sent_at", "is", null)
    .where("created_at", "<", cutoff)
    .execute();
  let sent = 0;
  for (const { user_id: userId } of waiting) {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto("digest_runs")
        .values({ user_id: userId, day, sent_at: ctx.now })
        .onConflict((oc) => oc.columns(["user_id", "day"]).doNothing())
        .returning("user_id")
        .executeTakeFirst();
      if (!claimed) return;
      const items = await trx
        .updateTable("digest_items")
        .set({ sent_at: ctx.now })
        .where("user_id", "=", userId)
        .where("sent_at", "is", null)
        .where("created_at", "<", cutoff)
        .returning(["message_key", "params", "link", "created_at"])
        .execute();
      const person = await trx
        .selectFrom("users")
        .select(["email", "name", "locale"])
        .where("id", "=", userId)
        .executeTakeFirst();
      if (!person || items.length === 0) return;
      const locale = person.locale === "en" ? "en" : "ja";
      const t = translator(locale);
      items.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
      await enqueueMail(trx, person.email, "digest", {
        locale,
        name: person.name,
        items: items.map((item) => ({
          text: t(item.message_key as MessageKey, readableDates(item.params, locale)),
          url: `${ctx.publicUrl}${item.link}`,
        })),
        settingsUrl: `${ctx.publicUrl}/notifications/settings`,
      });
      sent += 1;
    });
  }
  return sent;
}
