/**
 * Staff's side of a theme's review: which proposals go on to the presentation round and its
 * invitations, proposals flagged for naming their applicants, each proposal's decision, and the
 * release of the results (what applicants then read, and the funded list).
 */
import type { Kysely, Updateable } from "kysely";
import type { Database, ProposalsTable } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { proposalsWithTheme } from "./joins.server";
import type { MailContext } from "./mail-context";
import { notify } from "./notifications.server";
import { proposalOrganizationNames } from "./organization-names.server";
import { createProject } from "./projects.server";
import { excludedFromDeciding } from "./review-conflicts.server";
import { REVIEWABLE } from "./reviews.server";
import { themePhase } from "./theme-rules";

/**
 * Staff change a flag of a reviewable proposal of the theme, audited as `action`; false when the
 * theme holds no such proposal (or, with `twoStagesOnly`, reviews in one round).
 */
async function flagReviewableProposal(
  db: Kysely<Database>,
  input: { themeId: string; proposalId: string; staffId: string; action: string; twoStagesOnly?: boolean },
  set: Updateable<ProposalsTable>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let query = trx
      .updateTable("proposals")
      .set(set)
      .where("id", "=", input.proposalId)
      .where("theme_id", "=", input.themeId)
      .where("status", "in", [...REVIEWABLE]);
    if (input.twoStagesOnly)
      query = query.where((eb) =>
        eb.exists(eb.selectFrom("themes").select("id").where("id", "=", input.themeId).where("review_stages", "=", 2)),
      );
    const updated = await query.returning("id").executeTakeFirst();
    if (!updated) return false;
    await recordAudit(trx, input.staffId, input.action, ["proposal", input.proposalId]);
    return true;
  });
}

/** Staff choose which proposals go on from the paper review to the presentation round. */
export async function setAdvanced(
  db: Kysely<Database>,
  input: { proposalId: string; themeId: string; advanced: boolean; staffId: string },
): Promise<boolean> {
  return flagReviewableProposal(
    db,
    { ...input, action: input.advanced ? "proposal.advanced" : "proposal.unadvanced", twoStagesOnly: true },
    { advanced: input.advanced },
  );
}

/** Marks (or clears) a proposal of the theme whose text names its applicants; audited. */
export async function flagNamesInText(
  db: Kysely<Database>,
  input: { themeId: string; proposalId: string; staffId: string; flagged: boolean; now: Date },
): Promise<boolean> {
  return flagReviewableProposal(
    db,
    { ...input, action: input.flagged ? "proposal.names_flagged" : "proposal.names_unflagged" },
    {
      names_flagged_at: input.flagged ? input.now : null,
      names_flagged_by: input.flagged ? input.staffId : null,
    },
  );
}

/**
 * Tells the applicants of every proposal advanced to the presentation round when and where it is:
 * each member of each organisation on the proposal, by e-mail and notice. A proposal already told
 * of these same arrangements is not told again; a changed time or place is. Audited.
 */
export async function invitePresentations(
  db: Kysely<Database>,
  input: { themeId: string; at: Date; place: string; staffId: string },
  ctx: MailContext,
): Promise<{ ok: true; proposals: number } | { ok: false; problem: "not_two_stage" }> {
  return db.transaction().execute(async (trx) => {
    const theme = await trx
      .updateTable("themes")
      .set({ presentation_at: input.at, presentation_place: input.place })
      .where("id", "=", input.themeId)
      .where("review_stages", "=", 2)
      .where("status", "=", "published")
      .returning(["id", "title"])
      .executeTakeFirst();
    if (!theme) return { ok: false as const, problem: "not_two_stage" as const };
    const arrangements = `${input.at.toISOString()}|${input.place}`;
    const proposals = await trx
      .selectFrom("proposals")
      .select(["id", "title"])
      .where("theme_id", "=", theme.id)
      .where("advanced", "=", true)
      .where("status", "in", [...REVIEWABLE])
      .where((eb) => eb.or([eb("presentation_told", "is", null), eb("presentation_told", "!=", arrangements)]))
      .execute();
    // Written in each reader's language and in Japan time when the notice is read (readableDates).
    const when = input.at.toISOString();
    for (const p of proposals) {
      const people = await applicantMembers(trx, p.id);
      await notify(
        trx,
        people,
        {
          message: "notice.presentationInvitation",
          mail: "presentationInvitation",
          params: { title: p.title, theme: theme.title, when, place: input.place },
          link: `/proposals/${p.id}`,
        },
        ctx,
      );
      await trx.updateTable("proposals").set({ presentation_told: arrangements }).where("id", "=", p.id).execute();
    }
    await recordAudit(trx, input.staffId, "theme.presentations_announced", ["theme", theme.id], {
      at: input.at.toISOString(),
      place: input.place,
      proposals: proposals.length,
    });
    return { ok: true as const, proposals: proposals.length };
  });
}

export async function recordDecision(
  db: Kysely<Database>,
  input: {
    themeId: string;
    proposalId: string;
    staffId: string;
    decision: "funded" | "not_funded";
    amount: number;
    conditions: string;
    feedback: string;
    now: Date;
  },
): Promise<
  { ok: true } | { ok: false; problem: "over_requested" | "over_cap" | "released" | "not_found" | "excluded" }
