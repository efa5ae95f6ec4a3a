// What a phone has to download and run: the JavaScript each page sends, and Lighthouse's verdict.

import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

/** Scripts a page loads (src and modulepreload) plus its inline scripts, each gzipped as the server sends them. */
export async function javascriptBytes(siteUrl: string, path: string, cookie?: string): Promise<number> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const html = await (await fetch(new URL(path, siteUrl), { headers })).text();
  const external = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) external.add(match[1]);
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) external.add(match[1]);
  for (const match of html.matchAll(/<link[^>]*href="([^"]+)"[^>]*rel="modulepreload"/g)) external.add(match[1]);
  // Remix loads its route modules with dynamic import() inside inline module scripts.
  for (const match of html.matchAll(/import\(?\s*"(\/build\/[^"]+\.js)"/g)) external.add(match[1]);
  let total = 0;
  for (const match of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    if (match[1].trim()) total += gzipSync(match[1]).length;
  }
  for (const src of external) {
    const body = Buffer.from(await (await fetch(new URL(src, siteUrl))).arrayBuffer());
    total += gzipSync(body).length;
  }
  return total;
}

export interface LighthouseScores {
  performance: number;
  accessibility: number;
}

const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

/** Lighthouse's default (mobile, simulated slow 4G and a 4× slower CPU), one run per page. */
export async function lighthouseScores(
  pages: { url: string; cookie?: string }[],
): Promise<(LighthouseScores | { error: string })[]> {
  const chrome = await chromeLauncher.launch({ chromePath: "/usr/bin/chromium", chromeFlags: CHROME_FLAGS });
  try {
    const scores: (LighthouseScores | { error: string })[] = [];
    for (const page of pages) {
      try {
        const result = await lighthouse(page.url, {
          port: chrome.port,
          logLevel: "error",
          output: "json",
          onlyCategories: ["performance", "accessibility"],
          extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined,
        });
        const categories = result?.lhr.categories;
        scores.push({
          performance: Math.round((categories?.performance?.score ?? 0) * 100),
          accessibility: Math.round((categories?.accessibility?.score ?? 0) * 100),
        });
      } catch (error) {
        scores.push({ error: error instanceof Error ? error.message : String(error) });
      }
    }
    return scores;
  } finally {
    chrome.kill();
  }
}
