/**
 * The partner board: an organisation's listings (what it offers and seeks, until an end date), the
 * search over the open ones, and closing one. The requests sent from a listing are in
 * partnership-requests.server.ts.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { endOfTokyoDay, tokyoToday } from "~/utils/japan-time";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { membershipOf } from "./organizations.server";
import type { ListingInput } from "./partner-schemas";
import { parseSearchQuery, searchColumns } from "./search";

/** "Within a year": up to the same calendar date next year (29 February becomes 28 February). */
function sameDateNextYear(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  const lastDay = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  return `${y + 1}-${String(m).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

export type ListingResult =
  | { ok: true; id: string }
  | { ok: false; field: "organizationId" | "endsOn" | "themeId"; message: string };

/** The themes a listing may name: published and not yet closed (open or upcoming), soonest deadline first. */
export async function themesForListings(db: Kysely<Database>, now: Date) {
  return db
    .selectFrom("themes")
    .select(["id", "title", "opens_at"])
    .where("status", "=", "published")
    .where("closes_at", ">", now)
    .orderBy("closes_at")
    .limit(50)
    .execute();
}

export async function createListing(
  db: Kysely<Database>,
  input: { userId: string; values: ListingInput; now: Date },
): Promise<ListingResult> {
  const { values } = input;
  if (!(await membershipOf(db, values.organizationId, input.userId))) {
    return { ok: false, field: "organizationId", message: "validation.listing.organization" };
  }
  const today = tokyoToday(input.now);
  const limit = sameDateNextYear(today);
  if (values.endsOn < today || values.endsOn > limit) {
    return { ok: false, field: "endsOn", message: "validation.listing.endsOn" };
  }
  if (values.themeId && !(await themesForListings(db, input.now)).some((t) => t.id === values.themeId)) {
    return { ok: false, field: "themeId", message: "validation.listing.theme" };
  }
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("partner_listings")
      .values({
        id,
        organization_id: values.organizationId,
        title: values.title,
        offers: values.offers,
        seeks: values.seeks,
        areas: values.areas,
        fields: values.fields,
        ends_at: endOfTokyoDay(values.endsOn),
        theme_id: values.themeId ?? null,
        created_by: input.userId,
        created_at: input.now,
        updated_at: input.now,
        ...searchColumns(values.title, values.offers, values.seeks),
      })
      .execute();
    await recordAudit(trx, input.userId, "listing.created", ["partner_listing", id]);
  });
  return { ok: true, id };
}

export async function getListing(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("partner_listings")
    .innerJoin("organizations", "organizations.id", "partner_listings.organization_id")
    .leftJoin("themes", (join) =>
      join.onRef("themes.id", "=", "partner_listings.theme_id").on("themes.status", "<>", "draft"),
    )
    .select([
      "partner_listings.id",
      "partner_listings.organization_id",
      "themes.id as theme_id",
      "themes.title as theme_title",
      "partner_listings.title",
      "partner_listings.offers",
      "partner_listings.seeks",
      "partner_listings.areas",
      "partner_listings.fields",
      "partner_listings.ends_at",
      "partner_listings.closed_at",
      "partner_listings.created_at",
      "organizations.name as organization_name",
      "organizations.kind as organization_kind",
      "organizations.verification_status",
    ])
    .where("partner_listings.id", "=", id)
    .executeTakeFirst();
}

export function isListingOpen(listing: { closed_at: Date | null; ends_at: Date }, now: Date): boolean {
  return listing.closed_at === null && listing.ends_at > now;
}

export async function closeListing(db: Kysely<Database>, input: { listingId: string; userId: string; now: Date }) {
  return db.transaction().execute(async (trx) => {
    const listing = await trx
      .selectFrom("partner_listings")
      .select(["organization_id"])
      .where("id", "=", input.listingId)
      .executeTakeFirst();
    if (!listing || !(await membershipOf(trx, listing.organization_id, input.userId))) return false;
    const closed = await trx
      .updateTable("partner_listings")
      .set({ closed_at: input.now, updated_at: input.now })
      .where("id", "=", input.listingId)
      .where("closed_at", "is", null)
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) > 0) {
      await recordAudit(trx, input.userId, "listing.closed", ["partner_listing", input.listingId]);
    }
    return true;
  });
}

export interface BoardFilters {
  kind?: string;
  area?: string;
  field?: string;
  q?: string;
  /** Listings naming this theme. */
  theme?: string;
}

/** Open listings only (not closed by hand, end date not passed). Two queries whatever the data. */
export async function searchListings(
  db: Kysely<Database>,
  filters: BoardFilters,
  now: Date,
  page: number,
  pageSize: number,
) {
  const search = parseSearchQuery(filters.q);
  let base = db
    .selectFrom("partner_listings")
    .innerJoin("organizations", "organizations.id", "partner_listings.organization_id")
    .where("partner_listings.closed_at", "is", null)
    .where("partner_listings.ends_at", ">", now);
  if (filters.kind) base = base.where("organizations.kind", "=", filters.kind as never);
  if (filters.area) base = base.where(sql<boolean>`partner_listings.areas @> array[${filters.area}]::text[]`);
  if (filters.field) base = base.where(sql<boolean>`partner_listings.fields @> array[${filters.field}]::text[]`);
  if (filters.theme) base = base.where("partner_listings.theme_id", "=", filters.theme);
  if (search) {
    if (search.tokens.length) {
      base = base.where(sql<boolean>`partner_listings.search_tokens @> ${sql.val(search.tokens)}::text[]`);
    }
    for (const pattern of search.likePatterns) base = base.where("partner_listings.search_text", "like", pattern);
  }
  const [rows, total] = await Promise.all([
    base
      .select([
        "partner_listings.id",
        "partner_listings.title",
        "partner_listings.seeks",
        "partner_listings.areas",
        "partner_listings.fields",
        "partner_listings.ends_at",
        "organizations.id as organization_id",
        "organizations.name as organization_name",
        "organizations.kind as organization_kind",
      ])
      .orderBy("partner_listings.created_at", "desc")
      .orderBy("partner_listings.id")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

export async function listingsOfOrganization(db: Kysely<Database>, organizationId: string, now: Date) {
  return db
    .selectFrom("partner_listings")
    .select(["id", "title", "ends_at"])
    .where("organization_id", "=", organizationId)
    .where("closed_at", "is", null)
    .where("ends_at", ">", now)
    .orderBy("created_at", "desc")
    .limit(20)
    .execute();
}
