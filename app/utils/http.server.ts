/**
 * Only paths on this site: an attacker-supplied `redirectTo` must not send people elsewhere.
 * Browsers drop tabs and newlines from a URL (`/\t/evil.example` becomes `//evil.example`) and read
 * a backslash as a slash, and a control character cannot go in a Location header at all: any of
 * them, or a space, anywhere in the target, and the local fallback is used instead.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/me"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//")) return fallback;
  if (/[\s\\\p{Cc}]/u.test(to) || to.length > 2000) return fallback;
  // Percent-encoded as a Location header needs it (a Japanese path would not fit in one as is).
  const url = new URL(to, "http://local.invalid");
  if (url.origin !== "http://local.invalid") return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can leave two slashes at the front ("/..//evil.example" becomes "//evil.example"),
  // which a browser reads as another site.
  return path.startsWith("//") ? fallback : path;
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

/** A request no form of ours sends (a missing intent, a malformed id): nothing for a person to correct. */
export function badRequest(): Response {
  return new Response("Bad Request", { status: 400 });
}

export function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}

export function pageNumber(url: URL): number {
  const raw = url.searchParams.get("page");
  const page = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, page);
}

/** A CSV download for staff: UTF-8 with a byte-order mark so that Excel reads the Japanese, never cached. */
export function csvResponse(csv: string, filename: string): Response {
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

/** How many pages a list of `total` rows takes, `size` to a page: at least one, even when empty. */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}
