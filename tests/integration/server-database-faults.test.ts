/**
 * The running server (server.js in its own process) against PostgreSQL through a TCP proxy of the
 * test's own: connections ended by the server, and a silent network outage. PostgreSQL only:
 * the embedded PGlite has no connection to lose.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../support/database";
import { type ServerProcess, startServerProcess } from "../support/server-process";
import { startTcpProxy } from "../support/tcp-proxy";

const serverUrl = process.env.TEST_DATABASE_URL;
/** The server's bound on one statement here: short, so the outage test takes seconds. */
const TIMEOUT_MS = 1500;

describe.skipIf(!serverUrl)("the server on PostgreSQL, through faults", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let site: ServerProcess;

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl!, "nerima_faults");
    const direct = new URL(scratch.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(scratch.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    site = await startServerProcess({
      DATABASE_URL: viaProxy.toString(),
      SEED_DEMO: "false",
      DATABASE_TIMEOUT_MS: String(TIMEOUT_MS),
    });
  }, 90_000);

  afterAll(async () => {
    await site?.stop();
    await proxy?.close();
    await scratch?.drop();
  });

  async function terminateServerConnections() {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [new URL(scratch.url).pathname.slice(1)],
      );
      return rows[0].n as number;
    } finally {
      await admin.end();
    }
  }

  it("stays up when PostgreSQL ends its connections, and the next request succeeds", async () => {
    expect((await fetch(`${site.url}/themes`)).status).toBe(200);
    expect(await terminateServerConnections()).toBeGreaterThan(0);
    // The terminated connections tell the pool they are gone; give the message a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(site.child.exitCode).toBeNull();
    const next = await fetch(`${site.url}/themes`);
    expect(next.status).toBe(200);
    expect(site.output()).toContain("database connection lost");
  });

  it("answers 503 within the bound while the database is silent, keeps what was typed, and recovers", async () => {
    expect((await fetch(`${site.url}/themes`)).status).toBe(200);
    proxy.pause();
    try {
      const started = Date.now();
      const page = await fetch(`${site.url}/themes`);
      const waited = Date.now() - started;
      expect(page.status).toBe(503);
      // One statement's bound (plus the client's second of slack), not the outage's length.
      expect(waited).toBeLessThan(TIMEOUT_MS + 3000);
      expect(page.headers.get("retry-after")).toBe("5");
      const html = await page.text();
      expect(html).toContain("ただいまご利用いただけません");
      const errorNumber = /エラー番号: ([A-Z0-9]+)/.exec(html)?.[1];
      expect(errorNumber).toBe(page.headers.get("x-request-id"));
      expect(html).not.toMatch(/at .*\.js:\d+/);

      // A review page asked with a session: the check made before the page cache fails within the
      // same bound, and the page is the same 503 (not a bare 500), waiting once, not twice.
      const reviewStarted = Date.now();
      const review = await fetch(`${site.url}/reviews`, { headers: { Cookie: "nerima_session=someone" } });
      expect(review.status).toBe(503);
      expect(Date.now() - reviewStarted).toBeLessThan(TIMEOUT_MS + 3000);
      expect(await review.text()).toContain("ただいまご利用いただけません");

      const readiness = await fetch(`${site.url}/readyz`);
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toMatchObject({ ready: false, database: "unavailable" });
      expect((await fetch(`${site.url}/healthz`)).status).toBe(200);

      // A form sent during the outage: nothing saved, and the page offers to send the same again.
      const form = new URLSearchParams({
        name: "練馬 花子",
        email: "hanako@example.jp",
        password: "secret-password-1",
        privacy: "yes",
      });
      const posted = await fetch(`${site.url}/signup`, { method: "POST", body: form, redirect: "manual" });
      expect(posted.status).toBe(503);
      const retry = await posted.text();
      expect(retry).toContain("保存されていない可能性があります");
      expect(retry).toMatch(/<form method="post" action="\/signup"/);
      expect(retry).toContain('name="name" value="練馬 花子"');
      expect(retry).toContain('name="email" value="hanako@example.jp"');
      expect(retry).not.toContain("secret-password-1");
    } finally {
      proxy.resume();
    }
    // Back within a second of the database returning.
    const started = Date.now();
    let status = 0;
    while (Date.now() - started < 1000 && status !== 200) {
      status = (await fetch(`${site.url}/themes`)).status;
    }
    expect(status).toBe(200);
    expect((await fetch(`${site.url}/readyz`)).status).toBe(200);
    // The retried sign-up goes through: nothing of the first attempt was kept half-done.
    const again = await fetch(`${site.url}/signup`, {
      method: "POST",
      body: new URLSearchParams({
        name: "練馬 花子",
        email: "hanako@example.jp",
        password: "secret-password-1",
        privacy: "yes",
      }),
      redirect: "manual",
    });
    expect(again.status).toBe(302);
    expect(site.child.exitCode).toBeNull();
  }, 30_000);
});
