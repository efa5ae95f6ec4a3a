import { readFileSync } from "node:fs";
import path from "node:path";
import MarkdownIt from "markdown-it";
import type { Locale } from "../i18n";

/**
 * The pages a ward site must have (help, privacy, terms, accessibility, contact) are Markdown files
 * in app/content/pages/, one per language (`help.ja.md`, `help.en.md`), so the ward edits words,
 * not code. Each starts with a few `key: value` lines between `---` lines (title, and for the
 * privacy policy its version), then the text. Raw HTML in a file is shown as text, never run.
 */
export const CONTENT_PAGES = ["help", "privacy", "terms", "accessibility", "contact"] as const;
export type ContentPageName = (typeof CONTENT_PAGES)[number];

export interface ContentPage {
  title: string;
  /** The privacy policy's version: a new one asks everyone to agree again. */
  version: string | null;
  html: string;
}

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
// Read once per process: the files change with a release, not while the site runs.
const cache = new Map<string, ContentPage>();

// The site runs from the project's folder (npm start, the tests, the benchmark).
const CONTENT_DIRECTORY = path.resolve("app/content/pages");

export function parseContentPage(source: string): ContentPage {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  const fields = new Map<string, string>();
  for (const line of (match?.[1] ?? "").split(/\r?\n/)) {
    const at = line.indexOf(":");
    if (at > 0) fields.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const body = match ? source.slice(match[0].length) : source;
  return { title: fields.get("title") ?? "", version: fields.get("version") ?? null, html: markdown.render(body) };
}

export function contentPage(name: ContentPageName, locale: Locale): ContentPage {
  const key = `${name}.${locale}`;
  let page = cache.get(key);
  if (!page) {
    page = parseContentPage(readFileSync(path.join(CONTENT_DIRECTORY, `${key}.md`), "utf8"));
    cache.set(key, page);
  }
  return page;
}

/** The version of the privacy policy now in force (the Japanese text is the reference). */
export function privacyPolicyVersion(): string {
  return contentPage("privacy", "ja").version ?? "1";
}
