// The browser-side figures for every page of the benchmark.

import { javascriptBytes, type LighthouseScores, lighthouseScores } from "./browser";

export interface BrowserFigures {
  pages: { path: string; javascriptGzipBytes: number; lighthouse: LighthouseScores | { error: string } | null }[];
}

export async function browserFigures(
  siteUrl: string,
  pages: { path: string; as?: "staff" | "reviewer" | "member"; save?: boolean; uncached?: boolean }[],
  cookies: Record<"staff" | "reviewer" | "member", string>,
  options: { lighthouse: "all" | "first" },
): Promise<BrowserFigures> {
  // The POST is measured through the form it is sent from (the same path, read with GET).
  // A data download (CSV) is not a page a browser renders: it has no JavaScript and no Lighthouse score.
  const visited = pages
    // A page measured twice (kept and rendered each time) is the same page in a browser.
    .filter((p) => !/\.(csv|json)$/.test(p.path) && !p.uncached)
    .map((p) => ({ path: p.path, cookie: p.as ? cookies[p.as] : undefined }));
  const sizes = await javascriptBytes(siteUrl, visited);
  const audited = options.lighthouse === "all" ? visited : visited.slice(0, 1);
  const scores = await lighthouseScores(audited.map((p) => ({ url: `${siteUrl}${p.path}`, cookie: p.cookie })));
  return {
    pages: visited.map((page, i) => ({
      path: page.path,
      javascriptGzipBytes: sizes[i],
      lighthouse: scores[i] ?? null,
    })),
  };
}
