// `npm run bench`: seeds a fresh database at ward scale and beyond, loads the pages people use
// most, and writes the figures (JSON and a Markdown table). `npm run bench -- --smoke` is the
// few-second version CI runs so this code keeps working. See README › Performance.

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkTwoServers } from "./cluster";
import { type BrowserFigures, browserFigures } from "./figures";
import type { LoadJob, LoadResult } from "./load";
import { markdownReport, type PageFigures, type Report } from "./report";
import {
  BENCH_PASSWORD,
  type BenchFixture,
  type BenchSizes,
  createBenchFixture,
  FULL_SIZES,
  growBenchData,
  SMALL_SIZES,
  SMOKE_SIZES,
} from "./seed";
import { type Site, signIn, startSite } from "./site";

const { values: args } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "20" },
    out: { type: "string" },
    /** Only the pages whose path contains one of these comma-separated words (for a quick look). */
    only: { type: "string" },
  },
});
const smoke = args.smoke ?? false;
const seconds = smoke ? 1 : Number(args.seconds);
const connections = Number(args.connections);

export interface BenchPage {
  name: string;
  path: string;
  as?: "staff" | "reviewer" | "member";
  /** The POST: saves a section of a draft proposal. */
  save?: boolean;
  /**
   * A page rendered for every request, as if no page were kept (the request carries a cookie the
   * page cache steps aside for): what a request costs on a miss.
   */
  uncached?: boolean;
  targetP95: number;
}

/** Stand for a proposal of the big theme, and for a funded project, until the data is seeded. */
const FIRST_BIG_PROPOSAL = "{first-big-proposal}";
const FIRST_PROJECT = "{first-project}";
/** Any cookie but the language's makes the page cache step aside (app/web/page-cache.server.ts). */
const RENDER_COOKIE = "bench=render";
/** Issue #17: public pages at 20 connections. */
const PUBLIC_P95 = 50;

/**
 * Issue #14's review pages, kept per person until something changes (README › Performance): each
 * is measured as kept, and rendered for every request as after a change.
 */
function reviewPages(fixture: BenchFixture): (BenchPage & { renderedName: string })[] {
  return [
    {
      name: "審査委員の一覧 /reviews",
      renderedName: "審査委員の一覧（毎回描画）",
      path: "/reviews",
      as: "reviewer",
      targetP95: 100,
    },
    {
      name: "順位表（1,000件のテーマ）",
      renderedName: "順位表（毎回描画）",
      path: `/staff/themes/${fixture.bigThemeId}/review`,
      as: "staff",
      targetP95: 200,
    },
    {
      name: "各委員の評価（1件の提案）",
      renderedName: "各委員の評価（毎回描画）",
      path: `/staff/themes/${fixture.bigThemeId}/reviews/${FIRST_BIG_PROPOSAL}`,
      as: "staff",
      targetP95: 100,
    },
  ];
}

function benchPages(fixture: BenchFixture): BenchPage[] {
  const q = encodeURIComponent(fixture.searchWord);
  return [
    { name: "ホーム /", path: "/", targetP95: PUBLIC_P95 },
    { name: "テーマ一覧 /themes", path: "/themes", targetP95: PUBLIC_P95 },
    { name: "テーマ一覧（毎回描画）", path: "/themes", uncached: true, targetP95: 100 },
    { name: "テーマ詳細 /themes/:id", path: `/themes/${fixture.openThemeId}`, targetP95: PUBLIC_P95 },
    {
      name: "団体検索 /organizations?kind&q",
      path: `/organizations?kind=${fixture.organizationKind}&q=${q}`,
      targetP95: PUBLIC_P95,
    },
    { name: "パートナー募集 /partners", path: "/partners", targetP95: PUBLIC_P95 },
    ...reviewPages(fixture).flatMap((page) => [page, { ...page, name: page.renderedName, uncached: true }]),
    { name: "事業一覧 /projects", path: "/projects", targetP95: PUBLIC_P95 },
    { name: "事業詳細 /projects/:id", path: `/projects/${FIRST_PROJECT}`, targetP95: PUBLIC_P95 },
    { name: "オープンデータ projects.csv", path: "/opendata/projects.csv", targetP95: 100 },
    {
      name: "提案の保存（POST）",
      path: `/proposals/${fixture.draftProposalIds[0]}/sections/basics`,
      as: "member",
      save: true,
      targetP95: 100,
    },
  ];
}