> {
  return db.transaction().execute(async (trx) => {
    const p = await proposalsWithTheme(trx)
      .select([
        "p.id",
        "p.requested_amount",
        "t.status as theme_status",
        "t.grant_cap_total",
        "t.grant_cap_per_year",
        "t.duration_years",
      ])
      .where("p.id", "=", input.proposalId)
      .where("p.theme_id", "=", input.themeId)
      .where("p.status", "in", [...REVIEWABLE])
      .executeTakeFirst();
    if (!p) return { ok: false as const, problem: "not_found" as const };
    // Staff who belong to an applicant organisation, or declared a conflict, leave the decision to another.
    if (await excludedFromDeciding(trx, input.staffId, p.id))
      return { ok: false as const, problem: "excluded" as const };
    if (p.theme_status !== "published") return { ok: false as const, problem: "released" as const };
    const amount = input.decision === "funded" ? input.amount : 0;
    if (amount > p.requested_amount) return { ok: false as const, problem: "over_requested" as const };
    if (amount > Math.min(p.grant_cap_total, p.grant_cap_per_year * p.duration_years))
      return { ok: false as const, problem: "over_cap" as const };
    const values = {
      decision: input.decision,
      amount,
      conditions: input.conditions,
      feedback: input.feedback,
      decided_by: input.staffId,
      decided_at: input.now,
    };
    await trx
      .insertInto("decisions")
      .values({ proposal_id: p.id, ...values })
      .onConflict((oc) => oc.column("proposal_id").doUpdateSet(values))
      .execute();
    await recordAudit(trx, input.staffId, "proposal.decision_recorded", ["proposal", p.id], {
      decision: input.decision,
      amount,
    });
    return { ok: true as const };
  });
}

/** Every member of every organisation on a proposal: who hears of its result and its presentation. */
function applicantMembers(db: Kysely<Database>, proposalId: string) {
  return db
    .selectFrom("proposal_partners as pp")
    .innerJoin("organization_members as m", "m.organization_id", "pp.organization_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name", "u.locale"])
    .where("pp.proposal_id", "=", proposalId)
    .where("pp.status", "=", "accepted")
    .distinct()
    .execute();
}

/** Proposals awaiting review with no decision yet: release is refused while there are any. */
export function undecidedQuery(db: Kysely<Database>, themeId: string) {
  return db
    .selectFrom("proposals as p")
    .leftJoin("decisions as d", "d.proposal_id", "p.id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("p.theme_id", "=", themeId)
    .where("p.status", "in", ["submitted", "under_review"])
    .where("d.proposal_id", "is", null);
}

export async function undecidedCount(db: Kysely<Database>, themeId: string): Promise<number> {
  const row = await undecidedQuery(db, themeId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One action per theme: every decision becomes visible at once, each member of each applicant
 * organisation is told, the theme lists its funded proposals. Only once (the theme's status).
 */
export async function releaseResults(
  db: Kysely<Database>,
  input: { themeId: string; staffId: string },
  ctx: MailContext,
): Promise<{ ok: true; notified: number } | { ok: false; problem: "missing_decisions" | "not_closed" | "already" }> {
  return db.transaction().execute(async (trx) => {
    const theme = await trx
      .selectFrom("themes")
      .select(["id", "title", "status", "opens_at", "closes_at"])
      .where("id", "=", input.themeId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (theme.status === "results_released") return { ok: false as const, problem: "already" as const };
    if (themePhase(theme, ctx.now) !== "closed") return { ok: false as const, problem: "not_closed" as const };
    const proposals = await trx
      .selectFrom("proposals as p")
      .leftJoin("decisions as d", "d.proposal_id", "p.id")
      .select(["p.id", "p.title", "d.decision", "d.amount"])
      .where("p.theme_id", "=", theme.id)
      .where("p.status", "in", ["submitted", "under_review"])
      .execute();
    if (proposals.some((p) => !p.decision)) return { ok: false as const, problem: "missing_decisions" as const };
    let notified = 0;
    for (const p of proposals) {
      await trx
        .updateTable("proposals")
        .set({ status: p.decision === "funded" ? "funded" : "not_funded", updated_at: ctx.now })
        .where("id", "=", p.id)
        .execute();
      // Each funded proposal becomes a project, its milestones taken from the proposal's schedule.
      if (p.decision === "funded")
        await createProject(trx, { proposalId: p.id, grantAmount: p.amount ?? 0, now: ctx.now });
      const people = await applicantMembers(trx, p.id);
      await notify(
        trx,
        people,
        {
          message: "notice.resultReleased",
          // The subject says which: nobody should have to open the mail to learn the outcome.
          mail: p.decision === "funded" ? "resultFunded" : "resultNotFunded",
          params: { title: p.title, theme: theme.title },
          link: `/proposals/${p.id}`,
        },
        ctx,
      );
      notified += people.length;
    }
    await trx
      .updateTable("themes")
      .set({ status: "results_released", results_released_at: ctx.now, updated_at: ctx.now })
      .where("id", "=", theme.id)
      .execute();
    await recordAudit(trx, input.staffId, "theme.results_released", ["theme", theme.id], {
      proposals: proposals.length,
    });
    return { ok: true as const, notified };
  });
}

/** After release: the decision and feedback an applicant may read (never scores or reviewers). */
export async function releasedDecision(db: Kysely<Database>, proposalId: string) {
  return db
    .selectFrom("decisions as d")
    .innerJoin("proposals as p", "p.id", "d.proposal_id")
    .select(["d.decision", "d.amount", "d.conditions", "d.feedback"])
    .where("d.proposal_id", "=", proposalId)
    .where("p.status", "in", ["funded", "not_funded"])
    .executeTakeFirst();
}

export async function fundedProposals(db: Kysely<Database>, themeId: string) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("decisions as d", "d.proposal_id", "p.id")
    .select(["p.id", "p.title", "d.amount", proposalOrganizationNames("p.id").as("organizations")])
    .where("p.theme_id", "=", themeId)
    .where("p.status", "=", "funded")
    .orderBy("p.receipt_number")
    .execute();
}
