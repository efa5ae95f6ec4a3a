/**
 * Whole public pages, kept as rendered for visitors who are not signed in, so the pages residents
 * read most (`/`, `/themes`, a theme, `/projects`, …) cost a look-up instead of a render.
 *
 * A kept page is always what a render would give now:
 * - every committed write to a table a public page reads clears the cache, in every process
 *   (the `site_changed` notice, db/migrations/2026-12-01-021-change-notices.ts); a write this
 *   process answered clears it at once too;
 * - it ends at the next moment a page changes by itself (nextPublicChange: a theme opening or
 *   closing, a listing ending, midnight in Tokyo);
 * - while the notices cannot be heard (the listening connection is down), nothing is kept;
 * - a render that began before a change is not kept (the generation it began in has passed);
 * - the key is the whole URL and the language cookie; any other cookie (a session, a message
 *   for the next page) means the request is answered by Remix as usual;
 * - only a 200 without Set-Cookie is kept, and each answer carries a fresh CSP nonce.
 *
 * The review pages staff and reviewers reload while they work (a reviewer's list, a theme's ranking,
 * what each reviewer wrote on a proposal) are kept the same way for each signed-in person
 * (`personalKeyFor`): the server checks the session on every request first, and the key holds who
 * they are and their count of unread notices (the header's badge, from a quiet table); see
 * app/web/personal-pages.server.ts.
 */

import { SESSION_COOKIE_NAME } from "../auth/lucia.server";
import { KeptUntilChange } from "./kept-until-change.server";

/** Tables whose changes never show on a public page: no notice, so they do not empty the cache. */
export const QUIET_TABLES = [
  "sessions",
  "recovery_codes",
  "email_tokens",
  "login_throttles",
  "mail_outbox",
  "audit_log",
  "notifications",
  "subscriptions",
  "milestone_reminders",
  "review_deadline_reminders",
  "draft_nudges",
  "notice_preferences",
  "digest_items",
  "digest_runs",
  "organization_helpers",
  "proposal_section_versions",
] as const;

/** The public pages, each also as its single-fetch data (`/themes.data`, `/_root.data` for `/`). */
const PUBLIC_PAGES = [
  /^\/$/,
  /^\/(themes|projects|partners|organizations)(\/[\w-]+)?$/,
  /^\/(opendata|help|privacy|terms|accessibility|contact|sitemap)$/,
];
/** Pages kept per signed-in person, each also as its single-fetch data. */
const PERSONAL_PAGES = [
  /^\/reviews$/,
  /^\/staff\/themes\/[\w-]+\/review$/,
  /^\/staff\/themes\/[\w-]+\/reviews\/[\w-]+$/,
];
const LANGUAGE_COOKIE = "lang";
const MAX_PAGE_BYTES = 1024 * 1024;

export interface CachedPage {
  status: number;
  headers: [string, string][];
  /** The body cut at each occurrence of the nonce it was rendered with. */
  parts: Buffer[];
  bytes: number;
}

export interface PageCacheOptions {
  /** When the pages kept from now on stop being correct with nobody writing (nextPublicChange). */
  nextChange: (now: Date) => Promise<Date>;
  maxBytes?: number;
  clock?: () => number;
}

