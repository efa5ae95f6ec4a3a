import type { SubmissionResult } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "~/models/accounts.server";
import { returnNoteSchema } from "~/models/organization-schemas";
import { createListing } from "~/models/partners.server";
import { sendPartnershipRequest } from "~/models/partnership-requests.server";
import * as notifications from "~/routes/notifications";
import * as orgPage from "~/routes/organizations.$id._index";
import * as orgEdit from "~/routes/organizations.$id.edit";
import * as orgMembers from "~/routes/organizations.$id.members";
import * as orgRequests from "~/routes/organizations.$id.requests";
import * as orgNew from "~/routes/organizations.new";
import * as listingPage from "~/routes/partners.$id";
import * as listingNew from "~/routes/partners.new";
import * as thread from "~/routes/requests.$id";
import * as staffQueue from "~/routes/staff.organizations";
import { installServices } from "~/services.server";
import { tokyoToday } from "../../app/utils/japan-time";
import type { User } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import {
  addMember,
  installTestServices,
  mailContext,
  PASSWORD,
  registeredOrganization,
  sessionCookieFor,
  signedInUsers,
  verifiedUser,
} from "../support/fixtures";
import { actionAnswer, callAction, callLoader } from "../support/routes";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let cookie: Record<string, string>;
let user: Record<string, User>;
let orgA = "";
let orgB = "";
let listingB = "";
let requestAtoB = "";

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  const ctx = mailContext();
  ({ user, cookie } = await signedInUsers(handle.db, {
    repA: "member",
    memberA: "member",
    repB: "member",
    repC: "member",
    staff: "staff",
    reviewer: "reviewer",
  }));
  const unverified = await signUp(
    handle.db,
    { name: "未確認", email: "unverified@example.jp", password: PASSWORD },
    ctx,
  );
  if (!unverified.ok) throw new Error("sign-up failed");
  user.unverified = unverified.user;
  cookie.unverified = await sessionCookieFor(unverified.user);

  // Three organisations staff have not verified; memberA joins A.
  const registered = (representative: User, name: string) =>
    registeredOrganization(handle.db, { representative, name, now: ctx.now });
  orgA = await registered(user.repA, "団体A");
  orgB = await registered(user.repB, "団体B");
  await registered(user.repC, "団体C");
  await addMember(handle.db, orgA, user.repA, user.memberA);
  const listing = await createListing(handle.db, {
    userId: user.repB.id,
    values: {
      organizationId: orgB,
      title: "募集",
      offers: "場所",
      seeks: "人手",
      areas: ["nerima"],
      fields: ["welfare"],
      endsOn: tokyoToday(new Date(Date.now() + 10 * 24 * 3600_000)),
    },
    now: ctx.now,
  });
  if (!listing.ok) throw new Error("listing failed");
  listingB = listing.id;
  const request = await sendPartnershipRequest(
    handle.db,
    { listingId: listingB, fromOrganizationId: orgA, user: user.repA, message: "よろしくお願いします" },
    ctx,
  );
  if (!request.ok) throw new Error("request failed");
  requestAtoB = request.requestId;
});

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

const validOrgForm = {
  name: "新しい団体",
  nameKana: "アタラシイダンタイ",
  kind: "npo",
  areas: "oizumi",
  fields: "education",
  description: "説明",
  contactEmail: "new@example.jp",
};

describe("/organizations/new (write: verified members)", () => {
  it("sends a visitor to log in and refuses an unverified account", async () => {
    expect((await callLoader(orgNew.loader, "/organizations/new", null)).status).toBe(302);
    expect((await callAction(orgNew.action, "/organizations/new", null, validOrgForm)).status).toBe(302);
    expect((await callAction(orgNew.action, "/organizations/new", cookie.unverified, validOrgForm)).status).toBe(403);
  });

  it("lets a verified member register, and explains bad input with 400", async () => {
    const created = await callAction(orgNew.action, "/organizations/new", cookie.reviewer, validOrgForm);
    expect(created.status).toBe(302);
    expect(created.location).toMatch(/^\/organizations\/[0-9a-f-]{36}$/);
    const bad = await callAction(orgNew.action, "/organizations/new", cookie.reviewer, {
      ...validOrgForm,
      nameKana: "ひらがな",
    });
    expect(bad.status).toBe(400);
  });
});

