import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { DATASETS } from "~/models/opendata";
import { milestonePhase } from "~/models/projects.server";
import * as opendataFile from "~/routes/opendata.$file";
import * as organizations from "~/routes/organizations._index";
import * as organization from "~/routes/organizations.$id._index";
import * as partners from "~/routes/partners._index";
import * as listing from "~/routes/partners.$id";
import * as projects from "~/routes/projects._index";
import * as project from "~/routes/projects.$id";
import { staffProjectRows } from "~/routes/staff.projects";
import * as themes from "~/routes/themes._index";
import * as theme from "~/routes/themes.$id";
import { createServices, installServices } from "~/services.server";
import { seedDemoIfNew } from "../../db/seed";
import { createTestDatabase } from "../support/database";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;

const visit = async (loader: (args: never) => unknown, path: string, params: Record<string, string> = {}) => {
  const result = await (loader as (args: unknown) => Promise<unknown>)({
    request: new Request(`http://localhost${path}`),
    params,
    context: { clientAddress: null },
  });
  return result instanceof Response ? result.text() : JSON.stringify(result);
};

/** `/opendata/<file>` as the site answers it. */
const download = (file: string, headers: Record<string, string> = {}) =>
  opendataFile.loader({
    request: new Request(`http://localhost/opendata/${file}`, { headers }),
    params: { file },
    context: { clientAddress: null },
  });

/** A standard CSV reader (csv-parse) reads the exports back exactly as a user's tool would. */
function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relaxColumnCount: false });
}

beforeAll(async () => {
  handle = await createTestDatabase();
  installServices(createServices(loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }), handle.db, handle.kind, "secret"));
  await seedDemoIfNew(handle.db, { publicUrl: "http://lab.test", secret: "secret" });
}, 120_000);

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

