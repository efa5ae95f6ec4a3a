import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as file from "~/routes/files.$id";
import * as attachments from "~/routes/proposals.$id.attachments";
import { installServices } from "~/services.server";
import type { User } from "../../db/schema";
import { minimalPdf } from "../../db/seed-themes";
import { createTestDatabase } from "../support/database";
import {
  DAY,
  installTestServices,
  proposalDraft,
  publishedTheme,
  registeredOrganization,
  signedInUsers,
  verifiedOrganization,
} from "../support/fixtures";
import { callLoader, outcome } from "../support/routes";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let user: Record<string, User>;
let cookie: Record<string, string>;
let proposalId = "";

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  ({ user, cookie } = await signedInUsers(handle.db, { lead: "member", other: "member", staff: "staff" }));
  const lead = await verifiedOrganization(handle.db, {
    representative: user.lead,
    staff: user.staff,
    name: "代表の会",
  });
  await registeredOrganization(handle.db, { representative: user.other, name: "別の会" });
  const themeId = await publishedTheme(handle.db, {
    staffId: user.staff.id,
    title: "添付のテスト",
    values: { awardsPlanned: 1, minOrganizations: 1, closesAt: new Date(Date.now() + DAY) },
  });
  proposalId = await proposalDraft(handle.db, { themeId, lead: { organizationId: lead, user: user.lead } });
});

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

function upload(who: string | null, bytes: Uint8Array, name = "見積書.pdf") {
  const body = new FormData();
  body.set("intent", "upload");
  body.set("label", "見積書");
  body.set("file", new File([Buffer.from(bytes)], name));
  const headers = new Headers();
  if (who) headers.set("Cookie", cookie[who]);
  const request = new Request(`http://localhost/proposals/${proposalId}/attachments`, {
    method: "POST",
    headers,
    body,
  });
  return outcome(() => attachments.action({ request, params: { id: proposalId }, context: { clientAddress: null } }));
}

const stored = () =>
  handle.db.selectFrom("files").select(["id", "filename"]).where("owner_type", "=", "proposal").execute();

describe("proposal attachments (upload: the team, while a draft; read: team, staff, its reviewers)", () => {
  it("refuses a visitor and another organisation's member, and a file that is not what it says", async () => {
    expect((await upload(null, minimalPdf("x"))).status).toBe(302);
    expect((await upload("other", minimalPdf("x"))).status).toBe(404);
    expect((await upload("lead", new TextEncoder().encode("not a pdf"))).status).toBe(400);
    expect(await stored()).toEqual([]);
  });

  it("stores the team's file and serves it to the team and staff only", async () => {
    expect((await upload("lead", minimalPdf("quote"))).status).toBe(302);
    const [saved] = await stored();
    expect(saved.filename).toBe("見積書.pdf");
    expect((await callLoader(file.loader, `/files/${saved.id}`, cookie.lead, { id: saved.id })).status).toBe(200);
    expect((await callLoader(file.loader, `/files/${saved.id}`, cookie.staff, { id: saved.id })).status).toBe(200);
    expect((await callLoader(file.loader, `/files/${saved.id}`, cookie.other, { id: saved.id })).status).toBe(404);
    expect((await callLoader(file.loader, `/files/${saved.id}`, null, { id: saved.id })).status).toBe(404);
  });

  it("deletes an attachment from the page's multipart form and from a URL-encoded one, text cleaned", async () => {
    const remove = (fileId: string, encoding: "multipart" | "urlencoded") => {
      const fields = { intent: "delete", fileId: `${fileId}\u0000` };
      const body = encoding === "multipart" ? new FormData() : new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) body.set(name, value);
      const request = new Request(`http://localhost/proposals/${proposalId}/attachments`, {
        method: "POST",
        headers: { Cookie: cookie.lead },
        body,
      });
      return outcome(() =>
        attachments.action({ request, params: { id: proposalId }, context: { clientAddress: null } }),
      );
    };
    for (const encoding of ["multipart", "urlencoded"] as const) {
      const before = new Set((await stored()).map((f) => f.id));
      expect((await upload("lead", minimalPdf(encoding))).status).toBe(302);
      const [saved] = (await stored()).filter((f) => !before.has(f.id));
      expect((await remove(saved.id, encoding)).status).toBe(302);
      expect((await stored()).map((f) => f.id)).not.toContain(saved.id);
    }
  });
});
