import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimDueMail,
  deliverDueMail,
  enqueueMail,
  MAX_ATTEMPTS,
  markFailedAttempt,
  markSent,
  messageIdFor,
  renewLease,
  startMailWorker,
} from "~/models/mail.server";
import { openDatabase } from "../../db/connection";
import { createTestDatabase } from "../support/database";
import { startSmtpReceiver } from "../support/smtp";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.cleanup());

const props = (name: string) => ({
  locale: "ja" as const,
  name,
  url: "http://lab.test/verify-email?token=t",
  hours: 24,
});

async function freePort(): Promise<number> {
  const receiver = await startSmtpReceiver();
  await receiver.close();
  return receiver.port;
}

function transportTo(port: number) {
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 2000,
  });
}

async function statusOf(to: string) {
  return handle.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", to).executeTakeFirstOrThrow();
}

describe("mail outbox", () => {
  it("writes nothing when the event's transaction rolls back", async () => {
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, "rollback@example.jp", "verify-email", props("取消"));
        throw new Error("the event failed");
      }),
    ).rejects.toThrow("the event failed");
    const rows = await handle.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("to_address", "=", "rollback@example.jp")
      .execute();
    expect(rows).toHaveLength(0);
  });

  it("keeps a message while the mail server is down and delivers it once when it is back", async () => {
    const port = await freePort();
    await enqueueMail(handle.db, "patient@example.jp", "verify-email", props("待機"));

    const sent = await deliverDueMail(handle.db, transportTo(port), "lab@example.jp");
    expect(sent).toBe(1);
    const waiting = await statusOf("patient@example.jp");
    expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
    expect(waiting.last_error).toBeTruthy();
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 20_000);

    // Not due yet: nothing is claimed before the back-off has passed.
    expect(await claimDueMail(handle.db, new Date())).toHaveLength(0);

    const receiver = await startSmtpReceiver({ port });
    try {
      const later = () => new Date(Date.now() + 60_000);
      await deliverDueMail(handle.db, transportTo(port), "lab@example.jp", { now: later });
      await deliverDueMail(handle.db, transportTo(port), "lab@example.jp", { now: later });
      expect(receiver.received.filter((m) => m.to.includes("patient@example.jp"))).toHaveLength(1);
      expect(receiver.received[0].subject).toBe("【ねりま協働ラボ】メールアドレスの確認");
      expect(receiver.received[0].text).toContain("待機 様");
      expect(await statusOf("patient@example.jp")).toMatchObject({ status: "sent", attempts: 2 });
    } finally {
      await receiver.close();
    }
  });

  it("gives up after the last attempt and marks the message failed", async () => {
    const port = await freePort();
    await enqueueMail(handle.db, "hopeless@example.jp", "verify-email", props("不達"));
    await handle.db
      .updateTable("mail_outbox")
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where("to_address", "=", "hopeless@example.jp")
      .execute();
    await deliverDueMail(handle.db, transportTo(port), "lab@example.jp", {
      now: () => new Date(Date.now() + 3 * 3600_000),
    });
    expect(await statusOf("hopeless@example.jp")).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
  });

  it("sends each message exactly once with two workers on one database", async () => {
    const receiver = await startSmtpReceiver();
    const recipients = Array.from({ length: 12 }, (_, i) => `crowd${i}@example.jp`);
    for (const to of recipients) await enqueueMail(handle.db, to, "verify-email", props("同時"));
    const workers = [
      startMailWorker(handle.db, transportTo(receiver.port), "lab@example.jp", { intervalMs: 20 }),
      startMailWorker(handle.db, transportTo(receiver.port), "lab@example.jp", { intervalMs: 20 }),
    ];
    try {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const crowd = receiver.received.filter((m) => m.to[0]?.startsWith("crowd"));
        if (crowd.length >= recipients.length) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      // Give a would-be duplicate time to arrive.
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await receiver.close();
    }
    const delivered = receiver.received.flatMap((m) => m.to).filter((to) => to.startsWith("crowd"));
    expect(delivered.sort()).toEqual([...recipients].sort());
  });
});

