/**
 * The cache of whole public pages (app/web/page-cache.server.ts) is always correct: every table a
 * public page reads notifies its changes, the notices arrive, and the moments pages change by
 * themselves are known. Then the running server (its own process, as `npm start` runs it) answers
 * visitors from it, and stops as soon as something changes. PGlite, or PostgreSQL with TEST_DATABASE_URL.
 */
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextPublicChange } from "../../app/models/public-clock.server";
import { QUIET_TABLES } from "../../app/web/page-cache.server";
import { listenForChanges } from "../../db/change-notices";
import { DEMO_PASSWORD } from "../../db/seed";
import { createTestDatabase, dropTestDatabase, type TestDatabase } from "../support/database";
import { publishedTheme, verifiedUser } from "../support/fixtures";
import { type ServerProcess, scratchSiteDatabase, startServerProcess } from "../support/server-process";

describe("what the cache relies on", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await dropTestDatabase(handle);
  });

  it("every table notifies its changes, but those that never show on a public page", async () => {
    const { rows } = await sql<{ table_name: string; notifies: boolean }>`
      select t.table_name,
        exists (select 1 from information_schema.triggers g
                where g.event_object_table = t.table_name and g.trigger_name = 'site_changed') as notifies
      from information_schema.tables t
      where t.table_schema = 'public' and t.table_type = 'BASE TABLE' and t.table_name not like 'kysely_%'
      order by 1`.execute(handle.db);
    const silent = rows.filter((row) => !row.notifies).map((row) => row.table_name);
    expect(silent.sort()).toEqual([...QUIET_TABLES].sort());
  });

  it("a committed write is heard; a rolled-back one is not", async () => {
    let changes = 0;
    let listening = false;
    const target = handle.pglite ? { pglite: handle.pglite } : { url: await databaseUrlOf(handle) };
    const listener = await listenForChanges(target, {
      onChange: () => {
        changes += 1;
      },
      onListening: (value) => {
        listening = value;
      },
    });
    try {
      expect(listening).toBe(true);
      await handle.db
        .transaction()
        .execute(async (trx) => {
          await sql`update courses set name_ja = name_ja`.execute(trx);
          throw new Error("rolled back");
        })
        .catch(() => {});
      await sql`update sessions set expires_at = expires_at`.execute(handle.db);
      await pause(300);
      expect(changes).toBe(0);
      await sql`update courses set name_ja = name_ja`.execute(handle.db);
      await waitFor(() => changes > 0);
    } finally {
      await listener.stop();
    }
    expect(listening).toBe(false);
  });

  it("knows the next moment a public page changes by itself", async () => {
    const staff = await verifiedUser(handle.db, "clock-staff@example.jp", "staff");
    const at = (time: string) => new Date(`2030-06-01T${time}+09:00`);
    const now = at("10:00:00");
    // Nothing scheduled today: the date turns over at midnight in Tokyo.
    expect(await nextPublicChange(handle.db, now)).toEqual(new Date("2030-06-01T15:00:00Z"));
    const themeId = await publishedTheme(handle.db, {
      staffId: staff.id,
      title: "時計のテーマ",
      values: { opensAt: at("13:00:00"), closesAt: at("20:00:00") },
    });
    expect(await nextPublicChange(handle.db, now)).toEqual(at("13:00:00"));
    // Open through the last second of its closing time.
    expect(await nextPublicChange(handle.db, at("13:00:00"))).toEqual(at("20:00:01"));
    await handle.db
      .updateTable("themes")
      .set({ presentation_at: at("16:30:00") })
      .where("id", "=", themeId)
      .execute();
    expect(await nextPublicChange(handle.db, at("13:00:00"))).toEqual(at("16:30:00"));
  });
});

async function databaseUrlOf(handle: TestDatabase): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(handle.db);
  const url = new URL(String(process.env.TEST_DATABASE_URL));
  url.pathname = `/${rows[0].name}`;
  return url.toString();
}

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await pause(50);
  }
}

