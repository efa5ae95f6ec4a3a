const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginCheckInput {
  method: string;
  origin: string | null;
  secFetchSite: string | null;
  /** The origin the request was addressed to (scheme + Host header). */
  requestOrigin: string;
  /** The site's configured public origin, which may differ from Host behind a proxy. */
  publicOrigin: string;
}

/**
 * Refuses state-changing requests sent by another site's page (CSRF), without tokens in every form:
 * browsers say where a request comes from in Sec-Fetch-Site, and older ones in Origin. A request
 * with neither header comes from a non-browser client, which cannot ride on someone's cookies.
 */
export function isCrossSiteRequest(input: OriginCheckInput): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  if (input.secFetchSite) return input.secFetchSite !== "same-origin" && input.secFetchSite !== "none";
  if (input.origin) return input.origin !== input.requestOrigin && input.origin !== input.publicOrigin;
  return false;
}