describe("mail leases", () => {
  it("lets only the current holder of a claim mark the message", async () => {
    await enqueueMail(handle.db, "fenced@example.jp", "verify-email", props("柵"));
    const first = (await claimDueMail(handle.db, new Date(), { leaseMs: 1000 })).find(
      (m) => m.to_address === "fenced@example.jp",
    );
    expect(first?.lease_token).toBeTruthy();
    // The first worker stalls past its lease; a second one takes the message over.
    const later = new Date(Date.now() + 5000);
    const second = (await claimDueMail(handle.db, later, { leaseMs: 60_000 })).find(
      (m) => m.to_address === "fenced@example.jp",
    );
    expect(second?.lease_token).toBeTruthy();
    expect(second?.lease_token).not.toBe(first?.lease_token);

    expect(await renewLease(handle.db, first!, later)).toBe(false);
    expect(await markSent(handle.db, first!, later)).toBe(false);
    expect(await markFailedAttempt(handle.db, first!, "late", later)).toBe(false);
    expect(await statusOf("fenced@example.jp")).toMatchObject({ status: "sending", lease_token: second?.lease_token });

    expect(await markSent(handle.db, second!, later)).toBe(true);
    expect(await statusOf("fenced@example.jp")).toMatchObject({ status: "sent", lease_token: null });
  });

  it("sends each message once with two workers and a mail server slower than the lease", async () => {
    const receiver = await startSmtpReceiver({ delayMs: 900 });
    const recipients = Array.from({ length: 6 }, (_, i) => `slow${i}@example.jp`);
    for (const to of recipients) await enqueueMail(handle.db, to, "verify-email", props("低速"));
    // Two workers as two processes would have them: each its own connection pool on PostgreSQL.
    const second = process.env.TEST_DATABASE_URL ? await createTestDatabaseOn(handle) : null;
    const workers = [
      startMailWorker(handle.db, transportTo(receiver.port), "lab@example.jp", { intervalMs: 20, leaseMs: 600 }),
      startMailWorker(second?.db ?? handle.db, transportTo(receiver.port), "lab@example.jp", {
        intervalMs: 20,
        leaseMs: 600,
      }),
    ];
    try {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const sent = await handle.db
          .selectFrom("mail_outbox")
          .select("id")
          .where("to_address", "in", recipients)
          .where("status", "=", "sent")
          .execute();
        if (sent.length === recipients.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      // Give a would-be duplicate time to arrive.
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await receiver.close();
      await second?.close();
    }
    const delivered = receiver.received.filter((m) => m.to[0]?.startsWith("slow"));
    expect(delivered.map((m) => m.to[0]).sort()).toEqual([...recipients].sort());
    // Every message carries its row's stable Message-ID.
    const rows = await handle.db
      .selectFrom("mail_outbox")
      .select(["id", "created_at", "to_address"])
      .where("to_address", "in", recipients)
      .execute();
    for (const row of rows) {
      expect(delivered.find((m) => m.to[0] === row.to_address)?.messageId).toBe(messageIdFor(row, "lab@example.jp"));
    }
  });

  it("gives back the claims of a worker stopped while the mail server hangs, within the bound", async () => {
    const receiver = await startSmtpReceiver({ hang: true });
    // Only this test's messages in the queue, so the first of them is the one stuck at the server.
    await handle.db.deleteFrom("mail_outbox").where("status", "in", ["pending", "sending"]).execute();
    const recipients = ["hung0@example.jp", "hung1@example.jp"];
    for (const to of recipients) await enqueueMail(handle.db, to, "verify-email", props("停止"));
    const worker = startMailWorker(handle.db, transportTo(receiver.port), "lab@example.jp", { intervalMs: 20 });
    try {
      // Wait until the first message is being sent to the hung server.
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (await statusOf("hung0@example.jp")).status !== "sending") {
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      await worker.stop(1000);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      await receiver.close();
    }
    // Back in the queue at once for another process, not held until the lease runs out. The one
    // handed to the hung server counts as an attempt; the one never sent gets its attempt back.
    expect(await statusOf("hung0@example.jp")).toMatchObject({ status: "pending", lease_token: null, attempts: 1 });
    expect(await statusOf("hung1@example.jp")).toMatchObject({ status: "pending", lease_token: null, attempts: 0 });
  });
});

/** A second connection pool to the same PostgreSQL database, as another server process has. */
async function createTestDatabaseOn(existing: { db: typeof handle.db }) {
  const url = await existing.db
    .selectNoFrom((eb) => eb.fn<string>("current_database", []).as("name"))
    .executeTakeFirstOrThrow();
  const server = new URL(process.env.TEST_DATABASE_URL!);
  server.pathname = `/${url.name}`;
  const other = openDatabase({ url: server.toString() });
  return { db: other.db, close: () => other.close() };
}