describe("the running server's cache", () => {
  let database: Awaited<ReturnType<typeof scratchSiteDatabase>>;
  let site: ServerProcess;

  beforeAll(async () => {
    database = await scratchSiteDatabase("nerima_page_cache");
    site = await startServerProcess({ ...database.env, SEED_DEMO: "true" });
  }, 120_000);

  let closeWriter: () => Promise<void> | undefined = () => undefined;
  afterAll(async () => {
    await closeWriter();
    expect(await site?.stop()).toBe(0);
    await database?.drop();
  });

  const visit = (path: string, headers: Record<string, string> = {}) => fetch(`${site.url}${path}`, { headers });

  it("answers a visitor's second request from the first one's rendering, with a nonce of its own", async () => {
    const first = await visit("/themes?page=1");
    expect(first.headers.get("x-page-cache")).toBe("miss");
    const second = await visit("/themes?page=1");
    expect(second.headers.get("x-page-cache")).toBe("hit");
    const nonce = /'nonce-([^']+)'/.exec(second.headers.get("content-security-policy") ?? "")?.[1];
    const html = await second.text();
    expect(html).toContain(`nonce="${nonce}"`);
    const withoutNonces = (text: string) => text.replace(/nonce="[^"]*"/g, "");
    expect(withoutNonces(html)).toBe(withoutNonces(await first.text()));
  });

  it("keeps each language apart, and never answers a signed-in visitor from it", async () => {
    await visit("/themes");
    const english = await visit("/themes", { Cookie: `lang=${encodeURIComponent(btoa('"en"'))}` });
    expect(await english.text()).toContain('<html lang="en"');
    const japanese = await visit("/themes");
    expect(japanese.headers.get("x-page-cache")).toBe("hit");
    expect(await japanese.text()).toContain('<html lang="ja"');
    const signedIn = await visit("/themes", { Cookie: "nerima_session=not-a-session" });
    expect(signedIn.headers.get("x-page-cache")).toBeNull();
  });

  it("forgets its pages when this process answers a write", async () => {
    await visit("/");
    expect((await visit("/")).headers.get("x-page-cache")).toBe("hit");
    await fetch(`${site.url}/lang`, {
      method: "POST",
      body: new URLSearchParams({ lang: "en", redirectTo: "/" }),
      redirect: "manual",
    });
    expect((await visit("/")).headers.get("x-page-cache")).toBe("miss");
  });

  /** Signs a demo person in through the form, as a browser would; their session cookie. */
  async function signIn(email: string): Promise<string> {
    const answer = await fetch(`${site.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "/" }),
      redirect: "manual",
    });
    const cookie = answer.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .find((c) => c.startsWith("nerima_session="));
    if (!cookie) throw new Error(`could not sign in as ${email}: ${answer.status}`);
    return cookie;
  }

  it("keeps a reviewer's list for that reviewer alone, and checks the session before answering from it", async () => {
    const reviewer = await signIn("reviewer@example.jp");
    const first = await visit("/reviews", { Cookie: reviewer });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-page-cache")).toBe("miss");
    const kept = await visit("/reviews", { Cookie: reviewer });
    expect(kept.headers.get("x-page-cache")).toBe("hit");
    expect(kept.headers.get("cache-control")).toBe("private, no-store");
    expect(await kept.text()).toContain("審査 一郎");
    // Someone else, signed in, gets their own answer: a member is refused, not shown the reviewer's page.
    const member = await visit("/reviews", { Cookie: await signIn("chokai@example.jp") });
    expect(member.status).toBe(403);
    expect(await member.text()).not.toContain("審査 一郎");
    // A session that is not (or no longer) valid is sent to log in.
    const ended = await fetch(`${site.url}/reviews`, {
      headers: { Cookie: "nerima_session=ended" },
      redirect: "manual",
    });
    expect(ended.status).toBe(302);
    expect(ended.headers.get("location")).toBe("/login?redirectTo=%2Freviews");
    // A message for the next page (another cookie) means a page rendered as usual.
    const withMessage = await visit("/reviews", { Cookie: `${reviewer}; flash=x` });
    expect(withMessage.headers.get("x-page-cache")).toBeNull();
    // Pages that are not review pages are never kept for a signed-in person.
    expect((await visit("/me", { Cookie: reviewer })).headers.get("x-page-cache")).toBeNull();
  });

  describe.runIf(process.env.TEST_DATABASE_URL)("with other processes on the same PostgreSQL", () => {
    // Another process's connection to the same database.
    let writer: pg.Client | null = null;
    async function write(text: string, values: unknown[] = []) {
      if (!writer) {
        writer = new pg.Client({ connectionString: database.env.DATABASE_URL });
        await writer.connect();
        closeWriter = () => writer?.end();
      }
      return writer.query(text, values);
    }

    async function openTheme(): Promise<{ id: string; title: string }> {
      const { rows } = await write(
        "select id, title from themes where status = 'published' and opens_at < now() and closes_at > now() order by closes_at limit 1",
      );
      return rows[0];
    }

    it("shows another process's change as soon as it is committed", async () => {
      const theme = await openTheme();
      await visit(`/themes/${theme.id}`);
      expect((await visit(`/themes/${theme.id}`)).headers.get("x-page-cache")).toBe("hit");
      await write("update themes set title = $1 where id = $2", [`${theme.title}（改題）`, theme.id]);
      await waitFor(async () => (await (await visit(`/themes/${theme.id}`)).text()).includes("（改題）"), 3_000);
    });

    it("keeps nothing while its listening connection is down, and catches up when it is back", async () => {
      const theme = await openTheme();
      await visit(`/themes/${theme.id}`);
      await write(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'LISTEN site_changed'",
      );
      await waitFor(async () => (await visit(`/themes/${theme.id}`)).headers.get("x-page-cache") === "miss");
      expect((await visit(`/themes/${theme.id}`)).headers.get("x-page-cache")).toBe("miss");
      // Heard again (the listener reconnects within a second or two): pages are kept once more.
      await waitFor(async () => (await visit(`/themes/${theme.id}`)).headers.get("x-page-cache") === "hit", 10_000);
    });

    it("never answers a review page from the cache to a session ended, a person demoted, or a badge grown", async () => {
      const email = "reviewer@example.jp";
      const [{ id: reviewerId }] = (await write("select id from users where email = $1", [email])).rows;
      let reviewer = await signIn(email);
      await visit("/reviews", { Cookie: reviewer });
      expect((await visit("/reviews", { Cookie: reviewer })).headers.get("x-page-cache")).toBe("hit");
      // A notice arrives (a quiet table: nothing is cleared): the header's count is part of the key.
      await write(
        "insert into notifications (user_id, message_key, params, link) values ($1, 'notice.test', '{}', '/')",
        [reviewerId],
      );
      expect((await visit("/reviews", { Cookie: reviewer })).headers.get("x-page-cache")).toBe("miss");
      // The session ends in the database (a log-out elsewhere; sessions are quiet too): checked first.
      await write("delete from sessions where user_id = $1", [reviewerId]);
      const ended = await fetch(`${site.url}/reviews`, { headers: { Cookie: reviewer }, redirect: "manual" });
      expect(ended.status).toBe(302);
      expect(ended.headers.get("location")).toMatch(/^\/login/);
      // Demoted by another process: refused as soon as the change is heard.
      reviewer = await signIn(email);
      await waitFor(async () => (await visit("/reviews", { Cookie: reviewer })).headers.get("x-page-cache") === "hit");
      await write("update users set role = 'member' where id = $1", [reviewerId]);
      try {
        await waitFor(async () => (await visit("/reviews", { Cookie: reviewer })).status === 403, 3_000);
      } finally {
        await write("update users set role = 'reviewer' where id = $1", [reviewerId]);
      }
    });

    it("shows a theme closed the moment its deadline passes", async () => {
      const theme = await openTheme();
      await write("update themes set closes_at = date_trunc('second', now()) + interval '2 seconds' where id = $1", [
        theme.id,
      ]);
      const path = `/themes/${theme.id}`;
      await waitFor(async () => (await visit(path)).headers.get("x-page-cache") === "hit");
      expect(await (await visit(path)).text()).toContain("募集中");
      await pause(3_500);
      const closed = await visit(path);
      expect(closed.headers.get("x-page-cache")).toBe("miss");
      const html = await closed.text();
      expect(html).toContain("受付終了");
      expect(html).not.toContain("募集中");
    });
  });
});
