/** Only paths on this site: an attacker-supplied `redirectTo` must not send people elsewhere. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/me"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

export function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}

export function pageNumber(url: URL): number {
  const raw = url.searchParams.get("page");
  const page = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, page);
}
