import { CompiledQuery, type Kysely, Migrator, type RootOperationNode } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { publicProjects } from "~/models/projects.server";
import { parseSearchQuery } from "~/models/search";
import { matchesSearch } from "~/models/search-sql.server";
import { updateTheme } from "~/models/themes.server";
import * as projectsPage from "~/routes/projects._index";
import * as themesPage from "~/routes/themes._index";
import { createServices, installServices } from "~/services.server";
import { migrations } from "../../db/migrations";
import type { Database } from "../../db/schema";
import { seedDemoIfNew } from "../../db/seed";
import { createTestDatabase } from "../support/database";
import { mailContext, ONE_CRITERION, publishedTheme, themeInput } from "../support/fixtures";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let queries: RootOperationNode[] = [];

const COMPLETED = "町会会館の放課後こども食堂";
const SALON = "上石神井のまちなかサロン";
const MUKASHI = "石神井台の昔遊び教室";
const MIMAMORI = "町会とNPOの見守りネットワーク";
const STOPPED = "光が丘公園の花壇サポーター";

type ProjectsData = Awaited<ReturnType<typeof projectsPage.loader>>;
type ThemesData = Awaited<ReturnType<typeof themesPage.loader>>;

const call = <T>(loader: (args: never) => Promise<T>, path: string) =>
  (loader as (args: unknown) => Promise<T>)({
    request: new Request(`http://localhost${path}`),
    params: {},
    context: { clientAddress: null },
  });

const projectTitles = async (query: string) => {
  const data = await call<ProjectsData>(projectsPage.loader, `/projects${query}`);
  const titles = data.projects.map((p) => p.title).sort();
  expect(data.total).toBe(titles.length);
  return titles;
};

const themeTitles = async (query: string) => {
  const data = await call<ThemesData>(themesPage.loader, `/themes${query}`);
  return [...data.open, ...data.upcoming, ...data.closed].map((t) => t.title);
};

/**
 * The plans of the queries `run` sends, with reading whole tables made as costly as the planner
 * allows: what is left scanning a table has no index it could use.
 */
async function plansWithoutSeqScans(run: (db: Kysely<Database>) => Promise<unknown>) {
  return handle.db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw("set local enable_seqscan = off"));
    const recorded: RootOperationNode[] = [];
    await run(
      trx.withPlugin({
        transformQuery: (args) => {
          recorded.push(args.node);
          return args.node;
        },
        transformResult: async (args) => args.result,
      }),
    );
    const plans = [];
    for (const node of recorded) {
      const compiled = trx.getExecutor().compileQuery(node, { queryId: "explain" });
      const plan = await trx.executeQuery<{ "QUERY PLAN": string }>(
        CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
      );
      plans.push(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
    }
    return plans;
  });
}

const setCreatedAt = (db: Kysely<Database>, title: string, at: string) =>
  db
    .updateTable("projects")
    .set({ created_at: new Date(at) })
    .where("title", "=", title)
    .execute();

