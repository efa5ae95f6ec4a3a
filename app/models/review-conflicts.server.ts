/**
 * Who must not meet which proposal in review: a reviewer who belongs to an organisation on it, or
 * declared a conflict with it (exclusions), and staff in the same position, who leave its decision
 * to another (excludedFromDeciding). Conflicts are declared here, and those a membership gives are
 * written down before the membership ends so they outlive it.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";

/**
 * Writes down the conflicts a person's membership of an organisation gives them (they review a
 * theme one of its proposals is on) before the membership ends, so the conflict outlives it: a
 * reviewer cannot leave an applicant to review it. Only themes still in their call or review count.
 */
export async function keepMembershipConflicts(
  db: Kysely<Database>,
  input: { userId: string; organizationId: string },
): Promise<void> {
  await db
    .insertInto("review_conflicts")
    .columns(["proposal_id", "reviewer_id", "reason", "kind"])
    .expression((eb) =>
      eb
        .selectFrom("proposal_partners as pp")
        .innerJoin("proposals as p", "p.id", "pp.proposal_id")
        .innerJoin("themes as t", "t.id", "p.theme_id")
        .innerJoin("theme_reviewers as r", (join) =>
          join.onRef("r.theme_id", "=", "p.theme_id").on("r.user_id", "=", input.userId),
        )
        .innerJoin("organizations as o", "o.id", "pp.organization_id")
        .select(["pp.proposal_id", "r.user_id", "o.name", eb.val("membership").as("kind")])
        .where("pp.organization_id", "=", input.organizationId)
        .where("pp.status", "=", "accepted")
        .where("t.status", "=", "published"),
    )
    .onConflict((oc) => oc.columns(["proposal_id", "reviewer_id"]).doNothing())
    .execute();
}

/** The (reviewer, proposal) pairs that must not meet (see exclusions), as one query others can build on. */
export function exclusionPairs(db: Kysely<Database>, themeIds: string[], reviewerId?: string) {
  return db
    .selectFrom("proposal_partners as pp")
    .innerJoin("proposals as p", "p.id", "pp.proposal_id")
    .innerJoin("organization_members as m", "m.organization_id", "pp.organization_id")
    .innerJoin("theme_reviewers as r", (join) =>
      join.onRef("r.user_id", "=", "m.user_id").onRef("r.theme_id", "=", "p.theme_id"),
    )
    .innerJoin("organizations as o", "o.id", "pp.organization_id")
    .select([
      "pp.proposal_id",
      "p.receipt_number",
      "m.user_id as reviewer_id",
      "o.name as reason",
      sql<boolean>`false`.as("declared"),
    ])
    .where("p.theme_id", "in", themeIds)
    .where("pp.status", "=", "accepted")
    .$if(reviewerId !== undefined, (q) => q.where("m.user_id", "=", reviewerId ?? ""))
    .unionAll(
      db
        .selectFrom("review_conflicts as c")
        .innerJoin("proposals as p", "p.id", "c.proposal_id")
        .select([
          "c.proposal_id",
          "p.receipt_number",
          "c.reviewer_id",
          "c.reason",
          sql<boolean>`c.kind = 'declared'`.as("declared"),
        ])
        .where("p.theme_id", "in", themeIds)
        .$if(reviewerId !== undefined, (q) => q.where("c.reviewer_id", "=", reviewerId ?? "")),
    );
}

/**
 * Pairs of (reviewer, proposal) that must not meet: the reviewer belongs to an organisation on
 * the proposal (computed from current membership), or declared a conflict.
 */
export async function exclusions(db: Kysely<Database>, themeId: string) {
  const rows = await exclusionPairs(db, [themeId]).execute();

  return rows.map((e) => ({
    proposalId: e.proposal_id,
    receipt: e.receipt_number,
    reviewerId: e.reviewer_id,
    reason: e.reason,
    declared: e.declared,
  }));
}

/** A conflict can be declared until the review is submitted; a submitted review is final. */
export async function declareConflict(
  db: Kysely<Database>,
  input: { proposalId: string; reviewerId: string; reason: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const reviews = await trx
      .selectFrom("reviews")
      .select("status")
      .where("proposal_id", "=", input.proposalId)
      .where("reviewer_id", "=", input.reviewerId)
      .forUpdate()
      .execute();
    if (reviews.some((r) => r.status === "submitted")) return false;
    await trx
      .insertInto("review_conflicts")
      .values({ proposal_id: input.proposalId, reviewer_id: input.reviewerId, reason: input.reason })
      .onConflict((oc) => oc.columns(["proposal_id", "reviewer_id"]).doUpdateSet({ reason: input.reason }))
      .execute();
    await trx
      .deleteFrom("reviews")
      .where("proposal_id", "=", input.proposalId)
      .where("reviewer_id", "=", input.reviewerId)
      .execute();
    await recordAudit(trx, input.reviewerId, "review.conflict_declared", ["proposal", input.proposalId]);
    return true;
  });
}

/** A member of an organisation on the proposal, or someone who declared a conflict with it. */
export async function excludedFromDeciding(db: Kysely<Database>, userId: string, proposalId: string) {
  const row = await excludedFromDecidingQuery(db, userId, proposalId).executeTakeFirstOrThrow();
  return Boolean(row.excluded);
}

/** The rule of excludedFromDeciding as a query of one boolean, to run or to nest in another. */
export function excludedFromDecidingQuery(db: Kysely<Database>, userId: string, proposalId: string) {
  return db.selectNoFrom((eb) =>
    eb
      .or([
        eb.exists(
          eb
            .selectFrom("proposal_partners as pp")
            .innerJoin("organization_members as m", "m.organization_id", "pp.organization_id")
            .select("pp.proposal_id")
            .where("pp.proposal_id", "=", proposalId)
            .where("pp.status", "=", "accepted")
            .where("m.user_id", "=", userId),
        ),
        eb.exists(
          eb
            .selectFrom("review_conflicts as c")
            .select("c.proposal_id")
            .where("c.proposal_id", "=", proposalId)
            .where("c.reviewer_id", "=", userId),
        ),
      ])
      .as("excluded"),
  );
}
