/**
 * Changing SESSION_SECRET (README › Changing the site's secret): the site's own process, restarted
 * with a new secret, seals the second-factor keys again at start, so staff keep signing in with the
 * app they have. The demo is used for its staff accounts: their keys are sealed when it is seeded,
 * and their log-in page shows the current code only when the site's secret opens the key.
 * PGlite, or PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed";
import { scratchSiteDatabase, startServerProcess } from "../support/server-process";

const FIRST = "first-chosen-secret-0123456789abcdef";
const SECOND = "second-chosen-secret-0123456789abcdef";

describe("changing the site's secret", () => {
  let database: Awaited<ReturnType<typeof scratchSiteDatabase>>;
  beforeAll(async () => {
    database = await scratchSiteDatabase("nerima_secret");
  });
  afterAll(async () => {
    await database?.drop();
  });

  /** Starts the site with these settings, and tells whether staff's app still gives the right codes. */
  async function startAndSignIn(env: Record<string, string>) {
    const site = await startServerProcess({ ...database.env, SEED_DEMO: "true", ...env });
    try {
      const login = await fetch(`${site.url}/login`, {
        method: "POST",
        body: new URLSearchParams({ email: "staff@example.jp", password: DEMO_PASSWORD, redirectTo: "/" }),
        redirect: "manual",
      });
      expect(login.headers.get("location")).toBe("/login/two-factor");
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const page = await (await fetch(`${site.url}/login/two-factor`, { headers: { Cookie: cookie } })).text();
      return { keyOpens: /いまの確認コードは \d{6} です/.test(page), output: site.output() };
    } finally {
      expect(await site.stop()).toBe(0);
    }
  }

  it("seals the keys again under a new secret, and says so when no configured secret opens them", async () => {
    // First start: a secret generated and kept in the database seals the demo staff's keys.
    expect((await startAndSignIn({})).keyOpens).toBe(true);
    // SESSION_SECRET set for the first time: keys sealed under the generated secret are sealed again.
    const chosen = await startAndSignIn({ SESSION_SECRET: FIRST });
    expect(chosen.keyOpens).toBe(true);
    expect(chosen.output).toContain("second-factor keys sealed again under the new secret");
    // Changed again without naming the one it replaces: the keys cannot be opened, and the log says so.
    const forgotten = await startAndSignIn({ SESSION_SECRET: SECOND });
    expect(forgotten.keyOpens).toBe(false);
    expect(forgotten.output).toContain("second-factor keys that no configured secret opens");
    // Named in SESSION_SECRET_PREVIOUS: sealed again, and the same app's codes work.
    const rotated = await startAndSignIn({ SESSION_SECRET: SECOND, SESSION_SECRET_PREVIOUS: FIRST });
    expect(rotated.keyOpens).toBe(true);
    expect(rotated.output).toContain("second-factor keys sealed again under the new secret");
  }, 120_000);
});
