import { randomUUID } from "node:crypto";
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Transporter } from "nodemailer";
import type { Database, OutboxMessage } from "../../db/schema";
import { renderMail, type TemplateName, type TemplateProps } from "../../emails";
import { type Job, startJobs } from "../utils/jobs.server";

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
/**
 * How long a claim lasts unless renewed. A worker renews it every third of this while a send is
 * under way, and the SMTP timeouts (`SMTP_TIMEOUTS`) are well under it, so a slow mail server does
 * not let another process take over a message that is still being sent.
 */
export const LEASE_MS = 2 * 60_000;
/** Claimed together: few, so that a slow mail server holds few messages back from other processes. */
export const CLAIM_BATCH = 5;
/** For nodemailer: no single step of a send may hang longer than these. */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
}

/**
 * The same Message-ID for every attempt at one outbox row, so a receiver that got a message twice
 * (a crash after the mail server accepted it and before the row was marked) can drop the repeat.
 */
export function messageIdFor(message: Pick<OutboxMessage, "id" | "created_at">, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? "nerima-collab.localhost";
  return `<outbox-${message.id}-${message.created_at.getTime()}@${domain}>`;
}

/**
 * Claims due messages with `FOR UPDATE SKIP LOCKED` under a new lease token: two workers never
 * claim the same row at once. A message whose lease ran out (its worker died mid-send) becomes
 * due again, and the token it is claimed with then is the only one that can mark it.
 */
export async function claimDueMail(
  db: Kysely<Database>,
  now: Date,
  options: { limit?: number; leaseMs?: number } = {},
): Promise<OutboxMessage[]> {
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? LEASE_MS));
  const claimed = await db
    .updateTable("mail_outbox")
    .set({ status: "sending", lease_until: leaseUntil, lease_token: randomUUID(), attempts: sql`attempts + 1` })
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
        .limit(options.limit ?? CLAIM_BATCH)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  // UPDATE … RETURNING gives rows in storage order: send the oldest first.
  return claimed.sort((a, b) => a.id - b.id);
}

type Claimed = Pick<OutboxMessage, "id" | "lease_token">;

function heldBy(message: Claimed) {
  return (eb: ExpressionBuilder<Database, "mail_outbox">) =>
    eb.and([eb("id", "=", message.id), eb("status", "=", "sending"), eb("lease_token", "=", message.lease_token)]);
}

/** Extends the claim; false when another worker has taken the message over (or it was released). */
export async function renewLease(db: Kysely<Database>, message: Claimed, now: Date, leaseMs = LEASE_MS) {
  const renewed = await db
    .updateTable("mail_outbox")
    .set({ lease_until: new Date(now.getTime() + leaseMs) })
    .where(heldBy(message))
    .executeTakeFirst();
  return Number(renewed.numUpdatedRows) === 1;
}

/** Only the holder of the claim may mark the message: returns false if it no longer holds it. */
export async function markSent(db: Kysely<Database>, message: Claimed, now: Date): Promise<boolean> {
  const marked = await db
    .updateTable("mail_outbox")
    .set({ status: "sent", sent_at: now, lease_until: null, lease_token: null, last_error: null })
    .where(heldBy(message))
    .executeTakeFirst();
  return Number(marked.numUpdatedRows) === 1;
}

export async function markFailedAttempt(
  db: Kysely<Database>,
  message: Claimed & Pick<OutboxMessage, "attempts">,
  error: string,
  now: Date,
): Promise<boolean> {
  const giveUp = message.attempts >= MAX_ATTEMPTS;
  const marked = await db
    .updateTable("mail_outbox")
    .set({
      status: giveUp ? "failed" : "pending",
      lease_until: null,
      lease_token: null,
      last_error: error.slice(0, 1000),
      next_attempt_at: new Date(now.getTime() + retryDelayMs(message.attempts)),
    })
    .where(heldBy(message))
    .executeTakeFirst();
  return Number(marked.numUpdatedRows) === 1;
}

/**
 * Gives claimed messages back at once (a worker stopping, or a batch cut short), so another process
 * sends them without waiting for the lease to run out. A message never handed to the mail server
 * gets its attempt back: a deploy must not use up a message's retries.
 */
export async function releaseClaims(
  db: Kysely<Database>,
  messages: Claimed[],
  now: Date,
  options: { attempted: boolean },
): Promise<void> {
  for (const message of messages) {
    await db
      .updateTable("mail_outbox")
      .set({
        status: "pending",
        lease_until: null,
        lease_token: null,
        next_attempt_at: now,
        attempts: options.attempted ? sql`attempts` : sql`greatest(attempts - 1, 0)`,
      })
      .where(heldBy(message))
      .execute();
  }
}