describe("/organizations/:id/edit (read and write: representatives)", () => {
  const path = () => `/organizations/${orgA}/edit`;
  const params = () => ({ id: orgA });
  it("refuses a visitor, a plain member, and another organisation's representative", async () => {
    expect((await callLoader(orgEdit.loader, path(), null, params())).status).toBe(302);
    expect((await callLoader(orgEdit.loader, path(), cookie.memberA, params())).status).toBe(403);
    expect((await callLoader(orgEdit.loader, path(), cookie.repB, params())).status).toBe(403);
    expect(
      (await callAction(orgEdit.action, path(), cookie.memberA, { ...validOrgForm, version: "1" }, params())).status,
    ).toBe(403);
    expect(
      (await callAction(orgEdit.action, path(), cookie.repB, { ...validOrgForm, version: "1" }, params())).status,
    ).toBe(403);
  });

  it("answers 404 for an unknown organisation", async () => {
    expect(
      (
        await callLoader(orgEdit.loader, "/organizations/x/edit", cookie.repA, {
          id: "00000000-0000-4000-8000-000000000000",
        })
      ).status,
    ).toBe(404);
  });

  it("saves for the representative, and refuses a stale copy with 409", async () => {
    expect((await callLoader(orgEdit.loader, path(), cookie.repA, params())).status).toBe(200);
    expect(
      (await callAction(orgEdit.action, path(), cookie.repA, { ...validOrgForm, version: "1" }, params())).status,
    ).toBe(302);
    expect(
      (await callAction(orgEdit.action, path(), cookie.repA, { ...validOrgForm, version: "1" }, params())).status,
    ).toBe(409);
    const saved = await handle.db
      .selectFrom("organizations")
      .select(["name", "version"])
      .where("id", "=", orgA)
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ name: "新しい団体", version: 2 });
  });
});

