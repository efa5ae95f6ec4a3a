import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as home from "~/routes/_index";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { DAY, draftTheme, installTestServices, publishedTheme, verifiedUser } from "../support/fixtures";
import { callLoader } from "../support/routes";

let handle: TestDatabase;
const ids: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  const staff = await verifiedUser(handle.db, "home-staff@example.jp", "staff");
  const now = Date.now();
  const at = (days: number) => new Date(now + days * DAY);
  const themes: [string, Date, Date][] = [
    ["十日後に締切", at(-1), at(10)],
    ["二日後に締切", at(-1), at(2)],
    ["五日後に受付開始", at(5), at(20)],
    ["昨日で締切", at(-10), at(-1)],
  ];
  for (const [title, opensAt, closesAt] of themes)
    ids[title] = await publishedTheme(handle.db, { staffId: staff.id, title, values: { opensAt, closesAt } });
  ids.draft = await draftTheme(handle.db, { staffId: staff.id, title: "下書きのテーマ" });
}, 60_000);

afterAll(async () => {
  await handle?.cleanup();
});

describe("the home page", () => {
  it("lists open themes soonest deadline first with the days left, then those about to open; never drafts or closed ones", async () => {
    const data = (await home.loader({
      request: new Request("http://localhost/"),
      params: {},
      context: { clientAddress: "127.0.0.1" },
    })) as Awaited<ReturnType<typeof home.loader>>;
    expect(data.open.map((t) => t.title)).toEqual(["二日後に締切", "十日後に締切"]);
    expect(data.open.map((t) => t.daysLeft)).toEqual([2, 10]);
    expect(data.upcoming.map((t) => t.title)).toEqual(["五日後に受付開始"]);
    const shown = JSON.stringify(data);
    expect(shown).not.toContain("下書きのテーマ");
    expect(shown).not.toContain("昨日で締切");
  });

  it("answers a visitor", async () => {
    expect((await callLoader(home.loader, "/", null)).status).toBe(200);
  });
});
