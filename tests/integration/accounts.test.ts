import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUserRole } from "~/models/account-admin.server";
import {
  authenticate,
  changePassword,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
} from "~/models/account-credentials.server";
import { confirmEmail, createVerifiedUser, findUserByEmail, signUp } from "~/models/accounts.server";
import { auditTrail } from "~/models/audit.server";
import type { DatabaseHandle } from "../../db/connection";
import { createTestDatabase } from "../support/database";
import { mailContext as ctx } from "../support/fixtures";

let handle: DatabaseHandle & { cleanup(): Promise<void> };

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.cleanup();
});

/** The token inside the newest e-mail to `to` that links to `path`. */
async function tokenFromOutbox(to: string, path: string): Promise<string> {
  const mail = await handle.db
    .selectFrom("mail_outbox")
    .select(["text"])
    .where("to_address", "=", to)
    .where("text", "like", `%${path}?token=%`)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const match = mail.text.match(new RegExp(`http://lab\\.test${path}\\?token=([\\w-]+)`));
  if (!match) throw new Error(`no ${path} link in mail to ${to}`);
  return match[1];
}

async function sessionCount(userId: string) {
  const rows = await handle.db.selectFrom("sessions").select("id").where("user_id", "=", userId).execute();
  return rows.length;
}

describe("sign-up and verification", () => {
  it("creates an unverified account, audits it and queues a verification e-mail in Japanese", async () => {
    const result = await signUp(
      handle.db,
      { name: "練馬 花子", email: "Hanako@Example.jp ", password: "correct horse battery" },
      ctx(),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user.email).toBe("hanako@example.jp");
    expect(result.user.email_verified_at).toBeNull();
    expect(result.user.password_hash).toMatch(/^\$argon2id\$/);

    const mail = await handle.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("to_address", "=", "hanako@example.jp")
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toBe("【ねりま協働ラボ】メールアドレスの確認");
    expect(mail[0].text).toContain("練馬 花子 様");
    expect(mail[0].status).toBe("pending");

    const trail = await auditTrail(handle.db, "user", result.user.id);
    expect(trail.map((e) => e.action)).toEqual(["user.signed_up"]);
  });

  it("refuses a second account with the same address, whatever its case, and tells the owner instead", async () => {
    const result = await signUp(
      handle.db,
      { name: "別人", email: "HANAKO@example.jp", password: "another long password" },
      ctx(),
    );
    expect(result).toEqual({ ok: false, problem: "email_taken" });
    const mail = await handle.db
      .selectFrom("mail_outbox")
      .select(["subject", "text"])
      .where("to_address", "=", "hanako@example.jp")
      .orderBy("id")
      .execute();
    expect(mail.map((m) => m.subject)).toEqual([
      "【ねりま協働ラボ】メールアドレスの確認",
      "【ねりま協働ラボ】このメールアドレスは登録済みです",
    ]);
    // Written to the owner, by name; the would-be newcomer's name is not passed on.
    expect(mail[1].text).toContain("練馬 花子 様");
    expect(mail[1].text).not.toContain("別人");
    expect(mail[1].text).toContain("http://lab.test/forgot-password");
    const accounts = await handle.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "hanako@example.jp")
      .execute();
    expect(accounts).toHaveLength(1);
  });

  it("verifies with the e-mailed link exactly once", async () => {
    const token = await tokenFromOutbox("hanako@example.jp", "/verify-email");
    expect(await confirmEmail(handle.db, token, new Date())).toEqual({ ok: true, kind: "verified" });
    const user = await findUserByEmail(handle.db, "hanako@example.jp");
    expect(user?.email_verified_at).toBeInstanceOf(Date);
    expect(await confirmEmail(handle.db, token, new Date())).toEqual({ ok: false, problem: "used" });
    expect(await confirmEmail(handle.db, "not-a-token", new Date())).toEqual({ ok: false, problem: "invalid" });
  });

  it("refuses a verification link after 24 hours", async () => {
    await signUp(handle.db, { name: "遅い 人", email: "late@example.jp", password: "long enough password" }, ctx());
    const token = await tokenFromOutbox("late@example.jp", "/verify-email");
    const later = new Date(Date.now() + 24 * 3600_000 + 1000);
    expect(await confirmEmail(handle.db, token, later)).toEqual({ ok: false, problem: "expired" });
    const user = await findUserByEmail(handle.db, "late@example.jp");
    expect(user?.email_verified_at).toBeNull();
  });

  it("lets exactly one of two simultaneous confirmations win", async () => {
    await signUp(handle.db, { name: "二重 押し", email: "double@example.jp", password: "long enough password" }, ctx());
    const token = await tokenFromOutbox("double@example.jp", "/verify-email");
    const results = await Promise.all([
      confirmEmail(handle.db, token, new Date()),
      confirmEmail(handle.db, token, new Date()),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});

describe("log-in", () => {
  it("accepts the right password and refuses a wrong one or an unknown address", async () => {
    const now = new Date();
    const ok = await authenticate(handle.db, {
      email: "hanako@example.jp",
      password: "correct horse battery",
      clientAddress: null,
      now,
    });
    expect(ok.ok).toBe(true);
    const wrong = await authenticate(handle.db, {
      email: "hanako@example.jp",
      password: "wrong password!",
      clientAddress: null,
      now,
    });
    expect(wrong).toEqual({ ok: false, problem: "invalid" });
    const unknown = await authenticate(handle.db, {
      email: "nobody@example.jp",
      password: "whatever1234",
      clientAddress: null,
      now,
    });
    expect(unknown).toEqual({ ok: false, problem: "invalid" });
  });
});

describe("password reset", () => {
  it("sets a new password with a one-time link and ends every session of the account", async () => {
    const user = (await findUserByEmail(handle.db, "hanako@example.jp"))!;
    await handle.db
      .insertInto("sessions")
      .values([
        { id: "s-phone", user_id: user.id, expires_at: new Date(Date.now() + 3600_000) },
        { id: "s-desk", user_id: user.id, expires_at: new Date(Date.now() + 3600_000) },
      ])
      .execute();
    await requestPasswordReset(handle.db, "HANAKO@example.jp", ctx());
    const token = await tokenFromOutbox("hanako@example.jp", "/reset-password");

    expect(await resetPassword(handle.db, { token, password: "a brand new password", now: new Date() })).toEqual({
      ok: true,
    });
    expect(await sessionCount(user.id)).toBe(0);
    expect(await resetPassword(handle.db, { token, password: "yet another password", now: new Date() })).toEqual({
      ok: false,
      problem: "used",
    });
    const login = await authenticate(handle.db, {
      email: "hanako@example.jp",
      password: "a brand new password",
      clientAddress: null,
      now: new Date(),
    });
    expect(login.ok).toBe(true);
  });

  it("refuses a reset link after one hour, and an older link once a newer one is sent", async () => {
    await requestPasswordReset(handle.db, "hanako@example.jp", ctx());
    const first = await tokenFromOutbox("hanako@example.jp", "/reset-password");
    const later = new Date(Date.now() + 3600_000 + 1000);
    expect(await resetPassword(handle.db, { token: first, password: "too late password", now: later })).toEqual({
      ok: false,
      problem: "expired",
    });
    await requestPasswordReset(handle.db, "hanako@example.jp", ctx());
    expect(
      await resetPassword(handle.db, { token: first, password: "old link password", now: new Date() }),
    ).toMatchObject({
      ok: false,
    });
  });

  it("queues nothing for an unknown address", async () => {
    const before = await handle.db.selectFrom("mail_outbox").select("id").execute();
    await requestPasswordReset(handle.db, "stranger@example.jp", ctx());
    const after = await handle.db.selectFrom("mail_outbox").select("id").execute();
    expect(after.length).toBe(before.length);
  });
});

describe("changing credentials on the member page", () => {
  it("changes the password only with the current one, keeping this session and ending the others", async () => {
    const user = (await findUserByEmail(handle.db, "hanako@example.jp"))!;
    await handle.db
      .insertInto("sessions")
      .values([
        { id: "s-here", user_id: user.id, expires_at: new Date(Date.now() + 3600_000) },
        { id: "s-there", user_id: user.id, expires_at: new Date(Date.now() + 3600_000) },
      ])
      .execute();
    const refused = await changePassword(handle.db, {
      userId: user.id,
      currentPassword: "not my password",
      newPassword: "changed password 1",
      keepSessionId: "s-here",
      now: new Date(),
    });
    expect(refused).toEqual({ ok: false, field: "currentPassword", message: "validation.password.wrong" });
    expect(await sessionCount(user.id)).toBe(2);

    const changed = await changePassword(handle.db, {
      userId: user.id,
      currentPassword: "a brand new password",
      newPassword: "changed password 1",
      keepSessionId: "s-here",
      now: new Date(),
    });
    expect(changed).toEqual({ ok: true });
    const left = await handle.db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
    expect(left.map((s) => s.id)).toEqual(["s-here"]);
  });

  it("changes the e-mail address only after the new address is confirmed", async () => {
    const user = (await findUserByEmail(handle.db, "hanako@example.jp"))!;
    const taken = await requestEmailChange(
      handle.db,
      { userId: user.id, newEmail: "late@example.jp", currentPassword: "changed password 1" },
      ctx(),
    );
    expect(taken).toEqual({ ok: false, field: "newEmail", message: "validation.email.taken" });

    const requested = await requestEmailChange(
      handle.db,
      { userId: user.id, newEmail: "hanako.new@example.jp", currentPassword: "changed password 1" },
      ctx(),
    );
    expect(requested).toEqual({ ok: true });
    expect((await findUserByEmail(handle.db, "hanako@example.jp"))?.id).toBe(user.id);

    const token = await tokenFromOutbox("hanako.new@example.jp", "/verify-email");
    expect(await confirmEmail(handle.db, token, new Date())).toEqual({ ok: true, kind: "changed" });
    expect((await findUserByEmail(handle.db, "hanako.new@example.jp"))?.id).toBe(user.id);
    expect(await findUserByEmail(handle.db, "hanako@example.jp")).toBeUndefined();
  });
});

describe("roles", () => {
  it("changes a role with an audit entry, and never removes the last administrator", async () => {
    const admin = await createVerifiedUser(handle.db, {
      email: "root@example.jp",
      name: "管理者",
      password: "admin password 1",
      role: "admin",
    });
    const member = await createVerifiedUser(handle.db, {
      email: "m@example.jp",
      name: "会員",
      password: "member password 1",
      role: "member",
    });

    expect(await setUserRole(handle.db, { actorId: admin.id, userId: member.id, role: "staff" })).toEqual({ ok: true });
    expect((await findUserByEmail(handle.db, "m@example.jp"))?.role).toBe("staff");
    const trail = await auditTrail(handle.db, "user", member.id);
    expect(trail.at(-1)).toMatchObject({
      action: "user.role_changed",
      actor_id: admin.id,
      details: { from: "member", to: "staff" },
    });

    expect(await setUserRole(handle.db, { actorId: admin.id, userId: admin.id, role: "member" })).toEqual({
      ok: false,
      problem: "last_admin",
    });
    expect((await findUserByEmail(handle.db, "root@example.jp"))?.role).toBe("admin");
  });
});