describe("/organizations/:id/members (read: members; write: representatives, and anyone may leave)", () => {
  const path = () => `/organizations/${orgA}/members`;
  const params = () => ({ id: orgA });
  it("refuses a visitor and another organisation's member", async () => {
    expect((await callLoader(orgMembers.loader, path(), null, params())).status).toBe(302);
    expect((await callLoader(orgMembers.loader, path(), cookie.repB, params())).status).toBe(403);
    expect(
      (await callAction(orgMembers.action, path(), cookie.repB, { intent: "invite", email: "x@example.jp" }, params()))
        .status,
    ).toBe(403);
  });

  it("lets a member read but not remove or invite", async () => {
    expect((await callLoader(orgMembers.loader, path(), cookie.memberA, params())).status).toBe(200);
    expect(
      (
        await callAction(
          orgMembers.action,
          path(),
          cookie.memberA,
          { intent: "remove", userId: user.repA.id },
          params(),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await callAction(
          orgMembers.action,
          path(),
          cookie.memberA,
          { intent: "invite", email: "x@example.jp" },
          params(),
        )
      ).status,
    ).toBe(403);
  });

  it("keeps the last representative from leaving", async () => {
    expect((await callAction(orgMembers.action, path(), cookie.repA, { intent: "leave" }, params())).status).toBe(409);
  });

  it("lets the representative invite", async () => {
    expect(
      (
        await callAction(
          orgMembers.action,
          path(),
          cookie.repA,
          { intent: "invite", email: "friend@example.jp" },
          params(),
        )
      ).status,
    ).toBe(302);
  });

  it("answers 404 to removing or handing the role to another organisation's member, changing no membership", async () => {
    const memberships = () =>
      handle.db
        .selectFrom("organization_members")
        .select(["organization_id", "user_id", "role"])
        .where("organization_id", "in", [orgA, orgB])
        .orderBy("organization_id")
        .orderBy("user_id")
        .execute();
    const before = await memberships();
    expect(before).toContainEqual({ organization_id: orgB, user_id: user.repB.id, role: "representative" });
    expect(before).toContainEqual({ organization_id: orgA, user_id: user.repA.id, role: "representative" });
    // repB belongs to organisation B only; the form names them, the URL names A.
    expect(
      (await callAction(orgMembers.action, path(), cookie.repA, { intent: "remove", userId: user.repB.id }, params()))
        .status,
    ).toBe(404);
    expect(
      (await callAction(orgMembers.action, path(), cookie.repA, { intent: "transfer", userId: user.repB.id }, params()))
        .status,
    ).toBe(404);
    expect(await memberships()).toEqual(before);
  });

  it("lets the representative hand the role to a member, take it back, and remove that member", async () => {
    const helper = await verifiedUser(handle.db, "helperA@example.jp");
    await addMember(handle.db, orgA, user.repA, helper);
    const roleIn = async (userId: string) =>
      (
        await handle.db
          .selectFrom("organization_members")
          .select("role")
          .where("organization_id", "=", orgA)
          .where("user_id", "=", userId)
          .executeTakeFirst()
      )?.role ?? null;
    expect(
      await callAction(orgMembers.action, path(), cookie.repA, { intent: "transfer", userId: helper.id }, params()),
    ).toMatchObject({ status: 302, location: path() });
    expect([await roleIn(helper.id), await roleIn(user.repA.id)]).toEqual(["representative", "member"]);
    expect(
      (
        await callAction(
          orgMembers.action,
          path(),
          await sessionCookieFor(helper),
          { intent: "transfer", userId: user.repA.id },
          params(),
        )
      ).status,
    ).toBe(302);
    expect([await roleIn(helper.id), await roleIn(user.repA.id)]).toEqual(["member", "representative"]);
    expect(
      (await callAction(orgMembers.action, path(), cookie.repA, { intent: "remove", userId: helper.id }, params()))
        .status,
    ).toBe(302);
    expect(await roleIn(helper.id)).toBeNull();
  });
});

describe("/organizations/:id/requests and /requests/:id (the two organisations only)", () => {
  it("shows the inbox to members and refuses others", async () => {
    expect(
      (await callLoader(orgRequests.loader, `/organizations/${orgA}/requests`, cookie.memberA, { id: orgA })).status,
    ).toBe(200);
    expect(
      (await callLoader(orgRequests.loader, `/organizations/${orgA}/requests`, cookie.repC, { id: orgA })).status,
    ).toBe(403);
    expect((await callLoader(orgRequests.loader, `/organizations/${orgA}/requests`, null, { id: orgA })).status).toBe(
      302,
    );
  });

  it("hides a thread from a third organisation and a visitor, by id", async () => {
    const params = { id: requestAtoB };
    expect((await callLoader(thread.loader, `/requests/${requestAtoB}`, cookie.repC, params)).status).toBe(404);
    expect(
      (
        await callAction(
          thread.action,
          `/requests/${requestAtoB}`,
          cookie.repC,
          { intent: "reply", message: "横入り" },
          params,
        )
      ).status,
    ).toBe(404);
    expect((await callLoader(thread.loader, `/requests/${requestAtoB}`, null, params)).status).toBe(302);
    expect((await callLoader(thread.loader, `/requests/${requestAtoB}`, cookie.memberA, params)).status).toBe(200);
  });

  it("lets only the receiving organisation accept", async () => {
    const params = { id: requestAtoB };
    expect(
      (await callAction(thread.action, `/requests/${requestAtoB}`, cookie.repA, { intent: "accept" }, params)).status,
    ).toBe(403);
    expect(
      (await callAction(thread.action, `/requests/${requestAtoB}`, cookie.repB, { intent: "accept" }, params)).status,
    ).toBe(302);
    const row = await handle.db
      .selectFrom("partnership_requests")
      .select("status")
      .where("id", "=", requestAtoB)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("accepted");
  });
});

describe("/staff/organizations (read and write: staff)", () => {
  it("refuses a visitor, a member and a reviewer", async () => {
    expect((await callLoader(staffQueue.loader, "/staff/organizations", null)).status).toBe(302);
    expect((await callLoader(staffQueue.loader, "/staff/organizations", cookie.repA)).status).toBe(403);
    expect((await callLoader(staffQueue.loader, "/staff/organizations", cookie.reviewer)).status).toBe(403);
    expect(
      (
        await callAction(staffQueue.action, "/staff/organizations", cookie.repA, {
          intent: "verify",
          organizationId: orgA,
        })
      ).status,
    ).toBe(403);
    const org = await handle.db
      .selectFrom("organizations")
      .select("verification_status")
      .where("id", "=", orgA)
      .executeTakeFirstOrThrow();
    expect(org.verification_status).toBe("unverified");
  });

  it("lets staff verify, and asks for a reason before returning", async () => {
    expect((await callLoader(staffQueue.loader, "/staff/organizations", cookie.staff)).status).toBe(200);
    expect(
      (
        await callAction(staffQueue.action, "/staff/organizations", cookie.staff, {
          intent: "return",
          organizationId: orgB,
          note: " ",
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await callAction(staffQueue.action, "/staff/organizations", cookie.staff, {
          intent: "verify",
          organizationId: orgA,
        })
      ).status,
    ).toBe(302);
    const org = await handle.db
      .selectFrom("organizations")
      .select("verification_status")
      .where("id", "=", orgA)
      .executeTakeFirstOrThrow();
    expect(org.verification_status).toBe("verified");
  });
  it("gives a refused return back to its organisation's form: the reason's problem at the field, the text kept", async () => {
    const tooLong = "書類の不備があります。".repeat(101);
    const sent = { intent: "return", organizationId: orgB, note: tooLong };
    const { status, data } = await actionAnswer<{ organizationId: string; result: SubmissionResult<string[]> }>(
      staffQueue.action,
      "/staff/organizations",
      cookie.staff,
      sent,
    );
    expect(status).toBe(400);
    expect(data.organizationId).toBe(orgB);
    expect(data.result.error).toEqual({ note: ["validation.text.tooLong"] });
    expect(data.result.initialValue).toMatchObject({ organizationId: orgB, note: tooLong });
    const blank = await actionAnswer<{ result: SubmissionResult<string[]> }>(
      staffQueue.action,
      "/staff/organizations",
      cookie.staff,
      { ...sent, note: "" },
    );
    expect(blank.data.result.error).toEqual({ note: ["staffOrg.noteRequired"] });
    // What the form sends with a reason is what the same schema accepts, in the browser and here.
    const accepted = parseWithValibot(
      new URLSearchParams({ ...sent, note: "代表者の連絡先を確認できませんでした。" }),
      {
        schema: returnNoteSchema,
      },
    );
    expect(accepted.status).toBe("success");
  });
});

describe("the partner board (write: verified members for their own organisation)", () => {
  it("refuses a visitor and an unverified account", async () => {
    expect((await callLoader(listingNew.loader, "/partners/new", null)).status).toBe(302);
    expect((await callLoader(listingNew.loader, "/partners/new", cookie.unverified)).status).toBe(403);
    const form = { organizationId: orgA, message: "はじめまして" };
    expect((await callAction(listingPage.action, `/partners/${listingB}`, null, form, { id: listingB })).status).toBe(
      302,
    );
    expect(
      (await callAction(listingPage.action, `/partners/${listingB}`, cookie.unverified, form, { id: listingB })).status,
    ).toBe(403);
  });

  it("refuses to post for, or close a listing of, an organisation one does not belong to", async () => {
    const posted = await callAction(listingNew.action, "/partners/new", cookie.repC, {
      organizationId: orgA,
      title: "なりすまし",
      offers: "なし",
      seeks: "なし",
      areas: "nerima",
      fields: "welfare",
      endsOn: tokyoToday(new Date(Date.now() + 5 * 24 * 3600_000)),
    });
    expect(posted.status).toBe(400);
    expect(
      (
        await callAction(
          listingPage.action,
          `/partners/${listingB}`,
          cookie.repC,
          { intent: "close" },
          { id: listingB },
        )
      ).status,
    ).toBe(403);
  });

  it("shows the chosen contact only to members with a confirmed address, and nobody's log-in address", async () => {
    const page = async (who: string | null) => {
      const headers = new Headers();
      if (who) headers.set("Cookie", cookie[who]);
      return (await orgPage.loader({
        request: new Request(`http://localhost/organizations/${orgB}`, { headers }),
        params: { id: orgB },
        context: { clientAddress: null },
      })) as { contact: { email: string } | null };
    };
    expect((await page(null)).contact).toBeNull();
    expect((await page("unverified")).contact).toBeNull();
    const seen = await page("repA");
    expect(seen.contact?.email).toBe("contact@example.jp");
    // The representative's own log-in address is not in anything the page sends.
    expect(JSON.stringify(seen)).not.toContain("repB@example.jp");
    const members = await callLoader(orgMembers.loader, `/organizations/${orgA}/members`, cookie.memberA, { id: orgA });
    expect(members.status).toBe(200);
    const memberData = await orgMembers.loader({
      request: new Request(`http://localhost/organizations/${orgA}/members`, { headers: { Cookie: cookie.memberA } }),
      params: { id: orgA },
      context: { clientAddress: null },
    });
    expect(JSON.stringify(memberData)).not.toContain("repA@example.jp");
    // The form for a new organisation does not fill in the person's own address as the public contact.
    const form = await orgNew.loader({
      request: new Request("http://localhost/organizations/new", { headers: { Cookie: cookie.repC } }),
      params: {},
      context: { clientAddress: null },
    });
    expect(JSON.stringify(form)).not.toContain("repC@example.jp");
  });
});

describe("/notifications (the signed-in person's own)", () => {
  it("sends a visitor to log in", async () => {
    expect((await callLoader(notifications.loader, "/notifications", null)).status).toBe(302);
    expect((await callAction(notifications.action, "/notifications", null, {})).status).toBe(302);
  });
});