beforeAll(async () => {
  handle = await createTestDatabase();
  // The pages run on a Kysely that records every query, so a test can count them and read their plans.
  const recorded = handle.db.withPlugin({
    transformQuery: (args) => {
      queries.push(args.node);
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  installServices(createServices(loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }), recorded, handle.kind, "secret"));
  await seedDemoIfNew(handle.db, { publicUrl: "http://lab.test", secret: "secret" });
  // Fixed instants on either side of the fiscal years' boundaries (1 April 00:00 in Japan).
  await setCreatedAt(handle.db, STOPPED, "2025-03-31T14:59:59Z"); // 31 March 2025, 23:59:59 in Japan: FY2024
  await setCreatedAt(handle.db, COMPLETED, "2025-03-31T15:00:00Z"); // 1 April 2025, 00:00 in Japan: FY2025
  await setCreatedAt(handle.db, SALON, "2025-06-01T00:00:00Z");
  await setCreatedAt(handle.db, MUKASHI, "2026-03-31T14:59:59Z"); // the last second of FY2025
  await setCreatedAt(handle.db, MIMAMORI, "2026-11-10T00:00:00Z");
}, 120_000);

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

describe("/projects", () => {
  it("lists every project without filters, with the fiscal years they were funded in as choices", async () => {
    expect(await projectTitles("")).toEqual([COMPLETED, STOPPED, MIMAMORI, SALON, MUKASHI].sort());
    const data = await call<ProjectsData>(projectsPage.loader, "/projects");
    expect(data.years).toEqual([2026, 2025, 2024]);
    expect(data.filtered).toBe(false);
  });

  it("filters by fiscal year, April to March in Japan time", async () => {
    expect(await projectTitles("?year=2024")).toEqual([STOPPED]);
    expect(await projectTitles("?year=2025")).toEqual([COMPLETED, SALON, MUKASHI].sort());
    expect(await projectTitles("?year=2026")).toEqual([MIMAMORI]);
    expect(await projectTitles("?year=2023")).toEqual([]);
  });

  it("filters by course, by a field of the theme, by area and by state", async () => {
    expect(await projectTitles("?course=future_creation")).toEqual([STOPPED]);
    expect(await projectTitles("?course=collabo")).toEqual([COMPLETED, MIMAMORI, SALON, MUKASHI].sort());
    expect(await projectTitles("?field=environment")).toEqual([STOPPED]);
    expect(await projectTitles("?field=childcare")).toEqual([COMPLETED, SALON, MUKASHI].sort());
    // An area of any of the team's organisations: 関町ささえあいの会 works in 関町 and 上石神井.
    expect(await projectTitles("?area=hikarigaoka")).toEqual([STOPPED]);
    expect(await projectTitles("?area=sekimachi")).toEqual([SALON, MUKASHI].sort());
    expect(await projectTitles("?status=stopped")).toEqual([STOPPED]);
    expect(await projectTitles("?status=completed")).toEqual([COMPLETED]);
    expect(await projectTitles("?status=active")).toEqual([MIMAMORI, SALON, MUKASHI].sort());
  });

  it("combines the filters, and keeps them in the form's values", async () => {
    expect(await projectTitles("?year=2025&status=active&area=shakujii")).toEqual([MUKASHI]);
    const data = await call<ProjectsData>(projectsPage.loader, "/projects?year=2025&course=collabo&status=completed");
    expect(data.values).toEqual({ year: "2025", course: "collabo", field: "", area: "", status: "completed" });
    expect(data.filtered).toBe(true);
  });

  it("drops values it does not know instead of refusing them, so an old bookmark still shows a list", async () => {
    const everything = await projectTitles("");
    for (const query of ["?year=abc", "?year=12345", "?status=paused", "?area=mars", "?field=x", "?course=nope"])
      expect(await projectTitles(query), query).toEqual(everything);
    const data = await call<ProjectsData>(projectsPage.loader, "/projects?year=abc&course=nope&status=paused");
    expect(data.values).toEqual({ year: "", course: "", field: "", area: "", status: "" });
    // A well-formed year with no project stays chosen, and the list says nothing matched.
    const empty = await call<ProjectsData>(projectsPage.loader, "/projects?year=2030");
    expect(empty.total).toBe(0);
    expect(empty.years[0]).toBe(2030);
  });

  it("pages the filtered list with the same four queries whatever the filters", async () => {
    for (const query of ["", "?year=2025", "?course=collabo&field=childcare&area=shakujii&status=active&page=2"]) {
      queries = [];
      await call<ProjectsData>(projectsPage.loader, `/projects${query}`);
      expect(queries.length, query).toBe(4);
    }
    const page = await publicProjects(handle.db, { course: "collabo" }, 2, 3);
    expect(page.total).toBe(4);
    expect(page.rows).toHaveLength(1);
  });

  it("can answer each filter from an index", async () => {
    const filters = [
      { year: 2025 },
      { course: "future_creation" },
      { field: "environment" },
      { area: "hikarigaoka" },
      { status: "stopped" as const },
    ];
    for (const filter of filters) {
      const plans = await plansWithoutSeqScans((db) => publicProjects(db, filter, 1, 20));
      expect(plans, JSON.stringify(filter)).toHaveLength(2);
      // Both the page of rows and the count reach projects through an index, never by reading it all.
      for (const plan of plans) expect(plan, JSON.stringify(filter)).not.toMatch(/Seq Scan on projects/);
    }
  });
});

describe("/themes keyword search", () => {
  it("finds a Japanese word inside a title, a summary or the background, and not a theme without it", async () => {
    const all = await themeTitles("");
    expect(all).toContain("子どもと高齢者の居場所づくり（令和7年度）");
    expect(all).toContain("災害時に支え合える地域のしくみづくり");
    expect(await themeTitles(`?q=${encodeURIComponent("高齢者の居場所")}`)).toEqual([
      "子どもと高齢者の居場所づくり（令和7年度）",
    ]);
    // 「安否確認」 is only in the summary and background of the disaster theme.
    expect(await themeTitles(`?q=${encodeURIComponent("安否確認")}`)).toEqual(["災害時に支え合える地域のしくみづくり"]);
    // Every word must occur, whatever space (here a full-width one) separates them.
    expect((await themeTitles(`?q=${encodeURIComponent("居場所")}`)).sort()).toEqual([
      "子どもと高齢者の居場所づくり（令和7年度）",
      "子育て世代がつながる居場所づくり",
    ]);
    expect(await themeTitles(`?q=${encodeURIComponent("居場所　子育て")}`)).toEqual([
      "子育て世代がつながる居場所づくり",
    ]);
    expect(await themeTitles(`?q=${encodeURIComponent("居場所 防災")}`)).toEqual([]);
    expect(await themeTitles(`?q=${encodeURIComponent("存在しない言葉")}`)).toEqual([]);
  });

  it("can answer a keyword from the bigram index", async () => {
    // A ward has a few dozen themes, which the planner rightly reads whole (and the public list also
    // narrows by state); what must hold is that the keyword's condition can use its index.
    const search = parseSearchQuery("子ども食堂");
    if (!search) throw new Error("no search");
    const [plan] = await plansWithoutSeqScans((db) =>
      db
        .selectFrom("themes")
        .select((eb) => eb.fn.countAll().as("n"))
        .where(matchesSearch("themes", search))
        .execute(),
    );
    expect(plan).toContain("themes_search_idx");
  });

  it("keeps the keyword in the form and combines it with the course", async () => {
    const data = await call<ThemesData>(
      themesPage.loader,
      `/themes?q=${encodeURIComponent(" 居場所 ")}&course=future_creation`,
    );
    expect(data.filters).toEqual({ q: "居場所", course: "future_creation", field: "" });
    expect([...data.open, ...data.upcoming, ...data.closed]).toEqual([]);
  });

  it("finds a theme by the words staff wrote when they created and edited it", async () => {
    const staff = await handle.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "staff@example.jp")
      .executeTakeFirstOrThrow();
    const title = "スポーツで町会をむすぶ";
    const themeId = await publishedTheme(handle.db, { staffId: staff.id, title });
    expect(await themeTitles(`?q=${encodeURIComponent("町会をむすぶ")}`)).toEqual([title]);
    expect(await themeTitles(`?q=${encodeURIComponent("ボッチャ体験会")}`)).toEqual([]);
    const result = await updateTheme(
      handle.db,
      {
        themeId,
        staffId: staff.id,
        values: themeInput(title, { expectations: "ボッチャ体験会を町会と開く提案を期待します。" }),
        criteria: ONE_CRITERION,
        expectedVersion: 1,
        now: new Date(),
      },
      mailContext(),
    );
    expect(result).toEqual({ ok: true });
    // Katakana is folded to hiragana on both sides.
    expect(await themeTitles(`?q=${encodeURIComponent("ぼっちゃ")}`)).toEqual([title]);
  });
});

describe("the migrations that add the search and the areas", () => {
  it("fill the rows that existed before them", async () => {
    const migrator = new Migrator({
      db: handle.db,
      provider: { getMigrations: async () => migrations },
      migrationTableSchema: "public",
    });
    // Back to just before the search columns (whatever later migrations there are), then forward again.
    const names = Object.keys(migrations).sort();
    const down = await migrator.migrateTo(names[names.indexOf("2026-12-01-017-theme-search") - 1]);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toEqual(
      expect.arrayContaining(["2026-12-01-018-project-filters", "2026-12-01-017-theme-search"]),
    );
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await themeTitles(`?q=${encodeURIComponent("高齢者の居場所")}`)).toEqual([
      "子どもと高齢者の居場所づくり（令和7年度）",
    ]);
    expect(await projectTitles("?area=sekimachi")).toEqual([SALON, MUKASHI].sort());
    expect(await projectTitles("?area=hikarigaoka")).toEqual([STOPPED]);
  });
});
