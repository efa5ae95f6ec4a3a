import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Kysely } from "kysely";
import { DATASETS, type Dataset, type DatasetName, type Value } from "~/models/opendata";
import { milestoneRows, organizationRows, outcomeRows, projectRows, themeRows } from "~/models/opendata-rows.server";
import { services } from "~/services.server";
import { csvField } from "~/utils/csv";
import type { Database } from "../../db/schema";

/** A dataset with the query its rows come from: its records hold each column's value, in the columns' order. */
function source<Row>(dataset: Dataset<Row>, rows: (db: Kysely<Database>) => AsyncIterable<Row>) {
  return {
    columns: dataset.columns.map((c) => c.name),
    async *records(): AsyncGenerator<Record<string, Value>> {
      for await (const row of rows(services().db)) {
        yield Object.fromEntries(dataset.columns.map((c) => [c.name, c.value(row)]));
      }
    },
  };
}

const SOURCES: Record<DatasetName, ReturnType<typeof source>> = {
  themes: source(DATASETS.themes, themeRows),
  projects: source(DATASETS.projects, projectRows),
  milestones: source(DATASETS.milestones, milestoneRows),
  outcomes: source(DATASETS.outcomes, outcomeRows),
  organizations: source(DATASETS.organizations, organizationRows),
};

const isDatasetName = (name: string): name is DatasetName => Object.hasOwn(SOURCES, name);

/** The file `/opendata/<file>` (`themes.csv`, `outcomes.json`…), or null when there is no such file. */
export function datasetFile(request: Request | undefined, file: string): Promise<Response> | null {
  const [, name, format] = /^(\w+)\.(csv|json)$/.exec(file) ?? [];
  if (!name || !isDatasetName(name)) return null;
  const { columns, records } = SOURCES[name];
  return cachedDataset(request, file, () =>
    format === "csv" ? csvResponse(columns, records(), file) : jsonResponse(records(), file),
  );
}

const encoder = new TextEncoder();

/**
 * How old a downloaded dataset may be. The files are the same for everyone, so each server process
 * builds one at most once in this time and hands the same bytes to everyone who asks (a 2,000-project
 * CSV cost a hundred times more to build than to send); responses say so (max-age), and a client that
 * already holds the file gets 304 through its ETag.
 */
const FRESH_SECONDS = 60;

interface Built {
  expires: number;
  bytes: Promise<{ body: ArrayBuffer; gzipped: Buffer; etag: string; headers: Headers }>;
}
const built = new Map<string, Built>();

/** Drops every built file (the benchmark, after it grows the data between measurements). */
export function forgetBuiltDatasets() {
  built.clear();
}

async function cachedDataset(request: Request | undefined, key: string, build: () => Response) {
  const now = Date.now();
  let entry = built.get(key);
  if (!entry || entry.expires <= now) {
    const response = build();
    // Compressed once here, not by the compression middleware on every download.
    const bytes = response.arrayBuffer().then((body) => ({
      body,
      gzipped: gzipSync(Buffer.from(body)),
      etag: `"${createHash("sha256").update(Buffer.from(body)).digest("base64url")}"`,
      headers: response.headers,
    }));
    entry = { expires: now + FRESH_SECONDS * 1000, bytes };
    built.set(key, entry);
    // A failed build is not kept: the next request tries again.
    bytes.catch(() => built.delete(key));
  }
  const { body, gzipped, etag, headers } = await entry.bytes;
  const answer = new Headers(headers);
  answer.set("ETag", etag);
  answer.set("Vary", "Accept-Encoding");
  if (request?.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers: answer });
  if (/\bgzip\b/.test(request?.headers.get("Accept-Encoding") ?? "")) {
    answer.set("Content-Encoding", "gzip");
    return new Response(new Uint8Array(gzipped), { headers: answer });
  }
  return new Response(body, { headers: answer });
}

/**
 * Rows go out in pieces of about 16,000 characters, not one by one: each piece crosses a web
 * stream, a Node stream and compression, and per-row pieces made a 2,000-project export cost
 * ten times more.
 */
function streamOf(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      let text = "";
      while (text.length < 16_000) {
        const next = await chunks.next();
        if (next.done) {
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += next.value;
      }
      controller.enqueue(encoder.encode(text));
    },
  });
}

const headers = (type: string, filename: string) => ({
  "Content-Type": type,
  "Content-Disposition": `inline; filename="${filename}"`,
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": `public, max-age=${FRESH_SECONDS}`,
});

/** UTF-8 CSV with a byte-order mark (Excel), streamed row by row from the database. */
function csvResponse(columns: string[], records: AsyncGenerator<Record<string, Value>>, filename: string) {
  async function* lines() {
    yield `\uFEFF${columns.join(",")}\r\n`;
    for await (const record of records) yield `${columns.map((c) => csvField(record[c])).join(",")}\r\n`;
  }
  return new Response(streamOf(lines()), { headers: headers("text/csv; charset=utf-8", filename) });
}

/** A JSON array, streamed element by element. */
function jsonResponse(records: AsyncGenerator<Record<string, Value>>, filename: string) {
  async function* parts() {
    yield "[";
    let first = true;
    for await (const record of records) {
      yield `${first ? "" : ","}\n${JSON.stringify(record)}`;
      first = false;
    }
    yield "\n]\n";
  }
  return new Response(streamOf(parts()), { headers: headers("application/json; charset=utf-8", filename) });
}
