import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getUser } from "~/auth/session.server";
import { ELEVATED_ABSOLUTE_MS, ELEVATED_IDLE_MS } from "~/auth/session-limits";
import { loadConfig } from "~/config.server";
import { setUserRole } from "~/models/account-admin.server";
import { loadSigningSecrets } from "~/models/subscriptions.server";
import { resealTotpKeys } from "~/models/two-factor.server";
import * as adminSecurity from "~/routes/admin.security";
import * as adminUsers from "~/routes/admin.users";
import * as login from "~/routes/login";
import * as twoFactorLogin from "~/routes/login_.two-factor";
import * as me from "~/routes/me";
import * as myTwoFactor from "~/routes/me_.two-factor";
import { createServices, installServices, type Services } from "~/services.server";
import { matchingStep, newTotpKey, openTotpKey, sealTotpKey, totpCode, totpStep } from "~/utils/totp.server";
import type { User } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import { verifiedUser } from "../support/fixtures";
import { callLoader, outcome } from "../support/routes";

// Security finding 10: staff sign in with a password alone and stay signed in for 30 days.

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let services: Services;
const PASSWORD = "a long enough password";
const people: Record<string, User> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices(loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }), handle.db, handle.kind, "test-secret");
  installServices(services);
  for (const role of ["member", "staff", "admin", "reviewer"] as const) {
    people[role] = await verifiedUser(handle.db, `${role}@example.jp`, role, `${role} さん`, PASSWORD);
  }
});
afterAll(() => handle.cleanup());

/** A browser's cookie jar, enough for these routes: name=value pairs, later ones replacing earlier. */
class Jar {
  private cookies = new Map<string, string>();
  take(response: { headers?: Headers } | Response | undefined) {
    const headers = response instanceof Response ? response.headers : response?.headers;
    for (const line of headers?.getSetCookie() ?? []) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...value] = pair.split("=");
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value.join("=") === "") this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join("="));
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  has(name: string) {
    return this.cookies.has(name);
  }
}

type Handler = (args: never) => Promise<unknown>;

/** Runs a loader or action as Remix would, keeping the cookies it sets; returns the status and body. */
async function run(jar: Jar, handler: Handler, path: string, form?: Record<string, string>) {
  const headers = new Headers({ Cookie: jar.header(), "User-Agent": "Mozilla/5.0 (Windows NT 10.0) Chrome/130.0" });
  const request = new Request(
    `http://localhost${path}`,
    form ? { method: "POST", headers, body: new URLSearchParams(form) } : { headers },
  );
  let result: unknown;
  try {
    result = await (handler as (args: unknown) => Promise<unknown>)({
      request,
      params: {},
      context: { clientAddress: "198.51.100.20" },
    });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    result = thrown;
  }
  if (result instanceof Response) {
    jar.take(result);
    return { status: result.status, location: result.headers.get("Location"), body: null as unknown };
  }
  const single = result as { init?: { status?: number; headers?: HeadersInit }; data?: unknown } | null;
  if (single && "init" in single) {
    jar.take({ headers: new Headers(single.init?.headers) });
    return { status: single.init?.status ?? 200, location: null, body: single.data };
  }
  return { status: 200, location: null, body: result };
}

const SESSION = "nerima_session";

async function passwordStep(jar: Jar, email: string) {
  return run(jar, login.action, "/login", { email, password: PASSWORD, redirectTo: "/staff/themes" });
}

describe("codes", () => {
  it("accepts the code of this half-minute and its neighbours, and nothing else", () => {
    const key = newTotpKey();
    const now = new Date("2026-12-01T09:00:10Z");
    const step = totpStep(now);
    expect(matchingStep(key, totpCode(key, step), now)).toBe(step);
    expect(matchingStep(key, totpCode(key, step - 1), now)).toBe(step - 1);
    expect(matchingStep(key, totpCode(key, step + 1), now)).toBe(step + 1);
    expect(matchingStep(key, totpCode(key, step - 2), now)).toBeNull();
    expect(matchingStep(key, totpCode(key, step + 2), now)).toBeNull();
    expect(matchingStep(key, "12345", now)).toBeNull();
  });

  it("keeps the key sealed: only the site secret opens it", () => {
    const key = newTotpKey();
    const sealed = sealTotpKey(key, "secret-a");
    expect(Buffer.from(openTotpKey(sealed, "secret-a") ?? [])).toEqual(Buffer.from(key));
    expect(openTotpKey(sealed, "secret-b")).toBeNull();
    expect(sealed).not.toContain(Buffer.from(key).toString("base64url"));
  });
});

