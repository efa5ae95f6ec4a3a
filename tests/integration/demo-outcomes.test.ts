import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projectPage from "~/routes/projects.$id";
import * as themesPage from "~/routes/themes._index";
import { installServices } from "~/services.server";
import type { TestDatabase } from "../support/database";
import { demoDatabase } from "../support/fixtures";

let handle: TestDatabase;

const call = <T>(loader: (args: never) => Promise<T>, path: string, params: Record<string, string> = {}) =>
  (loader as (args: unknown) => Promise<T>)({
    request: new Request(`http://localhost${path}`),
    params,
    context: { clientAddress: null },
  });

beforeAll(async () => {
  handle = await demoDatabase();
}, 120_000);

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

describe("the demo", () => {
  it("states each theme's phase from its window and release, never in its summary's text", async () => {
    const data = await call<Awaited<ReturnType<typeof themesPage.loader>>>(themesPage.loader, "/themes");
    const cards = [...data.open, ...data.upcoming, ...data.closed];
    for (const card of cards) expect(card.summary, card.title).not.toMatch(/審査中|結果発表済み|実施中|募集中/);
    const phaseOf = (title: string) => cards.find((c) => c.title.startsWith(title))?.phase;
    expect(phaseOf("外国人住民と地域をつなぐ")).toBe("closed");
    expect(phaseOf("地域の見守りネットワークづくり")).toBe("results_released");
  });

  it("shows a completed project's outcomes and spending, and each photo described by its team", async () => {
    const { id } = await handle.db
      .selectFrom("projects")
      .select("id")
      .where("title", "=", "町会会館の放課後こども食堂")
      .executeTakeFirstOrThrow();
    const page = await call<Awaited<ReturnType<typeof projectPage.loader>>>(projectPage.loader, `/projects/${id}`, {
      id,
    });
    expect(page.outcomes?.outcomes.map((o) => [o.indicator, o.target, o.achieved])).toContainEqual([
      "見守り世帯数",
      "40世帯",
      "45世帯",
    ]);
    expect(page.outcomes?.totals).toEqual({ planned: 400_000, spent: 380_000, difference: -20_000 });
    const photos = page.reports.flatMap((r) => r.photos);
    expect(photos.length).toBeGreaterThan(1);
    for (const photo of photos) expect(photo.description).toMatch(/様子$/);
  });
});
