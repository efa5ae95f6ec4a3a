// The benchmark's figures as data and as the Markdown table the README shows.

import type { ClusterCheck } from "./cluster";
import type { BrowserFigures } from "./figures";
import type { LoadResult } from "./load";
import type { BenchSizes } from "./seed";

export interface PageFigures {
  name: string;
  path: string;
  targetP95: number;
  /** Rendered for every request (the page cache stepping aside). */
  uncached?: boolean;
  queries: number;
  load: LoadResult | null;
}

export interface Report {
  date: string;
  smoke: boolean;
  database: string;
  machine: { cpus: number; cpuModel: string; node: string };
  connections: number;
  seconds: number;
  phases: { label: string; sizes: BenchSizes; seedSeconds: number; pages: PageFigures[] }[];
  ceiling: LoadResult;
  browser: BrowserFigures;
  cluster: ClusterCheck | null;
}

export const TARGETS = { queries: 10, growth: 1.5, javascriptKb: 120, performance: 95, accessibility: 100 };

const mark = (ok: boolean) => (ok ? "✓" : "✗");

export function markdownReport(report: Report): string {
  const [first, last] = [report.phases[0], report.phases.at(-1) ?? report.phases[0]];
  const themes = last.pages.find((p) => p.path === "/themes" && !p.uncached);
  const rendered = last.pages.find((p) => p.path === "/themes" && p.uncached);
  const lines = [
    `Measured ${report.date.slice(0, 10)} on ${report.database}; ${report.machine.cpus} cores (${report.machine.cpuModel}), Node ${report.machine.node}; ` +
      `${report.connections} connections for ${report.seconds} s per page; ${last.sizes.proposals.toLocaleString("en")} proposals ` +
      `(${first.sizes.proposals.toLocaleString("en")} for the growth column).`,
    "",
    "| Page | req/s | p50 ms | p95 ms | p99 ms | errors | SQL per request | p95 growth | JS gzip KB | Lighthouse perf / a11y | p95 target |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const page of last.pages) {
    const before = first.pages.find((p) => p.path === page.path && p.uncached === page.uncached);
    const growth = before?.load && page.load && first !== last ? page.load.p95 / Math.max(1, before.load.p95) : null;
    const browser = report.browser.pages.find((p) => p.path === page.path);
    const lighthouse = browser?.lighthouse;
    const load = page.load;
    const queries = first !== last && before ? `${before.queries} → ${page.queries}` : String(page.queries);
    const queriesOk = page.queries <= TARGETS.queries && (!before || before.queries === page.queries);
    const cells = [
      page.name,
      load ? load.requestsPerSecond.toFixed(0) : "–",
      load ? String(load.p50) : "–",
      load ? String(load.p95) : "–",
      load ? String(load.p99) : "–",
      load ? String(load.errors) : "–",
      `${queries} ${mark(queriesOk)}`,
      growth === null ? "–" : `${growth.toFixed(2)}× ${mark(growth <= TARGETS.growth)}`,
      browser
        ? `${(browser.javascriptGzipBytes / 1024).toFixed(1)} ${mark(browser.javascriptGzipBytes / 1024 <= TARGETS.javascriptKb)}`
        : "–",
      !lighthouse
        ? "–"
        : "error" in lighthouse
          ? "failed"
          : `${lighthouse.performance} / ${lighthouse.accessibility} ${mark(lighthouse.performance >= TARGETS.performance && lighthouse.accessibility >= TARGETS.accessibility)}`,
      load ? `≤ ${page.targetP95} ${mark(load.p95 <= page.targetP95 && load.errors === 0)}` : "–",
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  const body = [...lines, ""];
  const share = (load: LoadResult) =>
    `${((100 * load.requestsPerSecond) / report.ceiling.requestsPerSecond).toFixed(1)} %`;
  if (themes?.load) {
    body.push(
      `Ceiling: a bare Node \`http\` server sending the same bytes as \`/themes\` answers ${report.ceiling.requestsPerSecond.toFixed(0)} req/s ` +
        `(p95 ${report.ceiling.p95} ms); the site's \`/themes\` reaches ${share(themes.load)} of it` +
        (rendered?.load ? ` (${share(rendered.load)} when every request is rendered).` : "."),
    );
  }
  body.push(
    report.cluster
      ? `Two server processes on one database: session opened on one honoured on the other ${mark(report.cluster.sessionOnOtherServer)}, ` +
          `logout on one honoured on the other ${mark(report.cluster.logoutOnOtherServer)}, ` +
          `${report.cluster.mailQueued} e-mails queued, ${report.cluster.mailReceived} received, ${report.cluster.mailDuplicates} sent twice.`
      : "Two server processes: not checked (needs PostgreSQL).",
  );
  body.push("");
  return body.join("\n");
}
