// What a phone has to download and run: the JavaScript each page sends, and Lighthouse's verdict.

import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM_ARGS } from "../e2e/settings";

/**
 * The JavaScript a phone downloads for a page: every script Chromium actually loads for it (src,
 * modulepreload, and what those import on the way, such as the page's message catalog), each
 * gzipped as compression sends it, plus the page's inline scripts.
 */
export async function javascriptBytes(siteUrl: string, pages: { path: string; cookie?: string }[]): Promise<number[]> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const sizes: number[] = [];
    for (const page of pages) {
      const context = await browser.newContext({ extraHTTPHeaders: page.cookie ? { cookie: page.cookie } : {} });
      const tab = await context.newPage();
      const scripts = new Set<string>();
      tab.on("request", (request) => {
        if (request.resourceType() === "script") scripts.add(request.url());
      });
      await tab.goto(new URL(page.path, siteUrl).toString(), { waitUntil: "networkidle" });
      const inline = await tab.$$eval("script:not([src])", (nodes) => nodes.map((n) => n.textContent ?? ""));
      await context.close();
      let total = inline.filter((text) => text.trim()).reduce((sum, text) => sum + gzipSync(text).length, 0);
      for (const url of scripts) total += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
      sizes.push(total);
    }
    return sizes;
  } finally {
    await browser.close();
  }
}

export interface LighthouseScores {
  performance: number;
  accessibility: number;
}

const CHROME_FLAGS = ["--headless=new", ...CHROMIUM_ARGS, "--disable-dev-shm-usage"];

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
