import * as v from "valibot";
import { getUser } from "~/auth/session.server";
import { ACTIVITY_FIELDS, NERIMA_AREAS, ORGANIZATION_KINDS } from "~/models/reference-data";
import { pageCount, pageNumber } from "~/utils/http.server";
import { PROJECT_STATUSES, PROPOSAL_STATUSES } from "../../db/schema";

// Unknown values are dropped rather than refused: an old bookmark still shows a list.
const filterSchema = v.object({
  q: v.fallback(v.pipe(v.string(), v.trim(), v.maxLength(100)), ""),
  kind: v.fallback(v.optional(v.picklist(ORGANIZATION_KINDS)), undefined),
  area: v.fallback(v.optional(v.picklist(NERIMA_AREAS)), undefined),
  field: v.fallback(v.optional(v.picklist(ACTIVITY_FIELDS)), undefined),
  /** The partner board's theme (a theme id); other lists ignore it. */
  theme: v.fallback(v.optional(v.pipe(v.string(), v.uuid())), undefined),
});

// Parsed here, not in the list's route, so that the route's JavaScript (every visitor's) does not
// carry valibot for a parse that only ever runs on the server.

const themeFilterSchema = v.object({
  q: v.fallback(v.pipe(v.string(), v.trim(), v.maxLength(100)), ""),
  course: v.fallback(v.optional(v.pipe(v.string(), v.maxLength(50))), undefined),
  field: v.fallback(v.optional(v.picklist(ACTIVITY_FIELDS)), undefined),
});

/** /themes: a keyword, a course, a field. */
export function parseThemeFilters(url: URL) {
  return v.parse(themeFilterSchema, {
    q: url.searchParams.get("q") ?? "",
    course: url.searchParams.get("course") || undefined,
    field: url.searchParams.get("field") || undefined,
  });
}

const projectFilterSchema = v.object({
  year: v.fallback(
    v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/), v.transform(Number), v.minValue(2000), v.maxValue(2999))),
    undefined,
  ),
  course: v.fallback(v.optional(v.pipe(v.string(), v.maxLength(50))), undefined),
  field: v.fallback(v.optional(v.picklist(ACTIVITY_FIELDS)), undefined),
  area: v.fallback(v.optional(v.picklist(NERIMA_AREAS)), undefined),
  status: v.fallback(v.optional(v.picklist(PROJECT_STATUSES)), undefined),
});

/** /projects: a fiscal year, a course, a field, an area of the ward, a state. */
export function parseProjectFilters(url: URL) {
  const value = (name: string) => url.searchParams.get(name) || undefined;
  return v.parse(projectFilterSchema, {
    year: value("year"),
    course: value("course"),
    field: value("field"),
    area: value("area"),
    status: value("status"),
  });
}

export function parseFilters(url: URL) {
  const value = (name: string) => url.searchParams.get(name) ?? undefined;
  const parsed = v.parse(filterSchema, {
    q: value("q") ?? "",
    kind: value("kind"),
    area: value("area"),
    field: value("field"),
    theme: value("theme"),
  });
  return {
    filters: parsed,
    values: {
      q: parsed.q,
      kind: parsed.kind ?? "",
      area: parsed.area ?? "",
      field: parsed.field ?? "",
      theme: parsed.theme ?? "",
    },
  };
}

/** The directory and the board show 20 to a page. */
const PAGE_SIZE = 20;

export type ListFilters = ReturnType<typeof parseFilters>["filters"];

/**
 * A public, filtered and paged list: the filters and page from the address, the matching rows
 * from `search`, and what the list page shows around them (the form's values, the page count,
 * whether the visitor is signed in and may add to the list).
 */
export async function directoryPage<Row>(
  request: Request,
  search: (filters: ListFilters, page: number, pageSize: number) => Promise<{ rows: Row[]; total: number }>,
) {
  const url = new URL(request.url);
  const { filters, values } = parseFilters(url);
  const page = pageNumber(url);
  const [user, { rows, total }] = await Promise.all([getUser(request), search(filters, page, PAGE_SIZE)]);
  return {
    rows,
    list: { values, page, pages: pageCount(total, PAGE_SIZE), total, signedIn: user !== null },
  };
}

/** The proposal status a staff list is narrowed to (`?status=`), or none: an unknown one is dropped. */
export function proposalStatusParam(url: URL) {
  return v.parse(
    v.fallback(v.optional(v.picklist(PROPOSAL_STATUSES)), undefined),
    url.searchParams.get("status") || undefined,
  );
}
