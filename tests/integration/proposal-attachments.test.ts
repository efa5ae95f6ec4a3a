import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { createVerifiedUser } from "~/models/accounts.server";
import type { OrganizationInput } from "~/models/organization-schemas";
import { createOrganization, decideVerification } from "~/models/organizations.server";
import { startProposal } from "~/models/proposals.server";
import type { ThemeInput } from "~/models/theme-schemas";
import { createTheme, publishTheme } from "~/models/themes.server";
import * as file from "~/routes/files.$id";
import * as attachments from "~/routes/proposals.$id.attachments";
import { createServices, installServices, type Services } from "~/services.server";
import type { User } from "../../db/schema";
import { minimalPdf } from "../../db/seed-themes";
import { createTestDatabase } from "../support/database";
import { callLoader, outcome } from "../support/routes";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let services: Services;
const user: Record<string, User> = {};
const cookie: Record<string, string> = {};
let proposalId = "";
const DAY = 24 * 3600_000;
const ctx = () => ({ publicUrl: "http://lab.test", locale: "ja" as const, now: new Date() });

const org = (name: string): OrganizationInput => ({
  name,
  nameKana: "テスト",
  kind: "neighborhood_association",
  areas: ["nerima"],
  fields: ["welfare"],
  description: "テスト",
  contactEmail: "c@example.jp",
  contactPhone: undefined,
  website: undefined,
  foundedYear: undefined,
  memberCount: undefined,
  version: undefined,
});

beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices(loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }), handle.db, handle.kind, "secret");
  installServices(services);
  for (const [key, role] of [
    ["lead", "member"],
    ["other", "member"],
    ["staff", "staff"],
  ] as const) {
    user[key] = await createVerifiedUser(handle.db, {
      email: `${key}@example.jp`,
      name: key,
      password: "long password 1",
      role,
    });
    const session = await services.lucia.createSession(user[key].id, {});
    cookie[key] = services.lucia.createSessionCookie(session.id).serialize().split(";")[0];
  }
  const lead = await createOrganization(handle.db, user.lead.id, org("代表の会"), new Date());
  await createOrganization(handle.db, user.other.id, org("別の会"), new Date());
  await decideVerification(handle.db, { organizationId: lead.id, staffId: user.staff.id, decision: "verified" }, ctx());
  const themeValues: ThemeInput = {
    courseId: "collabo",
    title: "添付のテスト",
    summary: "s",
    background: "b",
    expectations: "e",
    department: "d",
    contact: "c",
    fields: [],
    grantCapPerYear: 300000,
    grantCapTotal: 300000,
    subsidyRatePercent: 100,
    durationYears: 1,
    awardsPlanned: 1,
    reservedSlots: 0,
    reservedForKind: undefined,
    requiredKinds: [],
    minOrganizations: 1,
    declaration: "誓約",
    opensAt: new Date(Date.now() - DAY),
    closesAt: new Date(Date.now() + DAY),
    criteria: [],
    version: undefined,
  };
  const theme = await createTheme(handle.db, {
    staffId: user.staff.id,
    values: themeValues,
    criteria: [{ name: "項目", description: "", weight: 1, maxScore: 5 }],
    now: new Date(),
  });
  await publishTheme(handle.db, { themeId: theme, staffId: user.staff.id }, { ...ctx(), secret: "secret" });
  const started = await startProposal(handle.db, {
    themeId: theme,
    leadOrganizationId: lead.id,
    userId: user.lead.id,
    now: new Date(),
  });
  if (!started.ok) throw new Error(started.problem);
  proposalId = started.id;
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
