import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifiedUser } from "~/models/accounts.server";
import { privacyPolicyVersion } from "~/models/content-pages.server";
import * as consent from "~/routes/consent";
import * as me from "~/routes/me";
import * as signup from "~/routes/signup";
import type { User } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { installTestServices, PASSWORD, sessionCookieFor, verifiedUser } from "../support/fixtures";
import { callAction, callLoader } from "../support/routes";

let handle: TestDatabase;
const cookie: Record<"agreed" | "never" | "older", string> = { agreed: "", never: "", older: "" };
let never: User;

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  const agreed = await verifiedUser(handle.db, "agreed@example.jp");
  never = await createVerifiedUser(handle.db, {
    email: "never@example.jp",
    name: "未同意",
    password: PASSWORD,
    role: "member",
    privacyVersion: null,
  });
  const older = await verifiedUser(handle.db, "older@example.jp");
  await handle.db.updateTable("users").set({ privacy_version: "2000-01-01" }).where("id", "=", older.id).execute();
  cookie.agreed = await sessionCookieFor(agreed);
  cookie.never = await sessionCookieFor(never);
  cookie.older = await sessionCookieFor(older);
}, 60_000);

afterAll(async () => {
  await handle?.cleanup();
});

const storedConsent = (email: string) =>
  handle.db
    .selectFrom("users")
    .select(["privacy_version", "privacy_agreed_at"])
    .where("email", "=", email)
    .executeTakeFirst();

describe("agreeing to the privacy policy", () => {
  it("refuses a sign-up without the box ticked, creating nobody; with it, records the version and time", async () => {
    const form = { name: "新 規子", email: "consent-new@example.jp", password: "a-long-password-1" };
    expect((await callAction(signup.action, "/signup", null, form)).status).toBe(400);
    expect(await storedConsent("consent-new@example.jp")).toBeUndefined();
    expect((await callAction(signup.action, "/signup", null, { ...form, privacy: "yes" })).status).toBe(302);
    const stored = await storedConsent("consent-new@example.jp");
    expect(stored?.privacy_version).toBe(privacyPolicyVersion());
    expect(stored?.privacy_agreed_at).toBeInstanceOf(Date);
  });

  it("asks someone who never agreed, or agreed to an older version, on their next page, and brings them back", async () => {
    expect(await callLoader(me.loader, "/me?tab=1", cookie.never)).toEqual({
      status: 302,
      location: "/consent?redirectTo=%2Fme%3Ftab%3D1",
    });
    expect((await callLoader(me.loader, "/me", cookie.older)).location).toMatch(/^\/consent\?/);
    expect((await callLoader(me.loader, "/me", cookie.agreed)).status).toBe(200);
    // A form being sent goes through: nothing typed is lost to the question.
    expect((await callAction(me.action, "/me", cookie.never, { intent: "nonsense" })).location ?? "").not.toMatch(
      /consent/,
    );
  });

  it("says when the policy has changed, and sends on someone who has already agreed", async () => {
    const older = (await consent.loader({
      request: new Request("http://localhost/consent", { headers: { Cookie: cookie.older } }),
      params: {},
      context: { clientAddress: "127.0.0.1" },
    })) as { before: boolean };
    expect(older.before).toBe(true);
    expect(await callLoader(consent.loader, "/consent?redirectTo=%2Fthemes", cookie.agreed)).toEqual({
      status: 302,
      location: "/themes",
    });
    expect((await callLoader(consent.loader, "/consent", null)).location).toMatch(/^\/login/);
    // A visitor cannot agree for anyone: the form sends them to log in, and nothing is written.
    expect((await callAction(consent.action, "/consent", null, { privacy: "yes" })).location).toMatch(/^\/login/);
  });

  it("records the agreement, audited, only with the box ticked, and returns to a page of this site only", async () => {
    expect((await callAction(consent.action, "/consent", cookie.never, { redirectTo: "/me" })).status).toBe(400);
    expect((await storedConsent("never@example.jp"))?.privacy_version).toBeNull();
    expect(
      await callAction(consent.action, "/consent", cookie.never, { privacy: "yes", redirectTo: "//evil.example/" }),
    ).toEqual({ status: 302, location: "/me" });
    expect((await storedConsent("never@example.jp"))?.privacy_version).toBe(privacyPolicyVersion());
    const audit = await handle.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("entity_id", "=", never.id)
      .where("action", "=", "user.privacy_agreed")
      .execute();
    expect(audit).toEqual([{ action: "user.privacy_agreed", details: { version: privacyPolicyVersion() } }]);
    expect((await callLoader(me.loader, "/me", cookie.never)).status).toBe(200);
  });
});
