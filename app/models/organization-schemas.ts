import * as v from "valibot";
import { emailSchema } from "./account-schemas";
import { ACTIVITY_FIELDS, NERIMA_AREAS, ORGANIZATION_KINDS } from "./reference-data";
import { choices, requiredText } from "./schema-pieces";

const kana = v.pipe(
  v.string("validation.org.kana"),
  v.transform((s) => s.normalize("NFKC").trim()),
  v.nonEmpty("validation.org.kana"),
  v.maxLength(200, "validation.org.kana"),
  v.regex(/^[\u30a1-\u30f6ー・\s]+$/, "validation.org.kana"),
);

const integerText = (min: number, max: () => number, message: string) =>
  v.pipe(
    v.string(message),
    v.transform((s) => s.normalize("NFKC").trim()),
    v.regex(/^\d{1,7}$/, message),
    v.transform(Number),
    v.check((n) => n >= min && n <= max(), message),
  );

export const organizationSchema = v.object({
  name: requiredText(100, "validation.org.name"),
  nameKana: kana,
  kind: v.picklist(ORGANIZATION_KINDS, "validation.org.kind"),
  areas: choices(NERIMA_AREAS, "validation.org.areas"),
  fields: choices(ACTIVITY_FIELDS, "validation.org.fields"),
  description: requiredText(2000, "validation.org.description"),
  contactEmail: emailSchema,
  // Conform turns an empty input into undefined, so optional fields need no "" case.
  contactPhone: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => s.normalize("NFKC").trim()),
      v.regex(/^[0-9+][0-9-]{8,15}$/, "validation.phone"),
    ),
  ),
  website: v.optional(v.pipe(v.string(), v.trim(), v.url("validation.url"), v.regex(/^https?:\/\//, "validation.url"))),
  foundedYear: v.optional(integerText(1868, () => new Date().getFullYear(), "validation.year")),
  memberCount: v.optional(integerText(0, () => 1_000_000, "validation.count")),
  version: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))),
});

export type OrganizationInput = v.InferOutput<typeof organizationSchema>;

/** Inviting someone to the organisation: as a member, or as a helper who only types drafts (代理入力). */
export const inviteSchema = v.object({
  email: emailSchema,
  as: v.optional(v.picklist(["member", "helper"], "validation.invite.as"), "member"),
});

/** The invitation a signed-in person accepts on /me. */
export const invitationIdSchema = v.pipe(v.string(), v.uuid());

/** Staff returning a registration to the organisation: the reason its representatives will read. */
export const returnNoteSchema = v.object({
  organizationId: v.string(),
  note: v.pipe(
    v.string("staffOrg.noteRequired"),
    v.trim(),
    v.nonEmpty("staffOrg.noteRequired"),
    v.maxLength(1000, "validation.text.tooLong"),
  ),
});
