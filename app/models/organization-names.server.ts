import { sql } from "kysely";

/**
 * A proposal's accepted organisations on one line, lead first ("A、B"): lists, exports, pages.
 * A module of its own, importing nothing of ours, so every model can use it whatever order the
 * models load in.
 */
export const proposalOrganizationNames = (proposalIdColumn: string) =>
  sql<string>`(select string_agg(o.name, '、' order by pp.role, pp.invited_at) from proposal_partners pp join organizations o on o.id = pp.organization_id where pp.proposal_id = ${sql.ref(proposalIdColumn)} and pp.status = 'accepted')`;
