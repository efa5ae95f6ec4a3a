import { beforeAll, describe, expect, it } from "vitest";
import { typicalVerificationDays } from "~/models/organization-verification.server";
import * as orgPage from "~/routes/organizations.$id._index";
import * as proposalNew from "~/routes/proposals.new";
import { DAY, publishedTheme, registeredOrganization, routeTestSite, verifiedOrganization } from "../support/fixtures";
import { callAction, makeRequest } from "../support/routes";

const site = routeTestSite({ newcomer: "member", neighbour: "member", staff: "staff" });
let waiting = "";
let themeId = "";

beforeAll(async () => {
  waiting = await registeredOrganization(site.handle.db, { representative: site.user.newcomer, name: "さくら台町会" });
  themeId = await publishedTheme(site.handle.db, { staffId: site.user.staff.id, title: "防災の輪" });
});

async function data<T>(loader: typeof orgPage.loader | typeof proposalNew.loader, path: string, who: string | null) {
  const id = path.split("/")[2]?.split("?")[0] ?? "";
  return (await loader({
    request: makeRequest(path, who ? site.cookie[who as "newcomer"] : null),
    params: { id },
    context: { clientAddress: null },
  })) as T;
}

describe("how long verification usually takes", () => {
  it("is unknown before the ward has verified anyone, then the median of the latest, rounded up", async () => {
    expect(await typicalVerificationDays(site.handle.db)).toBeNull();
    const verifiedAfter = async (name: string, days: number) => {
      const id = await verifiedOrganization(site.handle.db, {
        representative: site.user.neighbour,
        staff: site.user.staff,
        name,
      });
      const verifiedAt = new Date();
      await site.handle.db
        .updateTable("organizations")
        .set({ created_at: new Date(verifiedAt.getTime() - days * DAY), verified_at: verifiedAt })
        .where("id", "=", id)
        .execute();
    };
    await verifiedAfter("一", 1.5);
    await verifiedAfter("二", 3.2);
    await verifiedAfter("三", 12);
    expect(await typicalVerificationDays(site.handle.db)).toBe(4);
  });
});

describe("an organisation waiting for the ward", () => {
  it("may start a draft: /proposals/new lists it as waiting and explains what happens next", async () => {
    const page = await data<{
      organizations: { id: string; status: string }[];
      typicalDays: number | null;
    }>(proposalNew.loader, `/proposals/new?theme=${themeId}`, "newcomer");
    expect(page.organizations).toEqual([{ id: waiting, name: "さくら台町会", status: "unverified" }]);
    expect(page.typicalDays).toBe(4);
    const started = await callAction(proposalNew.action, "/proposals/new", site.cookie.newcomer, {
      themeId,
      organizationId: waiting,
    });
    expect(started.status).toBe(302);
    expect(started.location).toMatch(/^\/proposals\/[0-9a-f-]{36}$/);
  });

  it("is told to its members on its own page, and to nobody else", async () => {
    const path = `/organizations/${waiting}`;
    type Page = { wait: { typicalDays: number | null } | null };
    expect((await data<Page>(orgPage.loader, path, "newcomer")).wait).toEqual({ note: null, typicalDays: 4 });
    expect((await data<Page>(orgPage.loader, path, "neighbour")).wait).toBeNull();
    expect((await data<Page>(orgPage.loader, path, null)).wait).toBeNull();
  });
});