function log(message: string) {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Each draft's current version of the section the POST saves, so every save is a fresh, valid one. */
async function draftVersions(site: Site, fixture: BenchFixture) {
  const rows = await site.db
    .selectFrom("proposal_sections")
    .select(["proposal_id", "version"])
    .where("section", "=", "basics")
    .where("proposal_id", "in", fixture.draftProposalIds)
    .execute();
  return rows.map((r) => ({ id: r.proposal_id, version: r.version }));
}

/** Requests a load run left behind (a client gives up, the server does not) would be counted too. */
async function settle(site: Site) {
  for (let waited = 0, last = -1; waited < 30_000; waited += 250) {
    const now = site.queriesSoFar();
    if (now === last) return;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function countQueries(site: Site, page: BenchPage, cookie: string | undefined, fixture: BenchFixture) {
  await settle(site);
  // The fewest of three: a signed-in request notes the session's last use at most once a minute
  // (one more query, whenever it falls due), which is not the page's own work. A query per row
  // would show in all three.
  let fewest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const before = site.queriesSoFar();
    let response: Response;
    if (page.save) {
      const [draft] = await draftVersions(site, fixture);
      response = await fetch(`${site.url}/proposals/${draft.id}/sections/basics`, {
        method: "POST",
        headers: { cookie: cookie ?? "", origin: site.url },
        body: new URLSearchParams({
          version: String(draft.version),
          // A new title each time: a section saved unchanged writes nothing (saveSection).
          title: `ベンチマーク提案 第${draft.version}版`,
          summary: "地域の見守りと子どもの居場所づくり",
          contactName: "練馬 太郎",
          contactEmail: "bench@example.jp",
          contactPhone: "03-0000-0000",
        }),
        redirect: "manual",
      });
    } else {
      // The queries of a render: a kept page runs none.
      response = await fetch(`${site.url}${page.path}`, {
        headers: { cookie: cookie ?? RENDER_COOKIE },
        redirect: "manual",
      });
    }
    await response.arrayBuffer();
    const expected = page.save ? [302, 303] : [200];
    if (!expected.includes(response.status)) throw new Error(`${page.path} answered ${response.status}`);
    fewest = Math.min(fewest, site.queriesSoFar() - before);
  }
  return fewest;
}

function runLoadInChild(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve("node_modules/.bin/tsx"), ["tests/bench/load.ts", JSON.stringify(job)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.once("exit", (code) => {
      if (code === 0) resolve(JSON.parse(output.trim().split("\n").at(-1) ?? "{}"));
      else reject(new Error(`load generator exited with ${code}`));
    });
  });
}

/** The ceiling: a bare Node server sending exactly the bytes (and encoding) /themes sends. */
async function measureCeiling(site: Site): Promise<LoadResult> {
  const { body, headers } = await new Promise<{ body: Buffer; headers: http.IncomingHttpHeaders }>(
    (resolve, reject) => {
      http
        .get(`${site.url}/themes`, { headers: { "accept-encoding": "gzip", "accept-language": "ja" } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve({ body: Buffer.concat(chunks), headers: res.headers }));
        })
        .on("error", reject);
    },
  );
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, {
      "content-type": headers["content-type"] ?? "text/html; charset=utf-8",
      "content-encoding": headers["content-encoding"] ?? "identity",
      "content-length": body.length,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const address = bare.address();
  const port = typeof address === "object" && address ? address.port : 0;
  try {
    return await runLoadInChild({ url: `http://127.0.0.1:${port}/themes`, connections, seconds });
  } finally {
    bare.close();
  }
}

function doubled(sizes: BenchSizes): BenchSizes {
  return Object.fromEntries(Object.entries(sizes).map(([k, n]) => [k, Number(n) * 2])) as unknown as BenchSizes;
}

async function main() {
  const site = await startSite(process.env.DATABASE_URL || undefined);
  const database =
    site.databaseKind === "postgres"
      ? "PostgreSQL (a fresh database on DATABASE_URL's server)"
      : "PGlite (embedded; set DATABASE_URL to measure PostgreSQL)";
  log(`database: ${database}`);
  let failed = false;
  try {
    const fixture = await createBenchFixture(site.db);
    const only = args.only?.split(",").filter(Boolean);
    const pages = benchPages(fixture).filter((p) => !only || only.some((word) => p.path.includes(word)));
    const signedIn = {
      staff: await signIn(site.url, fixture.staffEmail, BENCH_PASSWORD),
      reviewer: await signIn(site.url, fixture.reviewerEmail, BENCH_PASSWORD),
      member: await signIn(site.url, fixture.memberEmail, BENCH_PASSWORD),
    };
    const phases: { label: string; sizes: BenchSizes; load: boolean }[] = smoke
      ? [
          { label: "small", sizes: SMOKE_SIZES, load: false },
          { label: "full", sizes: doubled(SMOKE_SIZES), load: true },
        ]
      : [
          { label: "small", sizes: SMALL_SIZES, load: true },
          { label: "full", sizes: FULL_SIZES, load: true },
        ];
    const figures: Report["phases"] = [];
    for (const phase of phases) {
      const started = Date.now();
      await growBenchData(site.db, fixture, phase.sizes);
      site.forgetCaches();
      // The big theme's proposals exist now: the per-proposal page gets a real one (the same in every phase).
      for (const page of pages.filter((p) => p.path.includes(FIRST_BIG_PROPOSAL))) {
        const first = await site.db
          .selectFrom("proposals")
          .select("id")
          .where("theme_id", "=", fixture.bigThemeId)
          .where("status", "=", "submitted")
          .orderBy("receipt_number")
          .executeTakeFirstOrThrow();
        page.path = page.path.replace(FIRST_BIG_PROPOSAL, first.id);
      }
      for (const page of pages.filter((p) => p.path.includes(FIRST_PROJECT))) {
        const project = await site.db.selectFrom("projects").select("id").orderBy("id").executeTakeFirstOrThrow();
        page.path = page.path.replace(FIRST_PROJECT, project.id);
      }
      const seedSeconds = (Date.now() - started) / 1000;
      log(`${phase.label}: seeded ${phase.sizes.proposals} proposals and the rest in ${seedSeconds.toFixed(1)} s`);
      const results: PageFigures[] = [];
      for (const page of pages) {
        const sent = [page.as ? signedIn[page.as] : null, page.uncached ? RENDER_COOKIE : null].filter(Boolean);
        const cookie = sent.length > 0 ? sent.join("; ") : undefined;
        const queries = await countQueries(site, page, cookie, fixture);
        let load: LoadResult | null = null;
        if (phase.load) {
          load = await runLoadInChild({
            url: `${site.url}${page.path}`,
            connections,
            seconds,
            cookie,
            save: page.save
              ? { origin: site.url, section: "basics", drafts: await draftVersions(site, fixture) }
              : undefined,
          });
          log(
            `${phase.label} ${page.name}: ${load.requestsPerSecond.toFixed(0)} req/s, p95 ${load.p95} ms, ${load.errors} errors, ${queries} queries`,
          );
        }
        results.push({
          name: page.name,
          path: page.path,
          targetP95: page.targetP95,
          uncached: page.uncached,
          queries,
          load,
        });
      }
      figures.push({ label: phase.label, sizes: phase.sizes, seedSeconds, pages: results });
    }

    const ceiling = await measureCeiling(site);
    log(`ceiling (bare Node server, /themes bytes): ${ceiling.requestsPerSecond.toFixed(0)} req/s`);

    const browser: BrowserFigures = await browserFigures(site.url, pages, signedIn, {
      lighthouse: !smoke ? "all" : "first",
    });

    let cluster: Report["cluster"] = null;
    const resetEmails = (await site.db.selectFrom("users").select("email").orderBy("email").limit(10).execute()).map(
      (u) => u.email,
    );
    await site.close();
    if (site.databaseUrl) {
      cluster = await checkTwoServers(
        site.databaseUrl,
        { email: fixture.reviewerEmail, password: BENCH_PASSWORD, page: "/reviews" },
        resetEmails,
      );
      log(`two servers: ${JSON.stringify(cluster)}`);
    } else {
      log("two servers: skipped (needs PostgreSQL: set DATABASE_URL)");
    }

    const report: Report = {
      date: new Date().toISOString(),
      smoke,
      database,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "", node: process.version },
      connections,
      seconds,
      phases: figures,
      ceiling,
      browser,
      cluster,
    };
    const outDir = args.out ?? (smoke ? path.join(os.tmpdir(), "nerima-bench-smoke") : "tests/bench/results");
    mkdirSync(outDir, { recursive: true });
    const base = path.join(outDir, site.databaseKind);
    writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    const markdown = markdownReport(report);
    writeFileSync(`${base}.md`, markdown);
    // Laid out as the linter wants the committed files (Biome formats Markdown tables), so a run
    // leaves `npm run lint` green.
    spawnSync(path.resolve("node_modules/.bin/biome"), ["format", "--write", `${base}.md`], { stdio: "ignore" });
    console.log(`\n${markdown}`);
    log(`written: ${base}.json and ${base}.md`);

    // Figures are reported, not enforced (a busy machine is slower); broken behaviour fails the run.
    const last = figures.at(-1);
    const errors = last?.pages.reduce((sum, p) => sum + (p.load?.errors ?? 0), 0) ?? 0;
    if (errors > 0) {
      console.error(`${errors} requests failed under load`);
      failed = true;
    }
    if (cluster && (!cluster.sessionOnOtherServer || !cluster.logoutOnOtherServer || cluster.mailDuplicates > 0)) {
      console.error("Two servers on one database misbehaved");
      failed = true;
    }
    if (cluster && cluster.mailReceived !== cluster.mailQueued) {
      console.error(`Queued ${cluster.mailQueued} e-mails but ${cluster.mailReceived} arrived`);
      failed = true;
    }
  } finally {
    await site.destroy();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
