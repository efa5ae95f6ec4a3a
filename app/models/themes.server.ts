/**
 * A theme: written and corrected by staff with its criteria, published (and announced to the
 * subscribers it matches), archived. Its lists are in theme-lists.server.ts, its questions and
 * answers in theme-questions.server.ts, the rules of its phases in theme-rules.ts.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database, ThemesTable } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { enqueueMail } from "./mail.server";
import type { MailContext } from "./mail-context";
import { addNotices, notify } from "./notifications.server";
import { reviewTotal } from "./review-rules";
import { searchColumns } from "./search";
import { unsubscribeUrl } from "./subscriptions.server";
import type { CriterionInput } from "./theme-rules";
import type { ThemeInput } from "./theme-schemas";

function columnsFrom(input: ThemeInput) {
  return {
    course_id: input.courseId,
    title: input.title,
    summary: input.summary,
    background: input.background,
    expectations: input.expectations,
    department: input.department,
    contact: input.contact,
    fields: input.fields,
    grant_cap_per_year: input.grantCapPerYear,
    grant_cap_total: input.grantCapTotal,
    subsidy_rate_percent: input.subsidyRatePercent,
    duration_years: input.durationYears,
    awards_planned: input.awardsPlanned,
    reserved_slots: input.reservedSlots,
    reserved_for_kind: input.reservedSlots > 0 ? (input.reservedForKind ?? null) : null,
    required_kinds: input.requiredKinds,
    min_organizations: input.minOrganizations,
    declaration: input.declaration,
    opens_at: input.opensAt,
    closes_at: input.closesAt,
    review_stages: input.reviewStages ?? 1,
    hide_names: input.hideNames ?? false,
    min_reviewers: input.minReviewers ?? 2,
  };
}

/** What `/themes` searches by keyword: the text a theme shows (kept apart from the audited fields). */
export function themeSearchColumns(
  theme: Pick<ThemeInput, "title" | "summary" | "background" | "expectations" | "department">,
) {
  return searchColumns(theme.title, theme.summary, theme.background, theme.expectations, theme.department);
}

/** The stored review totals follow the criteria (the ranking reads them). */
async function recomputeReviewTotals(db: Kysely<Database>, themeId: string) {
  const criteria = (
    await db
      .selectFrom("theme_criteria")
      .select(["id", "weight", "max_score"])
      .where("theme_id", "=", themeId)
      .execute()
  ).map((c) => ({ id: c.id, weight: c.weight, maxScore: c.max_score }));
  const reviews = await db
    .selectFrom("reviews as r")
    .select(["r.id", "r.scores"])
    .where("r.theme_id", "=", themeId)
    .execute();
  if (reviews.length === 0) return;
  await sql`update reviews set total = v.total
    from unnest(${reviews.map((r) => r.id)}::text[], ${reviews.map((r) => reviewTotal(criteria, r.scores))}::float8[]) as v(id, total)
    where reviews.id = v.id`.execute(db);
}

/**
 * The theme's criteria as the form lists them. Each keeps its id in its place: reviews store their
 * scores by criterion id, so correcting a criterion's wording after reviews began must not orphan
 * them (a new id for every row made every total 0). Rows past the new end are removed.
 */
async function saveCriteria(db: Kysely<Database>, themeId: string, criteria: CriterionInput[]) {
  const existing = await db
    .selectFrom("theme_criteria")
    .select("id")
    .where("theme_id", "=", themeId)
    .orderBy("position")
    .execute();
  for (const [i, c] of criteria.entries()) {
    const values = { name: c.name, description: c.description, weight: c.weight, max_score: c.maxScore };
    if (existing[i]) await db.updateTable("theme_criteria").set(values).where("id", "=", existing[i].id).execute();
    else
      await db
        .insertInto("theme_criteria")
        .values({ id: randomUUID(), theme_id: themeId, position: i + 1, ...values })
        .execute();
  }
  if (existing.length > criteria.length)
    await db
      .deleteFrom("theme_criteria")
      .where(
        "id",
        "in",
        existing.slice(criteria.length).map((c) => c.id),
      )
      .execute();
}

export async function courses(db: Kysely<Database>) {
  return db.selectFrom("courses").selectAll().orderBy("position").execute();
}

export async function createTheme(
  db: Kysely<Database>,
  input: { staffId: string; values: ThemeInput; criteria: CriterionInput[]; now: Date },
) {
  return db.transaction().execute(async (trx) => {
    const id = randomUUID();
    await trx
      .insertInto("themes")
      .values({
        id,
        ...columnsFrom(input.values),
        ...themeSearchColumns(input.values),
        created_by: input.staffId,
        created_at: input.now,
        updated_at: input.now,
      })
      .execute();
    await saveCriteria(trx, id, input.criteria);
    await recordAudit(trx, input.staffId, "theme.created", ["theme", id]);
    return id;
  });
}

/**
 * Saves on the version the editor started from; every saved change of a theme is audited by field.
 * Moving a published theme's deadline tells those who were told of the theme and every team with
 * a draft for it, in the same transaction.
 */
export async function updateTheme(
  db: Kysely<Database>,
  input: {
    themeId: string;
    staffId: string;
    values: ThemeInput;
    criteria: CriterionInput[];
    expectedVersion: number;
    now: Date;
  },
  ctx: MailContext,
): Promise<
  { ok: true } | { ok: false; problem: "stale"; currentVersion: number } | { ok: false; problem: "not_found" }
> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("themes")
      .selectAll()
      .where("id", "=", input.themeId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return { ok: false as const, problem: "not_found" as const };
    if (before.version !== input.expectedVersion) {
      return { ok: false as const, problem: "stale" as const, currentVersion: before.version };
    }
    const after = columnsFrom(input.values);
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
      (key) => JSON.stringify(after[key]) !== JSON.stringify(before[key as keyof ThemesTable]),
    );
    await trx
      .updateTable("themes")
      .set({ ...after, ...themeSearchColumns(input.values), version: before.version + 1, updated_at: input.now })
      .where("id", "=", input.themeId)
      .execute();
    await saveCriteria(trx, input.themeId, input.criteria);
    await recomputeReviewTotals(trx, input.themeId);
    await recordAudit(trx, input.staffId, "theme.updated", ["theme", input.themeId], {
      changed,
      status: before.status,
    });
    if (before.status === "published" && after.closes_at.getTime() !== before.closes_at.getTime()) {
      await notify(
        trx,
        await deadlineAudience(trx, input.themeId),
        {
          message: "notice.deadlineChanged",
          mail: "deadlineChanged",
          params: { title: after.title, closes: after.closes_at.toISOString() },
          link: `/themes/${input.themeId}`,
        },
        ctx,
      );
    }
    return { ok: true as const };
  });
}

/** Who must hear that a theme's deadline moved: those told of the theme, and every member of a team with a draft. */
function deadlineAudience(db: Kysely<Database>, themeId: string) {
  const announced = db.selectFrom("theme_announcements").select("user_id").where("theme_id", "=", themeId);
  const drafting = db
    .selectFrom("proposals as p")
    .innerJoin("proposal_partners as pp", "pp.proposal_id", "p.id")
    .innerJoin("organization_members as m", "m.organization_id", "pp.organization_id")
    .select("m.user_id")
    .where("p.theme_id", "=", themeId)
    .where("p.status", "=", "draft")
    .where("pp.status", "=", "accepted");
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "locale"])
    .where("id", "in", announced.union(drafting))
    .orderBy("id")
    .execute();
}

export async function getTheme(db: Kysely<Database>, id: string) {
  const theme = await db
    .selectFrom("themes")
    .innerJoin("courses", "courses.id", "themes.course_id")
    .selectAll("themes")
    .select([
      "courses.name_ja as course_name_ja",
      "courses.name_en as course_name_en",
      "courses.short_name as course_short_name",
    ])
    .where("themes.id", "=", id)
    .executeTakeFirst();
  if (!theme) return null;
  const criteria = await db
    .selectFrom("theme_criteria")
    .selectAll()
    .where("theme_id", "=", id)
    .orderBy("position")
    .execute();
  return { ...theme, criteria };
}

/**
 * Publishes a draft and tells every subscriber whose fields or courses match, once: the
 * announcement rows (primary key theme + person) and the e-mails are written in the same
 * transaction as the status change, so a retried or interrupted publish never tells anyone twice.
 */
export async function publishTheme(
  db: Kysely<Database>,
  input: { themeId: string; staffId: string },
  ctx: MailContext & { secret: string },
): Promise<{ ok: true; announced: number } | { ok: false; problem: "not_draft" }> {
  return db.transaction().execute(async (trx) => {
    const theme = await trx
      .updateTable("themes")
      .set({ status: "published", published_at: ctx.now, updated_at: ctx.now })
      .where("id", "=", input.themeId)
      .where("status", "=", "draft")
      .returning(["id", "title", "course_id", "fields", "closes_at"])
      .executeTakeFirst();
    if (!theme) return { ok: false as const, problem: "not_draft" as const };
    await recordAudit(trx, input.staffId, "theme.published", ["theme", theme.id]);

    const fresh = await trx
      .insertInto("theme_announcements")
      .columns(["theme_id", "user_id"])
      .expression(
        trx
          .selectFrom("subscriptions")
          .innerJoin("users", "users.id", "subscriptions.user_id")
          .select([sql.lit(theme.id).as("theme_id"), "subscriptions.user_id"])
          .where("users.email_verified_at", "is not", null)
          .where((eb) =>
            eb.or([
              eb.and([eb("subscriptions.kind", "=", "course"), eb("subscriptions.value", "=", theme.course_id)]),
              eb.and([
                eb("subscriptions.kind", "=", "field"),
                eb("subscriptions.value", "=", eb.fn.any(sql<string[]>`${sql.val(theme.fields)}::text[]`)),
              ]),
            ]),
          )
          .distinct(),
      )
      .onConflict((oc) => oc.doNothing())
      .returning("user_id")
      .execute();
    if (fresh.length === 0) return { ok: true as const, announced: 0 };
    const people = await trx
      .selectFrom("users")
      .select(["id", "email", "name", "locale"])
      .where(
        "id",
        "in",
        fresh.map((f) => f.user_id),
      )
      .execute();
    await addNotices(
      trx,
      people.map((p) => p.id),
      { message: "notice.themePublished", params: { title: theme.title }, link: `/themes/${theme.id}` },
    );
    for (const person of people) {
      await enqueueMail(trx, person.email, "theme-published", {
        locale: person.locale,
        name: person.name,
        title: theme.title,
        closesAt: theme.closes_at.toISOString(),
        url: `${ctx.publicUrl}/themes/${theme.id}`,
        unsubscribeUrl: unsubscribeUrl(ctx.publicUrl, person.id, ctx.secret),
      });
    }
    return { ok: true as const, announced: people.length };
  });
}

export async function archiveTheme(db: Kysely<Database>, input: { themeId: string; staffId: string; now: Date }) {
  return db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable("themes")
      .set({ status: "archived", updated_at: input.now })
      .where("id", "=", input.themeId)
      .where("status", "!=", "archived")
      .returning("id")
      .executeTakeFirst();
    if (done) await recordAudit(trx, input.staffId, "theme.archived", ["theme", input.themeId]);
    return done !== undefined;
  });
}