describe("public pages and open data of the demo", () => {
  it("contain no member's e-mail address or name", async () => {
    const people = await handle.db.selectFrom("users").select(["email", "name"]).execute();
    const [firstTheme] = await handle.db.selectFrom("themes").select("id").where("status", "!=", "draft").execute();
    const [firstOrg] = await handle.db.selectFrom("organizations").select("id").execute();
    const [firstListing] = await handle.db.selectFrom("partner_listings").select("id").execute();
    const projectIds = await handle.db.selectFrom("projects").select("id").execute();
    expect(projectIds.length).toBeGreaterThan(0);
    const pages = [
      await visit(themes.loader, "/themes"),
      await visit(theme.loader, `/themes/${firstTheme.id}`, { id: firstTheme.id }),
      await visit(organizations.loader, "/organizations"),
      await visit(organization.loader, `/organizations/${firstOrg.id}`, { id: firstOrg.id }),
      await visit(partners.loader, "/partners"),
      await visit(listing.loader, `/partners/${firstListing.id}`, { id: firstListing.id }),
      await visit(projects.loader, "/projects"),
      ...(await Promise.all(projectIds.map((p) => visit(project.loader, `/projects/${p.id}`, { id: p.id })))),
      ...(await Promise.all(
        Object.keys(DATASETS).flatMap((name) =>
          [`${name}.csv`, `${name}.json`].map(async (f) => (await download(f)).text()),
        ),
      )),
    ];
    for (const page of pages) {
      for (const person of people) {
        expect(page, person.email).not.toContain(person.email);
        expect(page, person.name).not.toContain(person.name);
      }
    }
  });

  it("export projects as CSV that reads back to the database's rows", async () => {
    const response = await download("projects.csv");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ""));
    expect(header).toEqual([
      "id",
      "title",
      "theme_id",
      "theme_title",
      "course",
      "organizations",
      "grant_amount",
      "status",
      "starts_on",
      "ends_on",
      "milestones_total",
      "milestones_done",
      "funded_at",
    ]);
    const stored = await handle.db
      .selectFrom("projects")
      .select(["id", "title", "grant_amount", "created_at"])
      .orderBy("id")
      .execute();
    expect(rows.map((r) => [r[0], r[1], Number(r[6]), r[12]])).toEqual(
      stored.map((p) => [p.id, p.title, p.grant_amount, p.created_at.toISOString()]),
    );
    for (const r of rows) expect(r[8]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("keep the themes' columns and key order as they were published", async () => {
    const header =
      "id,course,title,summary,department,status,opens_at,closes_at,grant_cap_per_year,grant_cap_total,subsidy_rate_percent,duration_years,awards_planned,fields,updated_at";
    const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(
      await (await download("themes.csv")).arrayBuffer(),
    );
    expect(csv.slice(0, csv.indexOf("\r\n"))).toBe(`\uFEFF${header}`);
    const [first] = JSON.parse(await (await download("themes.json")).text()) as Record<string, unknown>[];
    expect(Object.keys(first).join(",")).toBe(header);
  });

  it("give every dataset rows from the demo, and answer 404 for any other file", async () => {
    for (const name of Object.keys(DATASETS)) {
      const rows = JSON.parse(await (await download(`${name}.json`)).text()) as unknown[];
      expect(rows.length, name).toBeGreaterThan(0);
    }
    for (const file of ["people.csv", "themes.xml", "themes", "constructor.json"]) {
      const refused = await download(file).catch((thrown: Response) => thrown);
      expect(refused.status, file).toBe(404);
    }
  });

  it("build a dataset once a minute at most, say so, and answer 304 to a client holding the same file", async () => {
    const first = await download("projects.csv");
    const etag = first.headers.get("ETag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("Cache-Control")).toBe("public, max-age=60");
    const firstBody = await first.text();
    // A project renamed within the minute: the file already built is what everyone gets until it expires.
    const [someone] = await handle.db.selectFrom("projects").select(["id", "title"]).limit(1).execute();
    await handle.db.updateTable("projects").set({ title: "名前を変えた事業" }).where("id", "=", someone.id).execute();
    const again = await download("projects.csv");
    expect(await again.text()).toBe(firstBody);
    await handle.db.updateTable("projects").set({ title: someone.title }).where("id", "=", someone.id).execute();
    const revalidated = await download("projects.csv", { "If-None-Match": etag ?? "" });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe("");
    const otherFile = await download("projects.csv", { "If-None-Match": '"something-else"' });
    expect(otherFile.status).toBe(200);
    // Compressed once, for every client that accepts gzip: the same file once unpacked.
    const packed = await download("projects.csv", { "Accept-Encoding": "gzip, deflate, br" });
    expect(packed.headers.get("Content-Encoding")).toBe("gzip");
    expect(packed.headers.get("Vary")).toBe("Accept-Encoding");
    expect(
      gunzipSync(Buffer.from(await packed.arrayBuffer()))
        .toString("utf8")
        .replace(/^\uFEFF/, ""),
    ).toBe(firstBody);
  });

  it("export themes as JSON with ISO 8601 dates and integer yen, drafts left out", async () => {
    const response = await download("themes.json");
    const data = JSON.parse(await response.text()) as Record<string, unknown>[];
    const published = await handle.db.selectFrom("themes").select("id").where("status", "!=", "draft").execute();
    expect(data.map((d) => d.id).sort()).toEqual(published.map((p) => p.id).sort());
    for (const d of data) {
      expect(new Date(String(d.closes_at)).toISOString()).toBe(d.closes_at);
      expect(Number.isInteger(d.grant_cap_total)).toBe(true);
    }
  });
});

describe("a milestone's phase", () => {
  it("is overdue from the first second of the day after its due day in Japan, unless approved", () => {
    const m = { status: "planned" as const, due_on: "2027-03-31" };
    expect(milestonePhase(m, new Date("2027-03-31T14:59:59.999Z"))).toBe("planned");
    expect(milestonePhase(m, new Date("2027-03-31T15:00:00.000Z"))).toBe("overdue");
    expect(milestonePhase({ ...m, status: "approved" }, new Date("2028-01-01T00:00:00Z"))).toBe("approved");
  });
});

describe("the demo's funded projects", () => {
  it("show every state on the staff dashboard", async () => {
    const { rows } = await staffProjectRows(new Request("http://localhost/staff/projects"));
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(["completed", "on_track", "overdue", "at_risk"]));
  });
});