describe("staff log-in", () => {
  let key: Uint8Array;
  let recoveryCodes: string[] = [];

  it("asks a staff member without an app to set one up before any session exists", async () => {
    const jar = new Jar();
    const answer = await passwordStep(jar, "staff@example.jp");
    expect(answer).toMatchObject({ status: 302, location: "/login/two-factor" });
    expect(jar.has(SESSION)).toBe(false);
    const page = await run(jar, twoFactorLogin.loader, "/login/two-factor");
    const enrol = (page.body as { stage: string; enrol: { typedKey: string; qrSvg: string } }).enrol;
    expect((page.body as { stage: string }).stage).toBe("enrol");
    expect(enrol.qrSvg).toMatch(/^<svg/);
    key = decodeBase32IgnorePadding(enrol.typedKey.replace(/\s/g, ""));

    // A wrong code sets up nothing; the right one signs in and shows ten recovery codes once.
    const wrongCode = totpCode(key, totpStep(new Date()) + 5);
    expect((await run(jar, twoFactorLogin.action, "/login/two-factor", { code: wrongCode })).status).toBe(400);
    expect(jar.has(SESSION)).toBe(false);
    const done = await run(jar, twoFactorLogin.action, "/login/two-factor", {
      code: totpCode(key, totpStep(new Date())),
    });
    expect(done.status).toBe(200);
    recoveryCodes = (done.body as { codes: { list: string[]; continueTo: string } }).codes.list;
    expect(recoveryCodes).toHaveLength(10);
    expect((done.body as { codes: { continueTo: string } }).codes.continueTo).toBe("/staff/themes");
    expect(jar.has(SESSION)).toBe(true);
    const stored = await handle.db
      .selectFrom("recovery_codes")
      .select("code_hash")
      .where("user_id", "=", people.staff.id)
      .execute();
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]);
  });

  it("then asks for a code every time: a wrong one and a used one are refused", async () => {
    const jar = new Jar();
    expect((await passwordStep(jar, "staff@example.jp")).location).toBe("/login/two-factor");
    const page = await run(jar, twoFactorLogin.loader, "/login/two-factor");
    expect((page.body as { stage: string; demoCode: string | null }).stage).toBe("verify");
    // Not the demo: no code is shown.
    expect((page.body as { demoCode: string | null }).demoCode).toBeNull();
    // The code used to set it up (this same half-minute) cannot be used again.
    const used = await run(jar, twoFactorLogin.action, "/login/two-factor", {
      code: totpCode(key, totpStep(new Date())),
    });
    expect(used.status).toBe(400);
    expect(jar.has(SESSION)).toBe(false);
    const next = totpCode(key, totpStep(new Date()) + 1);
    const ok = await run(jar, twoFactorLogin.action, "/login/two-factor", { code: next });
    expect(ok).toMatchObject({ status: 302, location: "/staff/themes" });
    expect(jar.has(SESSION)).toBe(true);
    const events = await handle.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", people.staff.id)
      .where("action", "like", "security.%")
      .execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["security.two_factor_enabled", "security.second_factor_failed"]),
    );
  });

  it("takes each recovery code once, in any case and with or without its hyphen", async () => {
    const jar = new Jar();
    await passwordStep(jar, "staff@example.jp");
    const typed = recoveryCodes[0].toLowerCase().replace("-", " ");
    expect((await run(jar, twoFactorLogin.action, "/login/two-factor", { code: typed })).status).toBe(302);
    const again = new Jar();
    await passwordStep(again, "staff@example.jp");
    expect((await run(again, twoFactorLogin.action, "/login/two-factor", { code: recoveryCodes[0] })).status).toBe(400);
  });

  it("locks the code form after five wrong codes", async () => {
    // Counted from a clean slate: the refused recovery code above was one try.
    await handle.db.deleteFrom("login_throttles").where("key", "like", "second-factor:%").execute();
    const jar = new Jar();
    await passwordStep(jar, "staff@example.jp");
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await run(jar, twoFactorLogin.action, "/login/two-factor", { code: "000000" })).status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    await handle.db.deleteFrom("login_throttles").where("key", "like", "second-factor:%").execute();
  });

  it("refuses the code page without a right password first, and a forged cookie", async () => {
    const jar = new Jar();
    expect((await run(jar, twoFactorLogin.loader, "/login/two-factor")).location).toBe("/login");
    const forged = new Jar();
    forged.take({
      headers: new Headers({
        "Set-Cookie": `nerima_login=${btoa(JSON.stringify({ userId: people.staff.id, stage: "verify", redirectTo: "/", expiresAt: Date.now() + 60_000 }))}; Path=/login`,
      }),
    });
    expect((await run(forged, twoFactorLogin.loader, "/login/two-factor")).location).toBe("/login");
  });

  it("lets a member in with a password alone until they choose to set it up", async () => {
    const jar = new Jar();
    const answer = await passwordStep(jar, "member@example.jp");
    expect(answer.location).toBe("/staff/themes");
    expect(jar.has(SESSION)).toBe(true);
  });
});

