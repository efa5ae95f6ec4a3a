import type { MessageKey } from "./ja";

export type Catalog = Record<MessageKey, string>;

/**
 * The catalogs this JavaScript environment holds. The server holds both; a browser only the
 * page's language (entry.client loads it before hydrating), which halves the JavaScript of
 * every page.
 */
export const catalogs: Partial<Record<"ja" | "en", Catalog>> = {};
