import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { createVerifiedUser } from "~/models/accounts.server";
import * as adminUsers from "~/routes/admin.users";
import * as devMail from "~/routes/dev.mail._index";
import * as devMailMessage from "~/routes/dev.mail.$id";
import * as me from "~/routes/me";
import { createServices, installServices, type Services } from "~/services.server";
import { createTestDatabase } from "../support/database";
import { callAction, callLoader } from "../support/routes";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let services: Services;
const cookies: Record<"member" | "reviewer" | "staff" | "admin", string> = {
  member: "",
  reviewer: "",
  staff: "",
  admin: "",
};
let memberId = "";

beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices(loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }), handle.db, handle.kind);
  installServices(services);
  for (const role of ["member", "reviewer", "staff", "admin"] as const) {
    const user = await createVerifiedUser(handle.db, {
      email: `${role}@example.jp`,
      name: role,
      password: "long password 1",
      role,
    });
    if (role === "member") memberId = user.id;
    const session = await services.lucia.createSession(user.id, {});
    cookies[role] = services.lucia.createSessionCookie(session.id).serialize().split(";")[0];
  }
});
afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

type Who = keyof typeof cookies | "visitor";

const cookieOf = (who: Who) => (who === "visitor" ? null : cookies[who]);
const load = (loader: (args: LoaderFunctionArgs) => Promise<unknown>, path: string, who: Who) =>
  callLoader(loader, path, cookieOf(who));
const act = (
  action: (args: ActionFunctionArgs) => Promise<unknown>,
  path: string,
  who: Who,
  form: Record<string, string>,
) => callAction(action, path, cookieOf(who), form);

describe("/admin/users (read and write: admin)", () => {
  it("sends a visitor to log in, with the way back", async () => {
    expect(await load(adminUsers.loader, "/admin/users", "visitor")).toEqual({
      status: 302,
      location: "/login?redirectTo=%2Fadmin%2Fusers",
    });
    const posted = await act(adminUsers.action, "/admin/users", "visitor", { userId: memberId, role: "admin" });
    expect(posted.status).toBe(302);
  });

  it.each(["member", "reviewer", "staff"] as const)("refuses %s with 403, reading and writing", async (who) => {
    expect((await load(adminUsers.loader, "/admin/users", who)).status).toBe(403);
    expect((await act(adminUsers.action, "/admin/users", who, { userId: memberId, role: "admin" })).status).toBe(403);
    const member = await handle.db
      .selectFrom("users")
      .select("role")
      .where("id", "=", memberId)
      .executeTakeFirstOrThrow();
    expect(member.role).toBe("member");
  });

  it("lets an admin read the list and change a role", async () => {
    expect((await load(adminUsers.loader, "/admin/users", "admin")).status).toBe(200);
    const posted = await act(adminUsers.action, "/admin/users", "admin", { userId: memberId, role: "reviewer" });
    expect(posted.status).toBe(302);
    const member = await handle.db
      .selectFrom("users")
      .select("role")
      .where("id", "=", memberId)
      .executeTakeFirstOrThrow();
    expect(member.role).toBe("reviewer");
    // The new role applies from the next request: the person's sessions ended with the change.
    expect((await load(me.loader, "/me", "member")).status).toBe(302);
    // Put back as it was for the tests below.
    await handle.db.updateTable("users").set({ role: "member" }).where("id", "=", memberId).execute();
    const session = await services.lucia.createSession(memberId, {});
    cookies.member = services.lucia.createSessionCookie(session.id).serialize().split(";")[0];
  });

  it("answers 400 to a role that does not exist", async () => {
    expect((await act(adminUsers.action, "/admin/users", "admin", { userId: memberId, role: "king" })).status).toBe(
      400,
    );
  });
});

describe("/me (read and write: the signed-in person)", () => {
  it("sends a visitor to log in", async () => {
    expect((await load(me.loader, "/me", "visitor")).status).toBe(302);
    expect((await act(me.action, "/me", "visitor", { intent: "name", name: "乗っ取り" })).status).toBe(302);
  });

  it("changes only the signed-in person's own name", async () => {
    expect((await act(me.action, "/me", "staff", { intent: "name", name: "新しい名前" })).status).toBe(302);
    const rows = await handle.db.selectFrom("users").select(["email", "name"]).orderBy("email").execute();
    expect(rows.find((r) => r.email === "staff@example.jp")?.name).toBe("新しい名前");
    expect(rows.filter((r) => r.name === "新しい名前")).toHaveLength(1);
  });

  it("keeps the typed name and answers 400 when it is empty", async () => {
    expect((await act(me.action, "/me", "staff", { intent: "name", name: "   " })).status).toBe(400);
  });
});

describe("/dev/mail: the demo's mailbox, and the admins' view of mail not being delivered", () => {
  it("does not exist on a site with a mail server", async () => {
    for (const who of ["visitor", "admin"] as const) {
      expect((await load(devMail.loader, "/dev/mail", who)).status).toBe(404);
    }
  });

  it("is for admins only on a real install without a mail server, however the database is run", async () => {
    for (const env of [{}, { DATABASE_URL: "postgres://db.invalid/x" }]) {
      installServices(createServices(loadConfig(env), handle.db, handle.kind, "secret", false));
      try {
        const visitor = await load(devMail.loader, "/dev/mail", "visitor");
        expect(visitor.status).toBe(302);
        expect(visitor.location).toMatch(/^\/login/);
        expect((await load(devMail.loader, "/dev/mail", "member")).status).toBe(403);
        expect((await load(devMail.loader, "/dev/mail", "staff")).status).toBe(403);
        expect((await load(devMail.loader, "/dev/mail", "admin")).status).toBe(200);
        // One message's page follows the same rule (a message that does not exist is then a 404).
        const message = (path: string, who: "visitor" | "member" | "admin") =>
          callLoader(devMailMessage.loader, path, cookieOf(who), { id: "999999" });
        expect((await message("/dev/mail/999999", "visitor")).status).toBe(302);
        expect((await message("/dev/mail/999999", "member")).status).toBe(403);
        expect((await message("/dev/mail/999999", "admin")).status).toBe(404);
      } finally {
        installServices(services);
      }
    }
  });

  it("lists the outbox to anyone on the demo database", async () => {
    installServices(createServices(loadConfig({}), handle.db, handle.kind, "secret", true));
    try {
      expect((await load(devMail.loader, "/dev/mail", "visitor")).status).toBe(200);
    } finally {
      installServices(services);
    }
  });
});
