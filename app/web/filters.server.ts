import * as v from "valibot";
import { ACTIVITY_FIELDS, NERIMA_AREAS, ORGANIZATION_KINDS } from "~/models/reference-data";

// Unknown values are dropped rather than refused: an old bookmark still shows a list.
const filterSchema = v.object({
  q: v.fallback(v.pipe(v.string(), v.trim(), v.maxLength(100)), ""),
  kind: v.fallback(v.optional(v.picklist(ORGANIZATION_KINDS)), undefined),
  area: v.fallback(v.optional(v.picklist(NERIMA_AREAS)), undefined),
  field: v.fallback(v.optional(v.picklist(ACTIVITY_FIELDS)), undefined),
});

export function parseFilters(url: URL) {
  const value = (name: string) => url.searchParams.get(name) ?? undefined;
  const parsed = v.parse(filterSchema, {
    q: value("q") ?? "",
    kind: value("kind"),
    area: value("area"),
    field: value("field"),
  });
  return {
    filters: parsed,
    values: { q: parsed.q, kind: parsed.kind ?? "", area: parsed.area ?? "", field: parsed.field ?? "" },
  };
}
