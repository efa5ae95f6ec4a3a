/**
 * The running server (server.js in its own process, as `npm start` runs it) against requests that
 * no form of ours sends: each is a 4xx with a plain answer, never a 500. Also the health endpoints
 * and the request id that ties an answer to its log line. On PGlite, or PostgreSQL with TEST_DATABASE_URL.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, scratchSiteDatabase, startServerProcess } from "../support/server-process";

let database: Awaited<ReturnType<typeof scratchSiteDatabase>>;
let site: ServerProcess;

beforeAll(async () => {
  database = await scratchSiteDatabase("nerima_requests");
  site = await startServerProcess({ ...database.env, SEED_DEMO: "false" });
}, 90_000);

afterAll(async () => {
  expect(await site?.stop()).toBe(0);
  await database?.drop();
});

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return fetch(`${site.url}${path}`, { method: "POST", body, headers, redirect: "manual" });
}

function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

describe("health endpoints", () => {
  it("/healthz answers while the process runs; /readyz reports the database, migrations and mail", async () => {
    const health = await fetch(`${site.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok");
    const ready = await fetch(`${site.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.json()).toMatchObject({
      ready: true,
      database: "ok",
      migrations: "current",
      shuttingDown: false,
    });
  });
});

describe("security headers", () => {
  it("sends a nonce-based CSP matching the page's scripts, no framing, nosniff, referrer and permissions policies", async () => {
    const page = await fetch(`${site.url}/themes`);
    const csp = page.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await page.text();
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // A new nonce for every response.
    const again = (await fetch(`${site.url}/themes`)).headers.get("content-security-policy");
    expect(again).not.toContain(nonce);

    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(page.headers.get("permissions-policy")).toContain("geolocation=()");
    // PUBLIC_URL is http here: no HSTS.
    expect(page.headers.get("strict-transport-security")).toBeNull();
  });

  it("keeps signed-in pages and every page's data out of caches", async () => {
    const email = `cache-${Date.now()}@example.jp`;
    await post("/signup", new URLSearchParams({ name: "控え", email, password: "a-long-password-1", privacy: "yes" }));
    const loggedIn = await post("/login", new URLSearchParams({ email, password: "a-long-password-1" }));
    expect(loggedIn.status).toBe(302);
    const cookie = cookieOf(loggedIn);
    const me = await fetch(`${site.url}/me`, { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(me.headers.get("cache-control")).toBe("private, no-store");
    const data = await fetch(`${site.url}/themes.data`);
    expect(data.headers.get("cache-control")).toBe("private, no-store");
    // A visitor's public page may be cached as before.
    expect((await fetch(`${site.url}/themes`)).headers.get("cache-control")).not.toBe("private, no-store");
  });
});

describe("the outbox on a real install without a mail server", () => {
  it("is not the demo mailbox: a visitor is sent to log in, not shown the verification links", async () => {
    const mailbox = await fetch(`${site.url}/dev/mail`, { redirect: "manual" });
    expect(mailbox.status).toBe(302);
    expect(mailbox.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(site.output()).toContain("e-mail is NOT being delivered");
  });
});

describe("requests no form sends", () => {
  it.each([
    ["a JSON body sent to an action", "/login", "{}", { "Content-Type": "application/json" }, 415],
    ["a broken multipart body", "/login", "garbage", { "Content-Type": "multipart/form-data; boundary=zz" }, 400],
    ["a text body", "/signup", "hello", { "Content-Type": "text/plain" }, 415],
  ])("refuses %s with a 4xx", async (_label, path, body, headers, status) => {
    const response = await post(path, body, headers);
    expect(response.status).toBe(status);
    expect(await response.text()).not.toMatch(/at .*\.js:\d+/);
  });

  it("refuses a body larger than a form needs before reading it (413), and one of unknown length (411)", async () => {
    // Refused on its declared size: the headers go, not a byte of the 2 MB, and the answer comes
    // (writing the body while the server closes races with its answer: EPIPE on a busy machine).
    const big = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${site.url}/login`, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": String(2 * 1024 * 1024),
        },
      });
      request.on("response", (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => {
          body += chunk;
        });
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, body });
          request.destroy();
        });
      });
      request.on("error", reject);
      request.flushHeaders();
    });
    expect(big.status).toBe(413);
    expect(big.body).toContain("大きすぎる");

    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("email=a"));
        controller.close();
      },
    });
    const chunked = await fetch(`${site.url}/login`, {
      method: "POST",
      body: stream,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      duplex: "half",
    });
    expect(chunked.status).toBe(411);
  });

  it("passes a form sent as multipart on as multipart, and a POST with no body at all", async () => {
    const form = new FormData();
    form.set("email", "nobody@example.jp");
    form.set("password", "wrong-password-1");
    const login = await post("/login", form);
    expect(login.status).toBe(400);
    expect(await login.text()).toContain("nobody@example.jp");

    const empty = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${site.url}/logout`, { method: "POST" }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.once("error", reject);
      request.end();
    });
    expect(empty).toBeLessThan(400);
  });

  it("leaves an upload to its route, which refuses a visitor before reading the file", async () => {
    const form = new FormData();
    form.set("label", "資料");
    form.set("file", new File([new Uint8Array(1024)], "資料.pdf"));
    const upload = await post("/proposals/00000000-0000-0000-0000-000000000000/attachments", form);
    expect(upload.status).toBe(302);
    expect(upload.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("answers Remix v1's ?_data= requests with 400", async () => {
    expect((await fetch(`${site.url}/themes?_data=routes/themes._index`)).status).toBe(400);
  });

  it("drops control characters from a query, and a path holding one is not found", async () => {
    const search = await fetch(`${site.url}/organizations?q=%00%1B`);
    expect(search.status).toBe(200);
    expect((await fetch(`${site.url}/organizations/%00`)).status).toBe(404);
    expect((await fetch(`${site.url}/themes/abc%00def`)).status).toBe(404);
  });

  it("strips control characters from what is typed, and never redirects to a target with a newline", async () => {
    const email = `nul-${Date.now()}@example.jp`;
    const signedUp = await post(
      "/signup",
      new URLSearchParams({ name: "練馬\u0000太郎\u0007", email, password: "a-long-password-1", privacy: "yes" }),
    );
    expect(signedUp.status).toBe(302);
    const firstLogIn = await post("/login", new URLSearchParams({ email, password: "a-long-password-1" }));
    const me = await fetch(`${site.url}/me`, { headers: { Cookie: cookieOf(firstLogIn) } });
    expect(me.status).toBe(200);
    expect(await me.text()).toContain("練馬太郎");

    const loggedIn = await post(
      "/login",
      new URLSearchParams({ email, password: "a-long-password-1", redirectTo: "/themes\r\nSet-Cookie: evil=1" }),
    );
    expect(loggedIn.status).toBe(302);
    expect(loggedIn.headers.get("location")).toBe("/me");
    expect(loggedIn.headers.getSetCookie().join()).not.toContain("evil");
  });
});

describe("tracing", () => {
  it("gives every answer a request id that finds its JSON log line", async () => {
    const response = await fetch(`${site.url}/themes`);
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[A-Z0-9]{10}$/);
    // The line is written when the response has been sent: wait for it.
    const deadline = Date.now() + 5000;
    let line: Record<string, unknown> | undefined;
    while (!line && Date.now() < deadline) {
      line = site
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((entry) => entry.reqId === id);
      if (!line) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(line).toMatchObject({
      level: "info",
      method: "GET",
      path: "/themes",
      route: "routes/themes._index",
      status: 200,
    });
    expect(typeof line?.ms).toBe("number");
    expect(typeof line?.time).toBe("string");
  });

  it("keeps a client's own X-Request-Id out (no proxy is trusted), and an invitation's token out of the log", async () => {
    const chosen = await fetch(`${site.url}/themes`, { headers: { "X-Request-Id": "CHOSEN-BY-CLIENT-1" } });
    expect(chosen.headers.get("x-request-id")).not.toBe("CHOSEN-BY-CLIENT-1");

    const token = "secret-invitation-token-0123456789";
    const invitation = await fetch(`${site.url}/invitations/${token}`);
    const id = invitation.headers.get("x-request-id");
    const deadline = Date.now() + 5000;
    while (!site.output().includes(`"reqId":"${id}"`) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(site.output()).toContain(`"reqId":"${id}"`);
    expect(site.output()).toContain('"path":"/invitations/…"');
    expect(site.output()).not.toContain(token);
  });
});
