import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

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