describe("/me/two-factor", () => {
  it("sends a visitor to log in, reading and writing", async () => {
    const visitor = new Jar();
    expect((await run(visitor, myTwoFactor.loader, "/me/two-factor")).location).toMatch(/^\/login\?redirectTo=/);
    const posted = await run(visitor, myTwoFactor.action, "/me/two-factor", {
      intent: "renew",
      currentPassword: PASSWORD,
    });
    expect(posted.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("turns down a code from another key than the one shown, and a forged key", async () => {
    const jar = new Jar();
    await passwordStep(jar, "reviewer@example.jp");
    const page = await run(jar, myTwoFactor.loader, "/me/two-factor");
    const enrol = (page.body as { enrol: { sealedKey: string } }).enrol;
    const other = newTotpKey();
    const wrong = await run(jar, myTwoFactor.action, "/me/two-factor", {
      intent: "enable",
      sealedKey: enrol.sealedKey,
      code: totpCode(other, totpStep(new Date())),
    });
    expect(wrong.status).toBe(400);
    // A key sealed with another secret cannot be slipped in.
    const forged = await run(jar, myTwoFactor.action, "/me/two-factor", {
      intent: "enable",
      sealedKey: sealTotpKey(other, "not the site secret"),
      code: totpCode(other, totpStep(new Date())),
    });
    expect(forged.status).toBe(400);
  });
});

describe("switching it off", () => {
  it("lets a member switch theirs off with their password, never a staff member", async () => {
    const memberJar = new Jar();
    await passwordStep(memberJar, "member@example.jp");
    const page = await run(memberJar, myTwoFactor.loader, "/me/two-factor");
    const enrol = (page.body as { enrol: { sealedKey: string; typedKey: string } }).enrol;
    const key = decodeBase32IgnorePadding(enrol.typedKey.replace(/\s/g, ""));
    const enabled = await run(memberJar, myTwoFactor.action, "/me/two-factor", {
      intent: "enable",
      sealedKey: enrol.sealedKey,
      code: totpCode(key, totpStep(new Date())),
    });
    expect((enabled.body as { codes: string[] }).codes).toHaveLength(10);
    const wrongPassword = await run(memberJar, myTwoFactor.action, "/me/two-factor", {
      intent: "disable",
      currentPassword: "not it",
    });
    expect(wrongPassword.status).toBe(400);
    const off = await run(memberJar, myTwoFactor.action, "/me/two-factor", {
      intent: "disable",
      currentPassword: PASSWORD,
    });
    expect(off).toMatchObject({ status: 302, location: "/me" });

    const staffSession = await services.lucia.createSession(people.staff.id, {});
    const staffJar = new Jar();
    staffJar.take({
      headers: new Headers({ "Set-Cookie": services.lucia.createSessionCookie(staffSession.id).serialize() }),
    });
    const refused = await run(staffJar, myTwoFactor.action, "/me/two-factor", {
      intent: "disable",
      currentPassword: PASSWORD,
    });
    expect(refused.status).toBe(403);
  });

  it("lets an admin remove a lost one, which ends that person's sessions", async () => {
    const target = await verifiedUser(handle.db, "lost-phone@example.jp", "staff", "紛失 さん", PASSWORD);
    await handle.db
      .updateTable("users")
      .set({ totp_key_sealed: sealTotpKey(newTotpKey(), "test-secret"), totp_enabled_at: new Date() })
      .where("id", "=", target.id)
      .execute();
    await services.lucia.createSession(target.id, {});
    const adminSession = await services.lucia.createSession(people.admin.id, {});
    const adminCookie = services.lucia.createSessionCookie(adminSession.id).serialize().split(";")[0];
    const staffSession = await services.lucia.createSession(people.staff.id, {});
    const staffCookie = services.lucia.createSessionCookie(staffSession.id).serialize().split(";")[0];
    const remove = { intent: "remove-two-factor", userId: target.id };
    const post = (cookie: string | null) =>
      outcome(() =>
        adminUsers.action({
          request: new Request("http://localhost/admin/users", {
            method: "POST",
            headers: cookie ? { Cookie: cookie } : {},
            body: new URLSearchParams(remove),
          }),
          params: {},
          context: { clientAddress: null },
        }),
      );
    expect((await post(null)).status).toBe(302);
    expect((await post(staffCookie)).status).toBe(403);
    expect((await post(adminCookie)).status).toBe(302);
    const after = await handle.db
      .selectFrom("users")
      .select(["totp_enabled_at"])
      .where("id", "=", target.id)
      .executeTakeFirstOrThrow();
    expect(after.totp_enabled_at).toBeNull();
    expect(await handle.db.selectFrom("sessions").select("id").where("user_id", "=", target.id).execute()).toEqual([]);
  });
});

describe("session limits", () => {
  async function sessionAged(user: User, ages: { idleMs: number; ageMs: number }) {
    const session = await services.lucia.createSession(user.id, {});
    const now = Date.now();
    await handle.db
      .updateTable("sessions")
      .set({ created_at: new Date(now - ages.ageMs), last_seen_at: new Date(now - ages.idleMs) })
      .where("id", "=", session.id)
      .execute();
    const cookie = services.lucia.createSessionCookie(session.id).serialize().split(";")[0];
    return new Request("http://localhost/me", { headers: { Cookie: cookie } });
  }

  it("ends staff, admin and reviewer sessions after 30 idle minutes or 12 hours; members keep theirs", async () => {
    const idle = { idleMs: ELEVATED_IDLE_MS + 60_000, ageMs: ELEVATED_IDLE_MS + 60_000 };
    const old = { idleMs: 60_000, ageMs: ELEVATED_ABSOLUTE_MS + 60_000 };
    const fresh = { idleMs: ELEVATED_IDLE_MS - 60_000, ageMs: ELEVATED_ABSOLUTE_MS - 60_000 };
    for (const role of ["staff", "admin", "reviewer"] as const) {
      expect(await getUser(await sessionAged(people[role], idle))).toBeNull();
      expect(await getUser(await sessionAged(people[role], old))).toBeNull();
      expect((await getUser(await sessionAged(people[role], fresh)))?.id).toBe(people[role].id);
    }
    const month = { idleMs: 20 * 24 * 3600_000, ageMs: 20 * 24 * 3600_000 };
    expect((await getUser(await sessionAged(people.member, month)))?.id).toBe(people.member.id);
  });

  it("ends a person's sessions when their role changes, so the new role's rules apply at once", async () => {
    const promoted = await verifiedUser(handle.db, "promoted@example.jp", "member", "昇格 さん", PASSWORD);
    await services.lucia.createSession(promoted.id, {});
    await setUserRole(handle.db, { actorId: people.admin.id, userId: promoted.id, role: "staff" });
    expect(await handle.db.selectFrom("sessions").select("id").where("user_id", "=", promoted.id).execute()).toEqual(
      [],
    );
  });

  it("lists a person's sessions on /me and ends the others, or all", async () => {
    const person = await verifiedUser(handle.db, "devices@example.jp", "member", "端末 さん", PASSWORD);
    const phone = new Jar();
    const office = new Jar();
    await passwordStep(phone, "devices@example.jp");
    await passwordStep(office, "devices@example.jp");
    const page = await run(office, me.loader, "/me");
    const sessions = (page.body as { sessions: { current: boolean; device: string; address: string }[] }).sessions;
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ device: "Chrome / Windows", address: "198.51.100.20" });
    expect((await run(office, me.action, "/me", { intent: "end-other-sessions" })).location).toBe("/me");
    expect((await run(phone, me.loader, "/me")).location).toMatch(/^\/login/);
    expect((await run(office, me.loader, "/me")).status).toBe(200);
    expect((await run(office, me.action, "/me", { intent: "end-all-sessions" })).location).toBe("/login");
    expect(await handle.db.selectFrom("sessions").select("id").where("user_id", "=", person.id).execute()).toEqual([]);
  });
});

describe("the security record", () => {
  it("is read by admins only, and holds failed log-ins and role changes", async () => {
    await run(new Jar(), login.action, "/login", { email: "member@example.jp", password: "wrong password!" });
    const cookieFor = async (user: User) =>
      services.lucia
        .createSessionCookie((await services.lucia.createSession(user.id, {})).id)
        .serialize()
        .split(";")[0];
    expect((await callLoader(adminSecurity.loader, "/admin/security", null)).status).toBe(302);
    expect((await callLoader(adminSecurity.loader, "/admin/security", await cookieFor(people.staff))).status).toBe(403);
    expect((await callLoader(adminSecurity.loader, "/admin/security", await cookieFor(people.member))).status).toBe(
      403,
    );
    const page = (await adminSecurity.loader({
      request: new Request("http://localhost/admin/security", { headers: { Cookie: await cookieFor(people.admin) } }),
      params: {},
      context: { clientAddress: null },
    })) as { events: { action: string; subject: string | null; clientAddress: string | null }[] };
    const actions = page.events.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["security.login_failed", "user.role_changed", "security.two_factor_removed"]),
    );
    const failed = page.events.find((e) => e.action === "security.login_failed");
    expect(failed).toMatchObject({ subject: "member さん（member@example.jp）", clientAddress: "198.51.100.20" });
  });
});

