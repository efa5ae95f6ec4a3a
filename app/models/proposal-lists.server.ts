/**
 * Lists of proposals: a member's own (and those their organisations are invited to), and a theme's
 * for staff with the count in each status.
 */
import type { Kysely } from "kysely";
import type { Database, ProposalStatus } from "../../db/schema";
import { proposalOrganizationNames } from "./organization-names.server";

/** What every list names a proposal by: its title, state and receipt number. */
const PROPOSAL_HEADLINE = ["p.id", "p.title", "p.status", "p.receipt_number"] as const;

export async function proposalsOfUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("proposal_partners as pp", "pp.proposal_id", "p.id")
    .innerJoin("organization_members as m", (join) =>
      join.onRef("m.organization_id", "=", "pp.organization_id").on("m.user_id", "=", userId),
    )
    .innerJoin("themes as t", "t.id", "p.theme_id")
    .innerJoin("organizations as lead", "lead.id", "p.lead_organization_id")
    .select([
      ...PROPOSAL_HEADLINE,
      "p.updated_at",
      "pp.status as partner_status",
      "t.title as theme_title",
      "lead.name as lead_name",
    ])
    .where("pp.status", "in", ["accepted", "invited"])
    .distinctOn("p.id")
    .orderBy("p.id")
    .orderBy("pp.status")
    .limit(100)
    .execute();
}

export interface StaffProposalFilters {
  status?: ProposalStatus;
}

/** Staff list for a theme: one query for the rows (partners aggregated), one for the counts. */
export async function proposalsForTheme(db: Kysely<Database>, themeId: string, filters: StaffProposalFilters) {
  let rows = db
    .selectFrom("proposals as p")
    .innerJoin("organizations as lead", "lead.id", "p.lead_organization_id")
    .select([
      ...PROPOSAL_HEADLINE,
      "p.requested_amount",
      "p.submitted_at",
      "lead.name as lead_name",
      proposalOrganizationNames("p.id").as("organizations"),
    ])
    .where("p.theme_id", "=", themeId)
    .orderBy("p.receipt_number")
    .orderBy("p.created_at");
  if (filters.status) rows = rows.where("p.status", "=", filters.status);
  const [list, counts] = await Promise.all([
    rows.limit(2000).execute(),
    db
      .selectFrom("proposals")
      .select(["status", (eb) => eb.fn.countAll<number>().as("count")])
      .where("theme_id", "=", themeId)
      .groupBy("status")
      .execute(),
  ]);
  return {
    list,
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.count)])) as Partial<
      Record<ProposalStatus, number>
    >,
  };
}
