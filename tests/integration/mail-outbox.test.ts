import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimDueMail, deliverDueMail, enqueueMail, MAX_ATTEMPTS, startMailWorker } from "~/models/mail.server";
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
      await deliverDueMail(handle.db, transportTo(port), "lab@example.jp", later);
      await deliverDueMail(handle.db, transportTo(port), "lab@example.jp", later);
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
    await deliverDueMail(handle.db, transportTo(port), "lab@example.jp", () => new Date(Date.now() + 3 * 3600_000));
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