describe("changing the site's secret", () => {
  it("opens keys sealed under the secret generated on first start once SESSION_SECRET replaces it", async () => {
    const generated = await loadSigningSecrets(handle.db, null);
    expect(generated.previous).toEqual([]);
    expect((await loadSigningSecrets(handle.db, null)).secret).toBe(generated.secret);
    const [chosen, older] = ["n".repeat(32), "o".repeat(32)];
    // The generated secret only opens keys to seal them again: a copy of the database alone signs nothing.
    expect(await loadSigningSecrets(handle.db, chosen, [older])).toEqual({
      secret: chosen,
      previous: [older],
      keysSealedUnder: [older, generated.secret],
    });
    expect(await loadSigningSecrets(handle.db, generated.secret)).toMatchObject({ previous: [], keysSealedUnder: [] });
  });

  it("seals every key again under the new secret, so the app's codes still sign in; a key no secret opens is counted", async () => {
    const key = newTotpKey();
    const moved = await verifiedUser(handle.db, "rotated@example.jp", "staff", "鍵 移行", PASSWORD);
    const lost = await verifiedUser(handle.db, "unopened@example.jp", "staff", "鍵 不明", PASSWORD);
    const sealedAs = async (userId: string, sealed: string) =>
      handle.db
        .updateTable("users")
        .set({ totp_key_sealed: sealed, totp_enabled_at: new Date() })
        .where("id", "=", userId)
        .execute();
    await sealedAs(moved.id, sealTotpKey(key, "the-earlier-secret"));
    const unknown = sealTotpKey(newTotpKey(), "a-secret-nobody-configured");
    await sealedAs(lost.id, unknown);

    // The site's secret here is services.secret; the earlier one is given as previous.
    expect(await resealTotpKeys(handle.db, services.secret, ["the-earlier-secret"])).toEqual({
      resealed: 1,
      unopened: 1,
    });
    expect(await resealTotpKeys(handle.db, services.secret, ["the-earlier-secret"])).toEqual({
      resealed: 0,
      unopened: 1,
    });
    const row = await handle.db
      .selectFrom("users")
      .select("totp_key_sealed")
      .where("id", "=", lost.id)
      .executeTakeFirstOrThrow();
    expect(row.totp_key_sealed).toBe(unknown);

    const jar = new Jar();
    expect((await passwordStep(jar, "rotated@example.jp")).location).toBe("/login/two-factor");
    const done = await run(jar, twoFactorLogin.action, "/login/two-factor", {
      code: totpCode(key, totpStep(new Date())),
    });
    expect(done).toMatchObject({ status: 302 });
    expect(jar.has(SESSION)).toBe(true);
  });
});
