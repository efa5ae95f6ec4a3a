import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { ACTIVITY_FIELDS, NERIMA_AREAS, ORGANIZATION_KINDS } from "~/models/reference-data";
import { searchColumns } from "~/models/search";
import * as directory from "~/routes/organizations._index";
import * as board from "~/routes/partners._index";
import { createServices, installServices } from "~/services.server";
import type { Database } from "../../db/schema";
import { createTestDatabase } from "../support/database";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let queries = 0;

const WORDS = ["子ども食堂", "防災訓練", "見守り", "花壇づくり", "日本語教室", "スマホ教室", "買い物支援", "清掃活動"];

/** Bulk rows that respect every constraint, with the same search columns the domain code writes. */
async function seed(db: Kysely<Database>, organizations: number, listings: number) {
  const orgIds: string[] = [];
  for (let start = 0; start < organizations; start += 500) {
    const rows = Array.from({ length: Math.min(500, organizations - start) }, (_, j) => {
      const i = start + j;
      const name = `テスト団体${i}`;
      const description = `${WORDS[i % WORDS.length]}に取り組む団体です。番号${i}。`;
      const id = randomUUID();
      orgIds.push(id);
      return {
        id,
        name,
        name_kana: `テストダンタイ${String(i).padStart(5, "0")}`,
        kind: ORGANIZATION_KINDS[i % ORGANIZATION_KINDS.length],
        areas: [NERIMA_AREAS[i % NERIMA_AREAS.length]],
        fields: [ACTIVITY_FIELDS[i % ACTIVITY_FIELDS.length]],
        description,
        contact_email: `org${i}@example.jp`,
        ...searchColumns(name, `テストダンタイ${i}`, description),
      };
    });
    await db.insertInto("organizations").values(rows).execute();
  }
  for (let start = 0; start < listings; start += 500) {
    const rows = Array.from({ length: Math.min(500, listings - start) }, (_, j) => {
      const i = start + j;
      const title = `${WORDS[i % WORDS.length]}の仲間を募集 ${i}`;
      return {
        id: randomUUID(),
        organization_id: orgIds[i % orgIds.length],
        title,
        offers: "場所と道具があります。",
        seeks: `${WORDS[(i + 3) % WORDS.length]}を手伝ってくれる団体`,
        areas: [NERIMA_AREAS[i % NERIMA_AREAS.length]],
        fields: [ACTIVITY_FIELDS[i % ACTIVITY_FIELDS.length]],
        ends_at: new Date(Date.now() + 30 * 24 * 3600_000),
        ...searchColumns(title, "場所と道具があります。", `${WORDS[(i + 3) % WORDS.length]}を手伝ってくれる団体`),
      };
    });
    await db.insertInto("partner_listings").values(rows).execute();
  }
  await sql`analyze`.execute(db);
}

async function countQueries(run: () => Promise<unknown>) {
  queries = 0;
  await run();
  return queries;
}

const call = (loader: typeof directory.loader | typeof board.loader, url: string) =>
  loader({ request: new Request(url), params: {}, context: { clientAddress: null } });

beforeAll(async () => {
  handle = await createTestDatabase();
  // A second Kysely over the same driver that counts every query the pages run.
  const counted = handle.db.withPlugin({
    transformQuery: (args) => {
      queries += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  installServices(createServices(loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }), counted, handle.kind, "secret"));
}, 120_000);

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

describe("the directory and the board at ward scale", () => {
  it("run the same number of queries with 10 organisations as with 5,000 (and 2,000 listings)", async () => {
    await seed(handle.db, 10, 10);
    const pages = [
      () => call(directory.loader, "http://localhost/organizations"),
      () => call(directory.loader, `http://localhost/organizations?q=${encodeURIComponent("子ども食堂")}&kind=npo`),
      () => call(board.loader, "http://localhost/partners?field=welfare"),
      () => call(board.loader, `http://localhost/partners?q=${encodeURIComponent("防災訓練")}`),
    ];
    const small = [];
    for (const page of pages) small.push(await countQueries(page));
    await seed(handle.db, 4990, 1990);
    const large = [];
    for (const page of pages) large.push(await countQueries(page));
    expect(large).toEqual(small);
    for (const n of large) expect(n).toBeLessThanOrEqual(3);
  }, 120_000);

  it("can answer a Japanese word search from the bigram index", async () => {
    // At 5,000 rows the planner rightly prefers reading the table (a few milliseconds) for most
    // words; what must hold is that the query's shape can use the index when the table grows (the page's
    // count query here; its ordered query can walk the フリガナ index).
    const query = searchColumns("番号4321");
    const text = await handle.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const plan = await sql<{
        "QUERY PLAN": string;
      }>`explain select count(*) from organizations where search_tokens @> ${sql.val(query.search_tokens)}::text[] and search_text like ${"%番号4321%"}`.execute(
        trx,
      );
      return plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(text).toContain("organizations_search_idx");
  });
});