/** What a worker holds: its claimed messages, and the one being handed to the mail server. */
export interface Holding {
  claimed: Set<OutboxMessage>;
  sending: OutboxMessage | null;
}

export interface DeliveryOptions {
  now?: () => Date;
  leaseMs?: number;
  limit?: number;
  /** Asked before each send: once true, the rest of the batch is released unsent. */
  stopping?: () => boolean;
  /** Kept up to date, so a shutdown can give back what is still held. */
  holding?: Holding;
}

const MARK_SENT_TRIES = 5;

/**
 * Records a delivered message. The mail server has it, so a database blip now must not turn into
 * a failed attempt (that would send it again): retry while the lease is ours. If the database stays
 * away, the row stays `sending` and is sent again after the lease, with the same Message-ID.
 */
async function recordSent(db: Kysely<Database>, message: Claimed, now: () => Date): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await markSent(db, message, now());
      return;
    } catch (error) {
      if (attempt >= MARK_SENT_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

export async function deliverDueMail(
  db: Kysely<Database>,
  transport: Transporter,
  from: string,
  options: DeliveryOptions = {},
): Promise<number> {
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const holding = options.holding ?? { claimed: new Set<OutboxMessage>(), sending: null };
  const claimed = await claimDueMail(db, now(), { limit: options.limit, leaseMs });
  for (const message of claimed) holding.claimed.add(message);
  try {
    for (const message of claimed) {
      if (options.stopping?.()) break;
      holding.claimed.delete(message);
      // An earlier send of this batch may have been slow: send only what this worker still holds.
      if (!(await renewLease(db, message, now(), leaseMs))) continue;
      holding.sending = message;
      const heartbeat = setInterval(() => {
        renewLease(db, message, now(), leaseMs).catch(() => {});
      }, leaseMs / 3);
      try {
        try {
          await transport.sendMail({
            from,
            to: message.to_address,
            subject: message.subject,
            html: message.html,
            text: message.text,
            messageId: messageIdFor(message, from),
          });
        } catch (error) {
          await markFailedAttempt(db, message, error instanceof Error ? error.message : String(error), now());
          continue;
        }
        await recordSent(db, message, now);
      } finally {
        clearInterval(heartbeat);
        holding.sending = null;
      }
    }
  } finally {
    const unsent = claimed.filter((message) => holding.claimed.has(message));
    for (const message of unsent) holding.claimed.delete(message);
    if (unsent.length > 0) await releaseClaims(db, unsent, now(), { attempted: false });
  }
  return claimed.length;
}

export interface MailWorker {
  /**
   * Stops claiming. The send under way may finish within `graceMs`; past that it is abandoned and
   * its claim released (the one case where a message can arrive twice: see README › E-mail).
   */
  stop(graceMs?: number): Promise<void>;
}

/** Delivering the outbox, as a job of the server's runner (app/utils/jobs.server.ts). */
export function mailJob(
  db: Kysely<Database>,
  transport: Transporter,
  from: string,
  options: { intervalMs?: number; leaseMs?: number } = {},
): Job {
  const holding: Holding = { claimed: new Set(), sending: null };
  return {
    name: "mail",
    everyMs: options.intervalMs ?? 1000,
    async run(stopping) {
      const delivery: DeliveryOptions = { leaseMs: options.leaseMs, holding, stopping };
      // Keep going while there is a backlog; otherwise wait for the next run.
      while (!stopping() && (await deliverDueMail(db, transport, from, delivery)) > 0) {}
    },
    async abandon() {
      // The mail server has not answered in time: give back what is held, the abandoned send included.
      const now = new Date();
      try {
        if (holding.sending) await releaseClaims(db, [holding.sending], now, { attempted: true });
        await releaseClaims(db, [...holding.claimed], now, { attempted: false });
      } finally {
        holding.sending = null;
        holding.claimed.clear();
      }
    },
  };
}

/** The outbox delivered on its own runner (tests; the server runs mailJob with its other jobs). */
export function startMailWorker(
  db: Kysely<Database>,
  transport: Transporter,
  from: string,
  options: { intervalMs?: number; leaseMs?: number; onError?: (error: unknown) => void } = {},
): MailWorker {
  return startJobs([mailJob(db, transport, from, options)], (_job, error) => options.onError?.(error));
}

/** Age in seconds of the oldest message still waiting to be sent (null when none waits). */
export async function oldestUnsentAgeSeconds(db: Kysely<Database>, now: Date): Promise<number | null> {
  const row = await db
    .selectFrom("mail_outbox")
    .select((eb) => eb.fn.min("created_at").as("oldest"))
    .where("status", "in", ["pending", "sending"])
    .executeTakeFirst();
  const oldest = row?.oldest ? new Date(row.oldest as Date | string) : null;
  return oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null;
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
