import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { NoticeKind } from "../../emails/notice";
import type { MessageKey } from "../i18n";
import type { MailContext } from "./mail-context";
import { mailNotice } from "./notice-deliveries.server";

export interface Recipient {
  id: string;
  email: string;
  name: string;
  locale: "ja" | "en";
}

export interface Notice {
  /** The in-app line: a `notice.*` catalog key. */
  message: MessageKey;
  /** The e-mail: `mail.<mail>.*` catalog keys. */
  mail: NoticeKind;
  params: Record<string, string>;
  /** Path on this site the notice leads to. */
  link: string;
}

/**
 * Tells people about an event both in the app and by e-mail (at once, in the next digest, or not,
 * as each chose: notice-deliveries.server.ts). Call it inside the transaction
 * that records the event, so a rolled-back event tells no one.
 */
export async function notify(db: Kysely<Database>, recipients: Recipient[], notice: Notice, ctx: MailContext) {
  if (recipients.length === 0) return;
  await addNotices(
    db,
    recipients.map((r) => r.id),
    notice,
  );
  await mailNotice(
    db,
    recipients,
    {
      kind: notice.mail,
      params: notice.params,
      link: notice.link,
      line: { message: notice.message, params: notice.params },
    },
    ctx,
  );
}

/** The in-app line alone: for an event whose e-mail is not a notice, or that sends none. */
export async function addNotices(db: Kysely<Database>, userIds: string[], notice: Omit<Notice, "mail">) {
  if (userIds.length === 0) return;
  await db
    .insertInto("notifications")
    .values(
      userIds.map((userId) => ({
        user_id: userId,
        message_key: notice.message,
        params: JSON.stringify(notice.params),
        link: notice.link,
      })),
    )
    .execute();
}

export async function unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listNotifications(db: Kysely<Database>, userId: string, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom("notifications")
      .select(["id", "message_key", "params", "link", "read_at", "created_at"])
      .where("user_id", "=", userId)
      .orderBy("id", "desc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom("notifications")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

/** Marks one notification (or all, with id null) read — only ever the caller's own. */
export async function markRead(db: Kysely<Database>, userId: string, id: number | null, now: Date) {
  let query = db
    .updateTable("notifications")
    .set({ read_at: now })
    .where("user_id", "=", userId)
    .where("read_at", "is", null);
  if (id !== null) query = query.where("id", "=", id);
  await query.execute();
}
