import * as v from "valibot";
import { ACTIVITY_FIELDS, NERIMA_AREAS } from "./reference-data";

const text = (max: number, message: string) =>
  v.pipe(v.string(message), v.trim(), v.nonEmpty(message), v.maxLength(max, message));

const choices = <T extends readonly string[]>(options: T, message: string) =>
  v.pipe(
    v.union([v.picklist(options, message), v.array(v.picklist(options, message), message)], message),
    v.transform((value) => (Array.isArray(value) ? value : [value])),
    v.minLength(1, message),
  );

export const listingSchema = v.object({
  organizationId: v.pipe(v.string("validation.listing.organization"), v.uuid("validation.listing.organization")),
  title: text(100, "validation.listing.title"),
  offers: text(2000, "validation.listing.text"),
  seeks: text(2000, "validation.listing.text"),
  areas: choices(NERIMA_AREAS, "validation.org.areas"),
  fields: choices(ACTIVITY_FIELDS, "validation.org.fields"),
  endsOn: v.pipe(v.string("validation.listing.endsOn"), v.isoDate("validation.listing.endsOn")),
});
export type ListingInput = v.InferOutput<typeof listingSchema>;

export const requestSchema = v.object({
  organizationId: v.pipe(v.string("validation.listing.organization"), v.uuid("validation.listing.organization")),
  message: text(2000, "validation.message"),
});

export const replySchema = v.object({ message: text(2000, "validation.message") });
