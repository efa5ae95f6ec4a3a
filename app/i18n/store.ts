import type { MessageKey } from "./ja";

/** A language's words: in a browser the page's wording only (ja.ts); on the server the e-mails' too. */
export type Catalog = Partial<Record<MessageKey, string>>;

/**
 * The catalogs this JavaScript environment holds. The server holds both. A browser starts with
 * only the words its first page was rendered with (sent in the page, see page-words.server.ts),
 * and loads the page's whole language (with staff's wording for staff, reviewers and admins)
 * when the person first acts: a tap, a key, a navigation.
 */
export const catalogs: Partial<Record<"ja" | "en", Catalog>> = {};

/**
 * The languages whose whole catalog is held, and those whose staff's wording is too: on the server
 * both from the start (catalogs.server.ts), in a browser once loadCatalog has fetched them.
 */
export const held = { whole: new Set<"ja" | "en">(), staff: new Set<"ja" | "en">() };

/** The server's render notes each word it looks up here (page-words.server.ts); null in a browser. */
export const wordLookups: { note: ((locale: "ja" | "en", key: MessageKey) => void) | null } = { note: null };

/** Told when words arrive in a browser, so pages shown with the first page's words re-render. */
const listeners = new Set<() => void>();
let version = 0;

export function catalogVersion(): number {
  return version;
}

export function onCatalogChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function catalogChanged(): void {
  version += 1;
  for (const listener of listeners) listener();
}
