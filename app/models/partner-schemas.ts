import * as v from "valibot";
import { ACTIVITY_FIELDS, NERIMA_AREAS } from "./reference-data";
import { choices, requiredText } from "./schema-pieces";

export const listingSchema = v.object({
  organizationId: v.pipe(v.string("validation.listing.organization"), v.uuid("validation.listing.organization")),
  title: requiredText(100, "validation.listing.title"),
  offers: requiredText(2000, "validation.listing.text"),
  seeks: requiredText(2000, "validation.listing.text"),
  areas: choices(NERIMA_AREAS, "validation.org.areas"),
  fields: choices(ACTIVITY_FIELDS, "validation.org.fields"),
  endsOn: v.pipe(v.string("validation.listing.endsOn"), v.isoDate("validation.listing.endsOn")),
  /** The theme the organisation means to apply to together: optional. */
  themeId: v.optional(v.pipe(v.string(), v.uuid("validation.listing.theme"))),
});
export type ListingInput = v.InferOutput<typeof listingSchema>;

export const requestSchema = v.object({
  organizationId: v.pipe(v.string("validation.listing.organization"), v.uuid("validation.listing.organization")),
  message: requiredText(2000, "validation.message"),
});

export const replySchema = v.object({ message: requiredText(2000, "validation.message") });
