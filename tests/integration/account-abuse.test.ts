import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifiedUser, signUp } from "~/models/accounts.server";
import { MAIL_PER_CLIENT_LIMIT, MAIL_PER_TARGET_LIMIT, mailAllowed } from "~/models/mail-limits.server";
import * as consultation from "~/routes/consultations.$id";
import * as forgot from "~/routes/forgot-password";
import * as me from "~/routes/me";
import * as signup from "~/routes/signup";
import * as themePage from "~/routes/themes.$id";
import { ACCOUNT_ANSWER_FLOOR_MS } from "~/utils/answer-floor.server";
import type { User } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import { installTestServices, publishedTheme, sessionCookieFor, verifiedUser } from "../support/fixtures";
import { outcome } from "../support/routes";

// Security findings 5 (who is registered can be learnt) and 6 (mail flooding), through the routes.

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let staff: User;
let themeId = "";

/** Posts a form from a given client address, as the server would pass it in. */
function post(
  action: (args: never) => Promise<unknown>,
  path: string,
  form: Record<string, string>,
  { cookie = null, clientAddress = "198.51.100.7", params = {} } = {} as {
    cookie?: string | null;
    clientAddress?: string;
    params?: Record<string, string>;
  },
) {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  const request = new Request(`http://localhost${path}`, { method: "POST", headers, body: new URLSearchParams(form) });
  const run = action as (args: unknown) => Promise<unknown>;
  return outcome(() => run({ request, params, context: { clientAddress } }));
}

async function mailTo(address: string) {
  return handle.db.selectFrom("mail_outbox").select(["subject"]).where("to_address", "=", address).execute();
}

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  staff = await verifiedUser(handle.db, "staff@example.jp", "staff", "区 職員");
  await verifiedUser(handle.db, "taken@example.jp", "member", "登録 済子");
  themeId = await publishedTheme(handle.db, {
    staffId: staff.id,
    title: "相談できるテーマ",
    criteria: [{ name: "理解", description: "", weight: 100, maxScore: 5 }],
  });
});
afterAll(() => handle.cleanup());

describe("no enumeration (finding 5)", () => {
  it("answers a taken address exactly as a new one, signs no one in, and e-mails the owner", async () => {
    const fresh = await post(signup.action, "/signup", {
      name: "新 規子",
      email: "new@example.jp",
      password: "a-long-password-1",
      privacy: "yes",
    });
    const taken = await post(signup.action, "/signup", {
      name: "なりすまし",
      email: "Taken@example.jp",
      password: "a-long-password-1",
      privacy: "yes",
    });
    expect(fresh).toEqual({ status: 302, location: "/login" });
    expect(taken).toEqual(fresh);
    expect((await mailTo("new@example.jp")).map((m) => m.subject)).toEqual(["【ねりま協働ラボ】メールアドレスの確認"]);
    expect((await mailTo("taken@example.jp")).map((m) => m.subject)).toEqual([
      "【ねりま協働ラボ】このメールアドレスは登録済みです",
    ]);
    expect(await handle.db.selectFrom("sessions").select("id").execute()).toEqual([]);
  });

  it("takes no less than the floor to answer /forgot-password, registered or not", async () => {
    for (const email of ["taken@example.jp", "nobody@example.jp"]) {
      const started = performance.now();
      const answer = await post(forgot.action, "/forgot-password", { email }, { clientAddress: "198.51.100.8" });
      expect(answer.status).toBe(302);
      expect(performance.now() - started).toBeGreaterThanOrEqual(ACCOUNT_ANSWER_FLOOR_MS - 5);
    }
  });
});

