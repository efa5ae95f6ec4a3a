import { type Kysely, sql } from "kysely";
import type { Transporter } from "nodemailer";
import type { Database, OutboxMessage } from "../../db/schema";
import { renderMail, type TemplateName, type TemplateProps } from "../../emails";

/**
 * Mail is never sent from a request. It is written to the outbox in the same transaction as the
 * event that causes it (so a rolled-back event sends nothing), and a worker delivers it later,
 * retrying while the mail server is down.
 */
export async function enqueueMail<N extends TemplateName>(
  db: Kysely<Database>,
  to: string,
  template: N,
  props: TemplateProps[N],
): Promise<void> {
  const rendered = await renderMail(template, props);
  await db
    .insertInto("mail_outbox")
    .values({
      to_address: to,
      template,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      next_attempt_at: new Date(),
    })
    .execute();
}

export const MAX_ATTEMPTS = 8;
/** How long a worker may hold a claimed message before another process may take it over. */
export const LEASE_MS = 2 * 60_000;

/** 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
}

/**
 * Claims due messages with `FOR UPDATE SKIP LOCKED`: two workers never claim the same row, so a
 * message is handed to the mail server once. A message whose lease ran out (its worker died
 * mid-send) becomes due again.
 */
export async function claimDueMail(db: Kysely<Database>, now: Date, limit = 10): Promise<OutboxMessage[]> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  return db
    .updateTable("mail_outbox")
    .set({ status: "sending", lease_until: leaseUntil, attempts: sql`attempts + 1` })
    .where(
      "id",
      "in",
      db
        .selectFrom("mail_outbox")
        .select("id")
        .where((eb) =>
          eb.or([
            eb.and([eb("status", "=", "pending"), eb("next_attempt_at", "<=", now)]),
            eb.and([eb("status", "=", "sending"), eb("lease_until", "<", now)]),
          ]),
        )
        .orderBy("id")
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

export async function markSent(db: Kysely<Database>, id: number, now: Date): Promise<void> {
  await db
    .updateTable("mail_outbox")
    .set({ status: "sent", sent_at: now, lease_until: null, last_error: null })
    .where("id", "=", id)
    .execute();
}

export async function markFailedAttempt(db: Kysely<Database>, message: OutboxMessage, error: string, now: Date) {
  const giveUp = message.attempts >= MAX_ATTEMPTS;
  await db
    .updateTable("mail_outbox")
    .set({
      status: giveUp ? "failed" : "pending",
      lease_until: null,
      last_error: error.slice(0, 1000),
      next_attempt_at: new Date(now.getTime() + retryDelayMs(message.attempts)),
    })
    .where("id", "=", message.id)
    .execute();
}

export async function deliverDueMail(
  db: Kysely<Database>,
  transport: Transporter,
  from: string,
  now: () => Date = () => new Date(),
): Promise<number> {
  const claimed = await claimDueMail(db, now());
  for (const message of claimed) {
    try {
      await transport.sendMail({
        from,
        to: message.to_address,
        subject: message.subject,
        html: message.html,
        text: message.text,
      });
      await markSent(db, message.id, now());
    } catch (error) {
      await markFailedAttempt(db, message, error instanceof Error ? error.message : String(error), now());
    }
  }
  return claimed.length;
}

export interface MailWorker {
  stop(): Promise<void>;
}

export function startMailWorker(
  db: Kysely<Database>,
  transport: Transporter,
  from: string,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): MailWorker {
  const intervalMs = options.intervalMs ?? 1000;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = (async () => {
      try {
        // Keep going while there is a backlog; otherwise wait for the next tick.
        while (!stopped && (await deliverDueMail(db, transport, from)) > 0) {}
      } catch (error) {
        options.onError?.(error);
      }
    })().finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export async function listOutbox(db: Kysely<Database>, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom("mail_outbox")
      .select(["id", "to_address", "subject", "status", "created_at"])
      .orderBy("id", "desc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom("mail_outbox")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

export async function getOutboxMessage(db: Kysely<Database>, id: number) {
  return db.selectFrom("mail_outbox").selectAll().where("id", "=", id).executeTakeFirst();
}
