/**
 * SIGTERM, as systemd or a deployment sends it, while 20 sign-ups are under way and the mail
 * server hangs: every request is answered, the mail is given back to the queue, and the process
 * exits well within its 15-second bound. On PGlite, or PostgreSQL with TEST_DATABASE_URL.
 */
import http from "node:http";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { scratchSiteDatabase, startServerProcess } from "../support/server-process";
import { startSmtpReceiver } from "../support/smtp";

let database: Awaited<ReturnType<typeof scratchSiteDatabase>>;
let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;

beforeAll(async () => {
  database = await scratchSiteDatabase("nerima_shutdown");
  receiver = await startSmtpReceiver({ hang: true });
});

afterAll(async () => {
  await receiver?.close();
  await database?.drop();
});

async function rowsAfterExit(emails: string[]) {
  const sql = `select
      (select count(*)::int from users where email = any($1)) as users,
      (select count(*)::int from mail_outbox where to_address = any($1) and status = 'sending') as held`;
  if (database.kind === "postgres") {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(sql, [emails])).rows[0] as { users: number; held: number };
    } finally {
      await client.end();
    }
  }
  const pglite = new PGlite(database.dataDir);
  try {
    return (await pglite.query<{ users: number; held: number }>(sql, [emails])).rows[0];
  } finally {
    await pglite.close();
  }
}

it("answers every request in flight, releases the mail it holds and exits within the bound", async () => {
  const site = await startServerProcess({ ...database.env, SEED_DEMO: "false", SMTP_URL: receiver.url });
  const stamp = Date.now();
  // First a message for the hung mail server: the worker is stuck sending it when the signal comes.
  const first = `shutdown-${stamp}-first@example.jp`;
  const signUp = (email: string) =>
    fetch(`${site.url}/signup`, {
      method: "POST",
      body: new URLSearchParams({ name: "停止 試験", email, password: "a-long-password-1", privacy: "yes" }),
      redirect: "manual",
    });
  expect((await signUp(first)).status).toBe(302);
  const deadline = Date.now() + 10_000;
  while (receiver.arrived() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(receiver.arrived()).toBe(1);

  const emails = Array.from({ length: 20 }, (_, i) => `shutdown-${stamp}-${i}@example.jp`);
  const answeredAt: number[] = [];
  // Each on a connection of its own, fully sent before the signal: these are in flight.
  const sent: Promise<void>[] = [];
  const requests = emails.map(
    (email) =>
      new Promise<number>((resolve, reject) => {
        const body = new URLSearchParams({
          name: "停止 試験",
          email,
          password: "a-long-password-1",
          privacy: "yes",
        }).toString();
        const request = http.request(`${site.url}/signup`, {
          method: "POST",
          agent: false,
          headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
        });
        // Sent: the connection is made and the whole request written to it.
        const connected = new Promise<void>((done) =>
          request.once("socket", (socket) => (socket.connecting ? socket.once("connect", () => done()) : done())),
        );
        const written = new Promise<void>((done) => request.once("finish", () => done()));
        sent.push(Promise.all([connected, written]).then(() => {}));
        request.once("response", (response) => {
          response.resume();
          answeredAt.push(Date.now());
          resolve(response.statusCode ?? 0);
        });
        request.once("error", reject);
        request.end(body);
      }),
  );
  await Promise.all(sent);
  // Password hashing keeps twenty sign-ups busy for a while: the signal comes in the middle.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const signalledAt = Date.now();
  site.child.kill("SIGTERM");

  const statuses = await Promise.all(requests);
  const code = await site.exited;
  const exitedAfter = Date.now() - signalledAt;

  expect(statuses).toEqual(emails.map(() => 302));
  // They really were in flight: some were answered after the signal.
  expect(answeredAt.filter((at) => at > signalledAt).length).toBeGreaterThan(0);
  expect(code).toBe(0);
  // The hung mail server gets 5 s of grace, no more; the process's hard bound is 15 s.
  expect(exitedAfter).toBeGreaterThanOrEqual(4_500);
  expect(exitedAfter).toBeLessThan(12_000);
  // Every answered sign-up is there, and no verification mail is left held by the dead process:
  // the one stuck at the hung server went back to the queue for the next process.
  expect(await rowsAfterExit([first, ...emails])).toEqual({ users: 21, held: 0 });
  expect(site.output()).toContain('"msg":"stopped"');
}, 60_000);