function cutAt(body: Buffer, nonce: string | undefined): Buffer[] {
  if (!nonce) return [body];
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(nonce, from); at !== -1; at = body.indexOf(nonce, from)) {
    parts.push(body.subarray(from, at));
    from = at + nonce.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

/** The body of a kept page with this answer's nonce where the rendering's stood. */
export function pageBody(page: CachedPage, nonce: string | undefined): Buffer {
  if (page.parts.length === 1) return page.parts[0];
  const joiner = Buffer.from(nonce ?? "");
  const pieces: Buffer[] = [];
  page.parts.forEach((part, index) => {
    if (index > 0) pieces.push(joiner);
    pieces.push(part);
  });
  return Buffer.concat(pieces);
}

function cookieNames(header: string | null): string[] {
  if (!header) return [];
  return header.split(";").flatMap((pair) => {
    const name = pair.split("=", 1)[0].trim();
    return name ? [name] : [];
  });
}

/** The language cookie's value as the cookie parser reads it: the first `lang`, name and value trimmed. */
function languageOf(cookieHeader: string | null): string {
  for (const pair of (cookieHeader ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at !== -1 && pair.slice(0, at).trim() === LANGUAGE_COOKIE) return pair.slice(at + 1).trim();
  }
  return "";
}

export class PageCache extends KeptUntilChange {
  private pages = new Map<string, CachedPage>();
  private bytes = 0;
  /** When the current generation's pages stop being correct; computed at its first render. */
  private until: { generation: number; at: Promise<number | null> } | null = null;
  private readonly maxBytes: number;
  private readonly clock: () => number;

  constructor(private readonly options: PageCacheOptions) {
    super();
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.clock = options.clock ?? Date.now;
  }

  /** The key for a request the cache may answer; null for everything else. */
  keyFor(method: string, url: URL, cookieHeader: string | null): string | null {
    if (method !== "GET") return null;
    const names = cookieNames(cookieHeader);
    if (names.some((name) => name !== LANGUAGE_COOKIE)) return null;
    const path = url.pathname === "/_root.data" ? "/" : url.pathname.replace(/\.data$/, "");
    if (!PUBLIC_PAGES.some((pattern) => pattern.test(path))) return null;
    return `${languageOf(cookieHeader)}\n${url.href}`;
  }

  /**
   * The page part of the key for a review page asked by someone signed in (a session cookie, and
   * no cookie but the language's besides); null for everything else. The caller adds the person.
   */
  personalKeyFor(method: string, url: URL, cookieHeader: string | null): string | null {
    if (method !== "GET") return null;
    const names = cookieNames(cookieHeader);
    if (!names.includes(SESSION_COOKIE_NAME)) return null;
    if (names.some((name) => name !== LANGUAGE_COOKIE && name !== SESSION_COOKIE_NAME)) return null;
    if (!PERSONAL_PAGES.some((pattern) => pattern.test(url.pathname.replace(/\.data$/, "")))) return null;
    return `${languageOf(cookieHeader)}\n${url.href}`;
  }

  protected forgetAll(): void {
    this.pages.clear();
    this.bytes = 0;
    this.until = null;
  }

  get size(): number {
    return this.pages.size;
  }

  /** A kept page for this key, if it is still correct. */
  async get(key: string): Promise<CachedPage | undefined> {
    if (!this.listening) return undefined;
    const page = this.pages.get(key);
    if (!page) return undefined;
    const until = this.until?.generation === this.generation ? await this.until.at : null;
    if (until === null || this.clock() >= until) {
      this.clear();
      return undefined;
    }
    // Most recently used last: the oldest is the first to go when the cache is full.
    this.pages.delete(key);
    this.pages.set(key, page);
    return page;
  }

  /**
   * Renders a page and keeps it when it may be kept. Returns the kept form (to send with
   * `pageBody`), or the response untouched when it is not a page for everyone. `generation` is when
   * the request began reading (currentGeneration), if before this call.
   */
  async fill(
    key: string,
    nonce: string | undefined,
    render: () => Promise<Response>,
    generation = this.generation,
  ): Promise<CachedPage | Response> {
    const until = this.boundaryOf(generation);
    const response = await render();
    if (response.status !== 200 || response.headers.has("Set-Cookie") || !response.body) return response;
    const body = Buffer.from(await response.arrayBuffer());
    const page: CachedPage = {
      status: response.status,
      headers: [...response.headers.entries()],
      parts: cutAt(body, nonce),
      bytes: body.length,
    };
    const boundary = await until;
    const correct = this.stillCurrent(generation) && boundary !== null && this.clock() < boundary;
    if (correct && body.length <= MAX_PAGE_BYTES) this.keep(key, page);
    return page;
  }

  private boundaryOf(generation: number): Promise<number | null> {
    if (this.until?.generation !== generation) {
      const at = this.options.nextChange(new Date(this.clock())).then(
        (date) => date.getTime(),
        // Not knowing when pages change by themselves, keep none.
        () => null,
      );
      this.until = { generation, at };
    }
    return this.until.at;
  }

  private keep(key: string, page: CachedPage): void {
    const previous = this.pages.get(key);
    if (previous) {
      this.pages.delete(key);
      this.bytes -= previous.bytes;
    }
    this.pages.set(key, page);
    this.bytes += page.bytes;
    for (const [oldest, old] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= old.bytes;
    }
  }
}
