import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { fundingSummary, rankingPage, reviewerProgress } from "~/models/ranking.server";
import { exclusions } from "~/models/review-conflicts.server";
import { reviewerQueue } from "~/models/reviewer-queue.server";
import { REVIEWABLE, type Stage } from "~/models/reviews.server";
import * as reviewerList from "~/routes/reviews._index";
import * as ranking from "~/routes/staff.themes.$id.review";
import * as proposalReviews from "~/routes/staff.themes.$id.reviews.$proposalId";
import { createServices, installServices, type Services } from "~/services.server";
import { type BenchFixture, createBenchFixture, growBenchData, SMOKE_SIZES } from "../bench/seed";
import { createTestDatabase } from "../support/database";
import { rankingTheSlowWay } from "../support/ranking-oracle";
import { callAction, makeRequest } from "../support/routes";

// A theme with more proposals than one screen holds: the staff ranking and the reviewer's list
// come fifty at a time, and a decision sent from page 2 comes back to page 2.

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let services: Services;
let fixture: BenchFixture;
const cookie: Record<"staff" | "reviewer", string> = { staff: "", reviewer: "" };
const IN_BIG_THEME = 64;

async function sessionFor(email: string) {
  const user = await handle.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const session = await services.lucia.createSession(user.id, {});
  return services.lucia.createSessionCookie(session.id).serialize().split(";")[0];
}

async function load<T>(loader: (args: never) => Promise<T>, path: string, who: "staff" | "reviewer", params = {}) {
  return (loader as (args: unknown) => Promise<T>)({
    request: makeRequest(path, cookie[who]),
    params,
    context: { clientAddress: null },
  });
}

beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices(loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }), handle.db, handle.kind, "secret");
  installServices(services);
  fixture = await createBenchFixture(handle.db);
  await growBenchData(handle.db, fixture, {
    ...SMOKE_SIZES,
    proposals: SMOKE_SIZES.proposals + IN_BIG_THEME,
    proposalsInBigTheme: IN_BIG_THEME,
    reviews: SMOKE_SIZES.reviews + IN_BIG_THEME * 3,
  });
  cookie.staff = await sessionFor(fixture.staffEmail);
  cookie.reviewer = await sessionFor(fixture.reviewerEmail);
}, 120_000);

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