describe("mail limits (finding 6)", () => {
  it("stops the reset e-mail to one address after the limit, and says so", async () => {
    const email = "flooded@example.jp";
    await createVerifiedUser(handle.db, { email, name: "受信 者", password: "long password 1", role: "member" });
    const answers = [];
    for (let i = 0; i <= MAIL_PER_TARGET_LIMIT; i++) {
      // From a new client address each time: the per-address limit alone holds.
      answers.push(
        (await post(forgot.action, "/forgot-password", { email }, { clientAddress: `203.0.113.${i + 10}` })).status,
      );
    }
    expect(answers).toEqual([...Array(MAIL_PER_TARGET_LIMIT).fill(302), 429]);
    expect(await mailTo(email)).toHaveLength(MAIL_PER_TARGET_LIMIT);
  });

  it("stops one client address writing to many addresses", async () => {
    const now = new Date();
    const allowed = [];
    for (let i = 0; i <= MAIL_PER_CLIENT_LIMIT; i++) {
      allowed.push(
        await mailAllowed(handle.db, {
          purpose: "reset",
          target: `many-${i}@example.jp`,
          clientAddress: "192.0.2.99",
          now,
        }),
      );
    }
    expect(allowed.filter((a) => !a)).toHaveLength(1);
    expect(allowed.at(-1)).toBe(false);
    // Another client is not held back by that one.
    expect(
      await mailAllowed(handle.db, {
        purpose: "reset",
        target: "many-0@example.jp",
        clientAddress: "192.0.2.100",
        now,
      }),
    ).toBe(true);
  });

  it("limits sign-up mail and the resend button too", async () => {
    const statuses = [];
    for (let i = 0; i <= MAIL_PER_TARGET_LIMIT; i++) {
      statuses.push(
        (
          await post(
            signup.action,
            "/signup",
            { name: "繰り 返し", email: "again@example.jp", password: "a-long-password-1", privacy: "yes" },
            { clientAddress: `203.0.113.${i + 50}` },
          )
        ).status,
      );
    }
    expect(statuses.at(-1)).toBe(429);

    const signed = await signUp(
      handle.db,
      { name: "再送 者", email: "resend@example.jp", password: "a-long-password-1" },
      { publicUrl: "http://lab.test", locale: "ja", now: new Date() },
    );
    if (!signed.ok) throw new Error("sign-up failed");
    const cookie = await sessionCookieFor(signed.user);
    for (let i = 0; i < MAIL_PER_TARGET_LIMIT + 2; i++) {
      await post(me.action, "/me", { intent: "resend-verification" }, { cookie, clientAddress: `203.0.113.${i + 90}` });
    }
    // The sign-up's own mail plus three resends, then no more.
    expect(await mailTo("resend@example.jp")).toHaveLength(1 + MAIL_PER_TARGET_LIMIT);
  });

  it("does not let an unverified account write to staff, and limits a verified one", async () => {
    const signed = await signUp(
      handle.db,
      { name: "未確認 者", email: "unverified@example.jp", password: "a-long-password-1" },
      { publicUrl: "http://lab.test", locale: "ja", now: new Date() },
    );
    if (!signed.ok) throw new Error("sign-up failed");
    const unverified = await sessionCookieFor(signed.user);
    const consult = { intent: "consult", subject: "相談", message: "教えてください" };
    const params = { id: themeId };
    const path = `/themes/${themeId}`;
    expect((await post(themePage.action, path, consult, { cookie: unverified, params })).status).toBe(403);
    const ask = { intent: "ask", question: "質問です" };
    expect((await post(themePage.action, path, ask, { cookie: unverified, params })).status).toBe(403);
    expect(await mailTo("staff@example.jp")).toEqual([]);

    const verified = await createVerifiedUser(handle.db, {
      email: "verified@example.jp",
      name: "確認 済",
      password: "long password 1",
      role: "member",
    });
    const cookie = await sessionCookieFor(verified);
    const statuses = [];
    for (let i = 0; i <= MAIL_PER_TARGET_LIMIT; i++) {
      statuses.push(
        (await post(themePage.action, path, consult, { cookie, params, clientAddress: `10.0.0.${i}` })).status,
      );
    }
    expect(statuses).toEqual([...Array(MAIL_PER_TARGET_LIMIT).fill(302), 429]);
    expect(await mailTo("staff@example.jp")).toHaveLength(MAIL_PER_TARGET_LIMIT);

    // Replies in a thread are held to the same count.
    const thread = await handle.db
      .selectFrom("consultations")
      .select("id")
      .where("requested_by", "=", verified.id)
      .executeTakeFirstOrThrow();
    const reply = await post(
      consultation.action,
      `/consultations/${thread.id}`,
      { message: "追加の質問" },
      { cookie, params: { id: thread.id }, clientAddress: "10.0.1.1" },
    );
    expect(reply.status).toBe(429);
    // Staff answering are not.
    const staffCookie = await sessionCookieFor(staff);
    const answer = await post(
      consultation.action,
      `/consultations/${thread.id}`,
      { message: "お答えします" },
      { cookie: staffCookie, params: { id: thread.id } },
    );
    expect(answer.status).toBe(302);
  });
});
