import type { MessageKey } from "./ja";

/** A language's words: in a browser the page's wording only (ja.ts); on the server the e-mails' too. */
export type Catalog = Partial<Record<MessageKey, string>>;

/**
 * The catalogs this JavaScript environment holds. The server holds both; a browser only the
 * page's language (entry.client loads it before hydrating), which halves the JavaScript of
 * every page, and staff's wording only for staff, reviewers and admins (ja-staff.ts).
 */
export const catalogs: Partial<Record<"ja" | "en", Catalog>> = {};