describe("the staff ranking of a large theme", () => {
  const path = (query = "") => `/staff/themes/${fixture.bigThemeId}/review${query}`;

  it("shows fifty proposals per page, ranked across pages", async () => {
    const first = await load(ranking.loader, path(), "staff", { id: fixture.bigThemeId });
    expect(first.ranked).toBe(IN_BIG_THEME);
    expect(first.pages).toBe(2);
    expect(first.ranking.map((p) => p.rank)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const second = await load(ranking.loader, path("?page=2"), "staff", { id: fixture.bigThemeId });
    expect(second.ranking.map((p) => p.rank)).toEqual(Array.from({ length: IN_BIG_THEME - 50 }, (_, i) => i + 51));
    // No proposal on both pages, none left out, and page 2 goes on from where page 1 ended.
    const ids = [...first.ranking, ...second.ranking].map((p) => p.id);
    expect(new Set(ids).size).toBe(IN_BIG_THEME);
    const mean = (v: string | null) => (v === null ? -1 : Number(v));
    expect(mean(first.ranking[49].mean)).toBeGreaterThanOrEqual(mean(second.ranking[0].mean));
  });

  it("treats a page past the end as the last page", async () => {
    const beyond = await load(ranking.loader, path("?page=99"), "staff", { id: fixture.bigThemeId });
    expect(beyond.page).toBe(2);
    expect(beyond.ranking[0].rank).toBe(51);
  });

  it("decides a proposal of page 2 on its own page, and shows the decision in the ranking", async () => {
    const second = await load(ranking.loader, path("?sort=receipt&page=2"), "staff", { id: fixture.bigThemeId });
    const proposal = second.ranking[0];
    const own = `/staff/themes/${fixture.bigThemeId}/reviews/${proposal.id}`;
    const result = await callAction(
      proposalReviews.action,
      own,
      cookie.staff,
      { intent: "decide", decision: "not_funded", amount: "0", feedback: "今回は見送ります。" },
      { id: fixture.bigThemeId, proposalId: proposal.id },
    );
    expect(result).toMatchObject({ status: 302, location: `${own}?stage=1` });
    const again = await load(ranking.loader, path("?sort=receipt&page=2"), "staff", { id: fixture.bigThemeId });
    expect(again.ranking[0]).toMatchObject({ id: proposal.id, decision: { decision: "not_funded" } });
  });
});

describe("a reviewer's list for a large theme", () => {
  it("shows fifty at a time, the ones still to review first", async () => {
    const data = await load(reviewerList.loader, "/reviews", "reviewer");
    const theme = data.themes.find((t) => t.id === fixture.bigThemeId);
    expect(theme?.due).toBe(IN_BIG_THEME);
    expect(theme?.proposals).toHaveLength(50);
    expect(theme?.pages).toBe(2);
    const states = theme?.proposals.map((p) => p.review === "submitted") ?? [];
    // Every unsubmitted one comes before any submitted one.
    expect(states.indexOf(true) === -1 || !states.slice(states.indexOf(true)).includes(false)).toBe(true);

    const next = await load(reviewerList.loader, `/reviews?theme=${fixture.bigThemeId}&page=2`, "reviewer");
    const rest = next.themes.find((t) => t.id === fixture.bigThemeId);
    expect(rest?.page).toBe(2);
    expect(rest?.proposals).toHaveLength(IN_BIG_THEME - 50);
    const seen = new Set([...(theme?.proposals ?? []), ...(rest?.proposals ?? [])].map((p) => p.id));
    expect(seen.size).toBe(IN_BIG_THEME);
  });
});

describe("the ranking computed by the database", () => {
  it("gives every theme's proposals the same figures as a plain reckoning in TypeScript, and the same progress and funding", async () => {
    const themes = await handle.db
      .selectFrom("themes")
      .select(["id", "review_stages", "disagreement_threshold", "reserved_for_kind"])
      .where((eb) => eb.exists(eb.selectFrom("theme_reviewers as r").whereRef("r.theme_id", "=", "themes.id")))
      .execute();
    expect(themes.length).toBeGreaterThan(1);
    let compared = 0;
    for (const theme of themes) {
      for (const stage of (theme.review_stages === 2 ? [1, 2] : [1]) as Stage[]) {
        const board = await rankingTheSlowWay(handle.db, theme.id, stage);
        if (!board) throw new Error("no board");
        const page = await rankingPage(handle.db, {
          themeId: theme.id,
          stage,
          sort: "receipt",
          page: 1,
          pageSize: 10_000,
          threshold: theme.disagreement_threshold,
        });
        expect(page.ranked).toBe(board.ranking.length);
        const byId = new Map(page.rows.map((r) => [r.id, r]));
        for (const expected of board.ranking) {
          const actual = byId.get(expected.id);
          expect(actual, expected.id).toBeDefined();
          if (!actual) continue;
          const close = (a: number | null, b: number | null) =>
            a === null || b === null ? expect(a).toBe(b) : expect(a).toBeCloseTo(b, 9);
          expect(actual.standing.count).toBe(expected.standing.count);
          close(actual.standing.mean, expected.standing.mean);
          close(actual.standing.standardDeviation, expected.standing.standardDeviation);
          close(actual.standing.min, expected.standing.min);
          close(actual.standing.max, expected.standing.max);
          expect(actual.standing.disagreement).toBe(expected.standing.disagreement);
          expect(actual.due).toBe(expected.due);
          expect(actual.decision?.decision ?? null).toBe(expected.decision?.decision ?? null);
          expect(actual.decision?.amount ?? null).toBe(expected.decision?.amount ?? null);
          compared += expected.standing.count;
        }
        const progress = await reviewerProgress(handle.db, theme.id, stage);
        expect(progress.map((r) => [r.id, r.due, r.done])).toEqual(board.reviewers.map((r) => [r.id, r.due, r.done]));
        const funded = board.ranking.filter((p) => p.decision?.decision === "funded");
        expect(await fundingSummary(handle.db, theme.id, stage, theme.reserved_for_kind)).toEqual({
          funded: funded.length,
          total: funded.reduce((sum, p) => sum + (p.decision?.amount ?? 0), 0),
          reserved: theme.reserved_for_kind
            ? funded.filter((p) => p.kinds.includes(theme.reserved_for_kind as never)).length
            : 0,
        });
      }
    }
    // Hundreds of submitted reviews went into the comparison, not an empty set.
    expect(compared).toBeGreaterThan(100);
  });

  it("orders by mean (highest first, unreviewed last), by spread and by count", async () => {
    for (const sort of ["mean", "sd", "count"] as const) {
      const page = await rankingPage(handle.db, {
        themeId: fixture.bigThemeId,
        stage: 1,
        sort,
        page: 1,
        pageSize: 10_000,
        threshold: 20,
      });
      const key = (r: (typeof page.rows)[number]) =>
        sort === "mean"
          ? (r.standing.mean ?? -1)
          : sort === "sd"
            ? (r.standing.standardDeviation ?? -1)
            : r.standing.count;
      const keys = page.rows.map(key);
      expect(keys).toEqual([...keys].sort((a, b) => b - a));
    }
  });
});

/** What a reviewer has to do, worked out the plain way (a query per theme): the oracle for reviewerQueue. */
async function expectedWorkload(reviewerId: string) {
  const themes = await handle.db
    .selectFrom("theme_reviewers as r")
    .innerJoin("themes as t", "t.id", "r.theme_id")
    .select(["t.id", "t.review_stages"])
    .where("r.user_id", "=", reviewerId)
    .orderBy("t.closes_at", "desc")
    .execute();
  const mine = await handle.db
    .selectFrom("reviews")
    .select(["proposal_id", "stage", "status"])
    .where("reviewer_id", "=", reviewerId)
    .execute();
  const status = new Map(mine.map((r) => [`${r.proposal_id}/${r.stage}`, r.status]));
  const result = [];
  for (const t of themes) {
    const out = new Set(
      (await exclusions(handle.db, t.id)).filter((e) => e.reviewerId === reviewerId).map((e) => e.proposalId),
    );
    const proposals = await handle.db
      .selectFrom("proposals")
      .select(["id", "advanced"])
      .where("theme_id", "=", t.id)
      .where("status", "in", [...REVIEWABLE])
      .orderBy("receipt_number")
      .orderBy("id")
      .execute();
    result.push({
      id: t.id,
      proposals: proposals
        .filter((p) => !out.has(p.id))
        .flatMap((p) =>
          ((t.review_stages === 2 && p.advanced ? [1, 2] : [1]) as Stage[]).map((stage) => ({
            id: p.id,
            stage,
            review: status.get(`${p.id}/${stage}`) ?? null,
          })),
        ),
    });
  }
  return result;
}

describe("a reviewer's list paged by the database", () => {
  it("holds, page after page, exactly what each reviewer has to do, those to do first", async () => {
    const reviewers = await handle.db
      .selectFrom("theme_reviewers")
      .select("user_id")
      .distinct()
      .orderBy("user_id")
      .limit(8)
      .execute();
    let items = 0;
    for (const { user_id } of reviewers) {
      const expected = await expectedWorkload(user_id);
      const now = new Date();
      const first = await reviewerQueue(handle.db, {
        reviewerId: user_id,
        pagedThemeId: null,
        page: 1,
        pageSize: 5,
        now,
      });
      expect(first.map((t) => t.id)).toEqual(expected.map((t) => t.id));
      for (const theme of expected) {
        const listed = [];
        const pages = first.find((t) => t.id === theme.id)?.pages ?? 1;
        for (let page = 1; page <= pages; page++) {
          const paged = await reviewerQueue(handle.db, {
            reviewerId: user_id,
            pagedThemeId: theme.id,
            page,
            pageSize: 5,
            now,
          });
          const mine = paged.find((t) => t.id === theme.id);
          expect(mine?.due).toBe(theme.proposals.length);
          expect(mine?.done).toBe(theme.proposals.filter((p) => p.review === "submitted").length);
          expect(mine?.page).toBe(page);
          listed.push(...(mine?.proposals ?? []));
        }
        const todoFirst = [
          ...theme.proposals.filter((p) => p.review !== "submitted"),
          ...theme.proposals.filter((p) => p.review === "submitted"),
        ];
        expect(listed.map((p) => `${p.id}/${p.stage}/${p.review}`)).toEqual(
          todoFirst.map((p) => `${p.id}/${p.stage}/${p.review}`),
        );
        items += listed.length;
      }
    }
    expect(items).toBeGreaterThan(50);
  });
});
